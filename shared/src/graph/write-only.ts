/**
 * What the API shows in place of a write-only value stored in a flow graph (the webhook
 * trigger's `secret`): the value is set, and stays as it is when a save sends this back.
 * Anything else replaces it; leaving the field out removes it.
 */
export const SECRET_SET_MARKER = '[set: stored encrypted]';

/** Whether a config value is the marker of a stored write-only value, e.g. `isSecretSet(config.secret)`. */
export function isSecretSet(value: unknown): boolean {
  return value === SECRET_SET_MARKER;
}
