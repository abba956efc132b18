import type { Role } from './accounts';
import { ROLES } from './accounts';

/**
 * The one rule of which role a route needs (Fastify's pattern, `METHOD /api/…`): `null` for
 * routes any signed-in person may call without a workspace role (who am I, my workspaces,
 * signing in and out). The engine enforces it on every request of a session; the editor asks it
 * to show only what a member may do.
 *
 * - `owner`: the workspace itself (`PATCH /api/workspace`).
 * - `admin`: connections, API keys, members, the audit log, the queue board, erasing a customer.
 * - `editor`: every other change: flows (drafts, publishing, tests), runs, events, the sandbox,
 *   tasks and alerts, conversations, webhook deliveries, campaigns, contacts' tags and attributes.
 * - `viewer`: reading, and saying that one has a flow open (presence).
 */
export function requiredRole(method: string, path: string): Role | null {
  if (path === '/api/me' || path === '/api/workspaces' || path.startsWith('/api/auth/')) return null;
  const reads = method === 'GET' || method === 'HEAD';
  if (path === '/api/workspace') return reads ? 'viewer' : 'owner';
  if (under(path, '/api/api-keys') || path === '/api/audit' || path === '/api/admin/queues/link') return 'admin';
  if (reads) return 'viewer';
  // Testing a connection and syncing its templates change no setting: an editor building a flow may.
  if (path === '/api/connections/:id/test' || path === '/api/connections/:id/templates/sync') return 'editor';
  // Tagging a contact or importing contacts is everyday work (flows do it too); erasing one is not.
  if (path === '/api/contacts/:phone' && method === 'DELETE') return 'admin';
  if (under(path, '/api/connections') || under(path, '/api/members')) return 'admin';
  if (path === '/api/flows/:id/presence') return 'viewer';
  return 'editor';
}

/** Whether `role` is `needed` or stronger. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** Whether a member with `role` may call `method path` (the pattern). */
export function roleAllows(role: Role, method: string, path: string): boolean {
  const needed = requiredRole(method, path);
  return needed === null || roleAtLeast(role, needed);
}

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
