/** The longest excerpt of a remote answer a message or an error's details may carry. */
export const REMOTE_EXCERPT_MAX = 120;

/** How much of a remote answer is looked at: far more than is shown, so a cut never halves a secret that is then shown. */
const SCAN_CHARS = 2_000;

/** Fields where JSON APIs put a human-readable error (OpenAI and Graph `error.message`, Heltar `errorMessage`, RFC 7807 `detail`). */
const MESSAGE_PATHS: ReadonlyArray<readonly string[]> = [
  ['error', 'message'],
  ['error', 'error_user_msg'],
  ['errorMessage'],
  ['message'],
  ['error_description'],
  ['detail'],
  ['title'],
  ['error'],
  ['errors', '0', 'message'],
  ['msg'],
];

const MASKS: ReadonlyArray<readonly [RegExp, string | ((match: string) => string)]> = [
  // `Bearer abc…`, `Basic abc…`, `token abc…` as a header value or in prose.
  [/\b(bearer|basic|token)(\s+)[^\s"',;]{4,}/gi, '$1$2***'],
  // key=value, "key": "value", key: value, where the name says it is a secret.
  [/((?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|token|secret|password|passwd|pwd|signature|authorization|auth|session|cookie)["']?\s*[:=]\s*["']?)(?!(?:bearer|basic)\s)[^\s"',;&}]{2,}/gi, '$1***'],
  // JSON Web Tokens.
  [/\beyJ[\w-]{6,}\.[\w-]{6,}(?:\.[\w-]*)?/g, '***'],
  // Vendor-style keys: sk-…, EAA… (Meta), xox… (Slack), ghp_… (GitHub).
  [/\b(?:sk|pk|rk)-[\w-]{8,}|\bEAA[A-Za-z0-9]{12,}|\bxox[abprs]-[\w-]{8,}|\bgh[pousr]_[A-Za-z0-9]{16,}/g, '***'],
  // Long hex runs (keys, hashes), and long base64url runs with letters and digits (a path or a
  // long word is neither: `/` splits the run and a word has no digits).
  [/\b[0-9a-f]{24,}\b/gi, '***'],
  [/[A-Za-z0-9+_-]{32,}={0,2}/g, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? '***' : run)],
];

/**
 * A short, safe excerpt of what a remote service answered, for a message or an error's
 * details: the service's own error message when the body has one (`error.message`,
 * `errorMessage`, `detail`, …), else the text; control characters and line breaks collapsed
 * to one space, obvious secrets (bearer tokens, `token=…`, JWTs, long hex or base64 runs)
 * masked as `***`, at most 120 characters. '' for an empty answer.
 *
 * @example remoteExcerpt({ error: { message: 'Invalid token EAAB…', code: 190 } }) // 'Invalid token ***'
 * @example remoteExcerpt('<html>\n<body>Bad gateway</body>') // '<html> <body>Bad gateway</body>'
 */
export function remoteExcerpt(body: unknown, max: number = REMOTE_EXCERPT_MAX): string {
  const text = messageOf(body);
  if (text === '') return '';
  let clean = text.slice(0, SCAN_CHARS).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  for (const [pattern, replacement] of MASKS) clean = typeof replacement === 'string' ? clean.replace(pattern, replacement) : clean.replace(pattern, replacement);
  if (clean.length <= max && text.length <= SCAN_CHARS) return clean;
  return `${clean.slice(0, max - 1).trimEnd()}…`;
}

function messageOf(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (typeof body !== 'object') return String(body);
  for (const path of MESSAGE_PATHS) {
    const value = readPath(body, path);
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  try {
    return JSON.stringify(body) ?? '';
  } catch {
    return '';
  }
}

function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
