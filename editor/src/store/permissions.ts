import { roleAllows, type ApiKeyScope, type MeView, type Role } from '@switchboard/shared';

/**
 * What the session may do, to show only that: a member's role in the tab's workspace, or an
 * API key's scopes. The engine decides (it answers 403); the editor asks the same rules
 * (`roleAllows` from shared, the key scopes as the engine reads them) so a button that would
 * be refused is disabled and says why instead.
 */
export interface Access {
  role: Role | null;
  scopes: readonly ApiKeyScope[] | null;
}

export const NO_ACCESS: Access = { role: null, scopes: null };

export function accessOf(me: MeView | null): Access {
  if (!me) return NO_ACCESS;
  if (me.apiKey) return { role: null, scopes: me.apiKey.scopes };
  return { role: me.role, scopes: null };
}

/** The operations an `events:write` key may call (the engine's `scopeAllows`). */
const EVENTS_WRITE_OPERATIONS = new Set(['POST /api/events', 'POST /api/functions/:name/invoke']);

function scopeAllows(scopes: readonly ApiKeyScope[], method: string, path: string): boolean {
  if (scopes.includes('admin')) return true;
  if (path === '/api/api-keys' || path.startsWith('/api/api-keys/')) return false;
  if (scopes.includes('read') && (method === 'GET' || method === 'HEAD')) return true;
  return scopes.includes('events:write') && EVENTS_WRITE_OPERATIONS.has(`${method} ${path}`);
}

/**
 * Whether the session may call `method path` (the contract's pattern, `/api/flows/:id/publish`).
 *
 * @example allows({ role: 'viewer', scopes: null }, 'POST', '/api/flows/:id/publish') // false
 */
export function allows(access: Access, method: string, path: string): boolean {
  if (access.role) return roleAllows(access.role, method, path);
  if (access.scopes) return scopeAllows(access.scopes, method, path);
  return false;
}

const ROLE_PLURALS: Record<Role, string> = { viewer: 'Viewers', editor: 'Editors', admin: 'Admins', owner: 'Owners' };

/**
 * Why a button is disabled, as its title says it ("Viewers can't publish"); undefined when the
 * session may do it. `doing` completes "… can't ___".
 *
 * @example refusal({ role: 'viewer', scopes: null }, 'POST', '/api/flows/:id/publish', 'publish') // "Viewers can't publish"
 */
export function refusal(access: Access, method: string, path: string, doing: string): string | undefined {
  if (allows(access, method, path)) return undefined;
  if (access.role) return `${ROLE_PLURALS[access.role]} can't ${doing}`;
  if (access.scopes) return `This API key can't ${doing}`;
  return `Sign in to ${doing}`;
}

/** A role as the members page and the workspace menu name it. */
export const ROLE_LABELS: Record<Role, string> = { viewer: 'Viewer', editor: 'Editor', admin: 'Admin', owner: 'Owner' };

/** The roles `inviter` may give (the engine's rule): an owner, or an admin API key, any; an admin any but owner; others none. */
export function assignableRoles(inviter: Access): Role[] {
  if (inviter.role === 'owner' || (inviter.role === null && inviter.scopes?.includes('admin'))) return ['viewer', 'editor', 'admin', 'owner'];
  if (inviter.role === 'admin') return ['viewer', 'editor', 'admin'];
  return [];
}
