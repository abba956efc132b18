import type { AuditActor, AuditEntry } from '@switchboard/shared';

/** The actions the engine records, for the filter; a prefix with a dot (`flow.`) matches a whole kind. */
export const AUDIT_ACTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'All actions' },
  { value: 'flow.', label: 'Flows: all' },
  { value: 'flow.publish', label: 'Flow published' },
  { value: 'flow.unpublish', label: 'Flow unpublished' },
  { value: 'flow.create', label: 'Flow created' },
  { value: 'flow.import', label: 'Flow imported' },
  { value: 'flow.delete', label: 'Flow deleted' },
  { value: 'connection.', label: 'Connections: all' },
  { value: 'connection.create', label: 'Connection created' },
  { value: 'connection.update', label: 'Connection changed' },
  { value: 'connection.delete', label: 'Connection deleted' },
  { value: 'run.', label: 'Runs: all' },
  { value: 'run.retry', label: 'Run retried' },
  { value: 'run.cancel', label: 'Run cancelled' },
  { value: 'api_key.', label: 'API keys: all' },
  { value: 'api_key.create', label: 'API key created' },
  { value: 'api_key.revoke', label: 'API key revoked' },
  { value: 'member.', label: 'Members: all' },
  { value: 'member.invite', label: 'Member invited' },
  { value: 'member.join', label: 'Member joined' },
  { value: 'member.role', label: 'Member role changed' },
  { value: 'member.remove', label: 'Member removed' },
  { value: 'member.uninvite', label: 'Invitation withdrawn' },
  { value: 'workspace.', label: 'Workspace: all' },
];

/** How a target's kind reads in a sentence. */
const KIND_LABELS: Readonly<Record<string, string>> = { api_key: 'API key' };

/** The query string of `GET /api/audit` for the page's filters (empty ones left out). */
export function auditQuery(filters: { action: string; actor: string }, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.action) query.set('action', filters.action);
  if (filters.actor.trim()) query.set('actor', filters.actor.trim());
  return query.toString();
}

/** Who acted, as a person reads it: `API key "Deploy bot"`, or a person's name and address (the address alone when they have no name). */
export function actorLabel(actor: AuditActor): string {
  return actor.kind === 'api_key' ? `API key “${actor.name}”` : actor.name ? `${actor.name} (${actor.email})` : actor.email;
}

/** What it was done to: its name when it has one, else its kind and id. */
export function targetLabel(target: AuditEntry['target']): string {
  const kind = Object.hasOwn(KIND_LABELS, target.kind) ? KIND_LABELS[target.kind]! : target.kind;
  return target.name ? `${kind} “${target.name}”` : `${kind} ${target.id.slice(0, 8)}`;
}

/** Where the target opens in the editor, when it has a page. */
export function targetHref(entry: AuditEntry): string | null {
  if (entry.target.kind === 'flow' && entry.action !== 'flow.delete') return `#/flows/${encodeURIComponent(entry.target.id)}`;
  if (entry.target.kind === 'connection' && entry.action !== 'connection.delete') return '#/connections';
  if (entry.target.kind === 'api_key' && entry.action !== 'api_key.revoke') return '#/api-keys';
  if (entry.target.kind === 'member' && entry.action !== 'member.remove' && entry.action !== 'member.uninvite') return '#/members';
  return null;
}
