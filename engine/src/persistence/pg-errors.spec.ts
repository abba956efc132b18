import { describe, expect, it } from 'vitest';
import { isDataError, isUnavailable } from './pg-errors';

const pgError = (code: string) => Object.assign(new Error('refused'), { code });

describe('Postgres errors by what a retry would do', () => {
  it('takes data exceptions, constraint violations and program limits for data errors', () => {
    for (const code of ['22P02', '22P05', '22023', '23505', '23514', '54000']) expect(isDataError(pgError(code)), code).toBe(true);
    for (const code of ['08006', '57P01', '53100', '25006', '40001', 'ECONNREFUSED']) expect(isDataError(pgError(code)), code).toBe(false);
    expect(isDataError(new Error('Connection terminated unexpectedly'))).toBe(false);
  });

  it('takes lost connections, shutdowns, a full disk and a read-only failover for unavailability', () => {
    for (const code of ['08006', '57P01', '57014', '53100', '25006', '40P01', 'ECONNREFUSED', 'ETIMEDOUT']) expect(isUnavailable(pgError(code)), code).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['22P02', '23505', '42703', 'P0001']) expect(isUnavailable(pgError(code)), code).toBe(false);
    expect(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
  });
});
