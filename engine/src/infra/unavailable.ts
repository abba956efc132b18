/**
 * Whether an error means that Postgres or Redis cannot be reached or cannot take writes right
 * now — a condition that passes — rather than a bug or data that will never be stored. Jobs
 * failing so are put back without spending an attempt; requests failing so answer 503.
 */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Postgres SQLSTATE: connection exceptions, insufficient resources (disk full, too many
    // connections), operator intervention (shutdown, cannot connect now, statement timeout),
    // and a read-only transaction (a standby after a failover).
    if (/^(08|53|57)/.test(code) || code === '25006') return true;
    // Node's socket errors, from pg and ioredis alike.
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  }
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return /Connection terminated|timeout exceeded when trying to connect|Connection is closed|Command timed out|not queryable|Stream isn't writeable|connect ETIMEDOUT|Client was closed/i.test(error.message);
}
