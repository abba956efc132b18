/**
 * Postgres errors by what they say about a retry. A statement refused for its data (SQLSTATE
 * class 22 "data exception", 23 "integrity constraint violation", 54 "program limit exceeded",
 * e.g. a value jsonb cannot hold or a row too large) fails the same way every time; anything
 * else — no SQLSTATE at all (ECONNREFUSED, a reset, a client timeout), class 08 (connection),
 * 57 (shutdown, statement timeout), 53 (disk full, out of memory), 25006 (a read-only replica
 * after failover), 40 (serialization, deadlock) — may pass once the database is back.
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

/**
 * True when the error says Postgres or Redis could not be reached or could not take the
 * statement now (connection refused or lost, a timeout, shutdown, disk full, a read-only
 * failover, a serialization conflict): the work should be tried again later without counting
 * against it. Anything else is the work's own failure.
 */
export function isUnavailable(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return UNAVAILABLE_CLASSES.has(state.slice(0, 2)) || UNAVAILABLE_STATES.has(state);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  // pg-pool, pg and ioredis report a lost or unobtainable connection without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Client has encountered a connection error|MaxRetriesPerRequest/i.test(message);
}

const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '40']);
const UNAVAILABLE_STATES = new Set(['25006']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
