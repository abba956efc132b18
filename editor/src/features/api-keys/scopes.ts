import type { ApiKeyScope } from '../../api/types';

/** The scopes a key may have, in the order the form offers them, with what each allows. */
export const SCOPE_CHOICES: ReadonlyArray<{ scope: ApiKeyScope; label: string; description: string }> = [
  { scope: 'admin', label: 'Admin', description: 'Everything, including managing API keys.' },
  { scope: 'read', label: 'Read', description: 'Read-only: every GET route (flows, runs, conversations…).' },
  { scope: 'events:write', label: 'Send events', description: 'Only POST /api/events and function invokes — for a voice platform or a CRM.' },
];

/** The scopes as a list reads them: "Admin", "Read, Send events". */
export function scopeSummary(scopes: readonly string[]): string {
  return scopes.map((scope) => SCOPE_CHOICES.find((choice) => choice.scope === scope)?.label ?? scope).join(', ');
}

/** `scopes` with `scope` switched on or off, in the form's order. */
export function toggleScope(scopes: readonly ApiKeyScope[], scope: ApiKeyScope, on: boolean): ApiKeyScope[] {
  const next = new Set(scopes);
  if (on) next.add(scope);
  else next.delete(scope);
  return SCOPE_CHOICES.map((choice) => choice.scope).filter((candidate) => next.has(candidate));
}
