/**
 * A value as a JSON parameter for Postgres. PostgreSQL's jsonb cannot hold the NUL
 * character (`\u0000`), which user data may contain: it is dropped from strings, otherwise a
 * single event or step output would fail its whole batch.
 */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? JSON.stringify(value, withoutNul) : json;
}

function withoutNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replaceAll('\u0000', '') : value;
}
