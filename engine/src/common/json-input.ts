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

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate (an unpaired \\ud800–\\udfff escape)';
  return null;
}
