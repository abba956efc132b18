/**
 * Removes credentials from a platform's payload before it is stored with the event: any key that
 * names a token, secret, password, API key, auth header or signature is dropped, at any depth.
 * Platforms echo their own configuration back (Vapi's phone-number object carries the Twilio
 * auth token), and a debug copy must never be the place a secret leaks from.
 *
 * @example redactCredentials({ a: 1, twilioAuthToken: 'x', nested: [{ api_key: 'y' }] }) // { a: 1, nested: [{}] }
 */
export function redactCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (isCredentialKey(key)) continue;
    out[key] = redactCredentials(inner);
  }
  return out;
}

// Compared on the key with separators removed and lower-cased, so `api_key`, `apiKey`,
// `X-Api-Key` and `twilioAuthToken` all match; `tokens_used` style counters are kept.
const CREDENTIAL = /(token|secret|password|passwd|apikey|authorization|credential|credentials|signature|privatekey|secretkey|accesskey|signingkey)$|^(auth|cookie|setcookie)$/;

function isCredentialKey(key: string): boolean {
  return CREDENTIAL.test(key.replace(/[-_\s.]/g, '').toLowerCase());
}
