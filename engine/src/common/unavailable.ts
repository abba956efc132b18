/**
 * Which errors mean "a dependency cannot do this now" (Postgres or Redis unreachable, out of
 * disk, read-only, shutting down, too slow) rather than "this request or our code is wrong".
 * The first kind is answered 503 with Retry-After: retried later, the same request succeeds.
 * The second stays a 500 that someone must look at.
 */
export type Dependency = 'postgres' | 'redis';

/**
 * SQLSTATEs (whole classes by their first two characters) that say Postgres cannot store or
 * answer now, whatever the statement. Left out on purpose: integrity (23), data (22) and
 * syntax or undefined objects (42, except 42501) — those are bugs or bad input.
 */
const POSTGRES_UNAVAILABLE_CLASSES = new Set([
  '08', // connection exception
  '53', // insufficient resources: disk full (53100), out of memory, too many connections
  '57', // operator intervention: admin/crash shutdown, cannot connect now, statement timeout (57014)
  '58', // system error: I/O error (58030)
]);
const POSTGRES_UNAVAILABLE_CODES = new Set([
  '25006', // read-only SQL transaction: a hot standby after a failover, default_transaction_read_only
  '40001', // serialization failure: contention, retrying succeeds
  '40P01', // deadlock detected: idem
  '55P03', // lock not available (lock_timeout)
  '55006', // object in use
  '42501', // insufficient privilege: an operator revoked writes (a database put in read-only mode); not the request's fault
]);

/** Node's socket errors, from either client. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/** What node-postgres says when it loses or cannot get a connection (it gives these no code). */
const POSTGRES_CLIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Cannot use a pool after calling end',
];

/** ioredis' own failures, and Redis replies that mean "not now" (a replica after failover, loading, out of memory, a failing disk). */
const REDIS_CLIENT_MESSAGES = ['Command timed out', 'Connection is closed', "Stream isn't writeable", 'Reached the max retries per request limit'];
const REDIS_REPLY_PREFIXES = ['READONLY', 'LOADING', 'MASTERDOWN', 'OOM', 'MISCONF', 'CLUSTERDOWN', 'TRYAGAIN', 'BUSY', 'NOREPLICAS'];

/** Where the engine's Postgres and Redis listen, to tell their socket errors from those of any other server. */
export type Endpoints = Partial<Record<Dependency, { port: number }>>;

/** The endpoints of a Postgres and a Redis URL. */
export function endpointsOf(urls: { postgres?: string; redis?: string }): Endpoints {
  const port = (url: string | undefined, fallback: number) => {
    if (!url) return undefined;
    try {
      return { port: Number(new URL(url).port || fallback) };
    } catch {
      return undefined;
    }
  };
  return { postgres: port(urls.postgres, 5432), redis: port(urls.redis, 6379) };
}

/** Whether `error` means Postgres or Redis cannot do the work now (see `unavailableDependency`). */
export function isUnavailable(error: unknown, endpoints: Endpoints = {}): boolean {
  return unavailableDependency(error, endpoints) !== null;
}

/** The dependency that made `error` happen when it is one that cannot do the work now; null for any other error. */
export function unavailableDependency(error: unknown, endpoints: Endpoints = {}): Dependency | null {
  const seen = new Set<unknown>();
  const visit = (value: unknown): Dependency | null => {
    if (!value || typeof value !== 'object' || seen.has(value)) return null;
    seen.add(value);
    const found = classify(value as ErrorLike, endpoints);
    if (found) return found;
    const { driverError, cause, errors, lastNodeError, previousErrors } = value as ErrorLike;
    for (const inner of [driverError, cause, lastNodeError, ...(Array.isArray(errors) ? errors : []), ...(Array.isArray(previousErrors) ? previousErrors : [])]) {
      const dependency = visit(inner);
      if (dependency) return dependency;
    }
    return null;
  };
  return visit(error);
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  port?: unknown;
  severity?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
  lastNodeError?: unknown;
  previousErrors?: unknown;
  command?: unknown;
}

function classify(error: ErrorLike, endpoints: Endpoints): Dependency | null {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  const name = typeof error.name === 'string' ? error.name : '';
  // A Postgres server error carries a five-character SQLSTATE (and a severity).
  if (/^[0-9A-Z]{5}$/.test(code) && (error.severity !== undefined || name === 'QueryFailedError' || name === 'DatabaseError')) {
    return POSTGRES_UNAVAILABLE_CODES.has(code) || POSTGRES_UNAVAILABLE_CLASSES.has(code.slice(0, 2)) ? 'postgres' : null;
  }
  if (name === 'ReplyError') return REDIS_REPLY_PREFIXES.some((prefix) => message.startsWith(prefix)) ? 'redis' : null;
  if (name === 'MaxRetriesPerRequestError' || REDIS_CLIENT_MESSAGES.some((text) => message.includes(text))) return 'redis';
  if (POSTGRES_CLIENT_MESSAGES.some((text) => message.includes(text))) return 'postgres';
  // A socket error names the port it failed on: ours, or some other server's (a provider's, an SMTP server's).
  if (NETWORK_CODES.has(code) && typeof error.port === 'number') {
    if (endpoints.postgres?.port === error.port) return 'postgres';
    if (endpoints.redis?.port === error.port) return 'redis';
  }
  return null;
}
