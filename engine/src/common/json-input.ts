import type { FieldProblem } from './api-error';
import { fieldPath } from './validation';

/** Deeper JSON than this is refused: no document of ours nests so deep, and deep input only costs. */
export const MAX_JSON_DEPTH = 64;
/** Keys that name an object's prototype machinery, refused in API bodies. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first reason a parsed JSON body of the API cannot be taken as it is — too deep, a key that
 * names the prototype, a NUL character or a lone UTF-16 surrogate in a key or a string (which
 * PostgreSQL's text and jsonb refuse; unless `checkText` is false) — with the field it is in;
 * null when there is none.
 * Iterative, so 100,000 nested arrays cost a loop, not the stack.
 */
export function jsonInputProblem(body: unknown, options: { checkText?: boolean } = {}): FieldProblem | null {
  const checkText = options.checkText ?? true;
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = checkText ? textProblem(value) : null;
      if (problem) return { field: fieldPath(path), message: problem };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) return { field: fieldPath(path), message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (PROTOTYPE_KEYS.has(key)) return { field: fieldPath([...path, key]), message: `"${key}" is not allowed as a key` };
      const problem = checkText ? textProblem(key) : null;
      if (problem) return { field: fieldPath(path), message: `a key ${problem}` };
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}

/**
 * A provider's webhook is taken whatever it holds (refusing it would only make the provider
 * deliver it again and again): NUL characters and lone surrogates become U+FFFD. Returns the
 * same value when nothing needed replacing.
 */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return (isStorableText(value) ? value : value.replace(/\u0000/g, '\uFFFD').toWellFormed()) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = storableJson(item);
      changed ||= next !== item;
      return next;
    });
    return (changed ? items : value) as T;
  }
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const nextKey = storableJson(key);
    const next = storableJson(item);
    changed ||= next !== item || nextKey !== key;
    return [nextKey, next] as const;
  });
  return (changed ? Object.fromEntries(entries) : value) as T;
}

function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape)';
  return null;
}
