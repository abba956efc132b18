import type { ApiKeyScope } from '@switchboard/shared';

/**
 * The operations an `events:write` key may call besides nothing else: sending events, and
 * invoking a flow's function (what a voice platform calls mid-call, with a key that should be
 * able to do no more).
 */
const EVENTS_WRITE_OPERATIONS = new Set(['POST /api/events', 'POST /api/functions/:name/invoke']);

/** Operations only an `admin` key may call, although they read: the keys themselves. */
const ADMIN_ONLY_PREFIXES = ['/api/api-keys'];

/**
 * Whether a key with `scopes` may call `method path` (Fastify's route pattern): the one rule of
 * what a scope allows. `admin` everything; `read` the GET (and HEAD) routes but the keys';
 * `events:write` the operations above.
 */
export function scopeAllows(scopes: readonly ApiKeyScope[], method: string, path: string): boolean {
  if (scopes.includes('admin')) return true;
  if (ADMIN_ONLY_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  if (scopes.includes('read') && (method === 'GET' || method === 'HEAD')) return true;
  return scopes.includes('events:write') && EVENTS_WRITE_OPERATIONS.has(`${method} ${path}`);
}
