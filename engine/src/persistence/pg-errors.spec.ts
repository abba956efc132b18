import { describe, expect, it } from 'vitest';
import { isDataError } from './pg-errors';

const pgError = (code: string) => Object.assign(new Error('refused'), { code });

describe('Postgres errors by what a retry would do', () => {
  it('takes data exceptions, constraint violations and program limits for data errors', () => {
    for (const code of ['22P02', '22P05', '22023', '23505', '23514', '54000']) expect(isDataError(pgError(code)), code).toBe(true);
    for (const code of ['08006', '57P01', '53100', '25006', '40001', 'ECONNREFUSED']) expect(isDataError(pgError(code)), code).toBe(false);
    expect(isDataError(new Error('Connection terminated unexpectedly'))).toBe(false);
  });

});
