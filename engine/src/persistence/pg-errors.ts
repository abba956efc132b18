/**
 * A statement Postgres refused for its data (SQLSTATE class 22 "data exception", 23 "integrity
 * constraint violation", 54 "program limit exceeded", e.g. a value jsonb cannot hold or a row
 * too large) fails the same way every time. (What may pass once the database is back is
 * `isUnavailable` in common/unavailable.ts.)
 */
export function isDataError(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && DATA_CLASSES.has(code.slice(0, 2));
}

const DATA_CLASSES = new Set(['22', '23', '54']);

/** The SQLSTATE of a `pg` error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
