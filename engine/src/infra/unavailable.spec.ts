import { describe, expect, it } from 'vitest';
import { isUnavailable } from './unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it('takes connection, resource and shutdown failures of Postgres and Redis as passing', () => {
    for (const code of ['08006', '08001', '53100', '53300', '57P01', '57P03', '57014', '25006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) expect(isUnavailable(withCode(code)), code).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isUnavailable(new Error('Connection is closed.'))).toBe(true);
    expect(isUnavailable(Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
  });

  it('does not take bad data or bugs for an outage', () => {
    for (const code of ['22P05', '23505', '42P01', '22021', '40001']) expect(isUnavailable(withCode(code)), code).toBe(false);
    expect(isUnavailable(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isUnavailable('ECONNREFUSED')).toBe(false);
  });
});
