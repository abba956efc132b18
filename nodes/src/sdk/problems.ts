import type { z } from 'zod';

/** One problem of a node's config; `field` is the path inside the config (`to`, `branches[0].key`, `retry.attempts`). */
export interface ConfigProblem {
  field: string;
  message: string;
}

/** `['branches', 0, 'key']` → `branches[0].key`; the config as a whole is `''`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((field, key) => {
    if (typeof key === 'number') return `${field}[${key}]`;
    return field === '' ? String(key) : `${field}.${String(key)}`;
  }, '');
}

/** Every issue of a failed parse as a problem, its path prefixed by `prefix` (a path inside the config). */
export function problemsOf(error: z.ZodError, prefix: readonly PropertyKey[] = []): ConfigProblem[] {
  return error.issues.map((issue) => ({ field: fieldPath([...prefix, ...issue.path]), message: friendlyMessage(issue.message) }));
}

const TYPE_WORDS: Record<string, string> = { string: 'text', number: 'a number', boolean: 'yes or no', array: 'a list', object: 'a group of fields' };

/** zod's type messages in words a no-code user reads ("Invalid input: expected string, received undefined" → "This field is required"). */
export function friendlyMessage(message: string): string {
  const match = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (!match) return message;
  const [, expected, received] = match as unknown as [string, string, string];
  if (received === 'undefined') return 'This field is required';
  return `Expected ${TYPE_WORDS[expected] ?? expected} here, not ${TYPE_WORDS[received] ?? received}`;
}
