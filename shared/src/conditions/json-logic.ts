import jsonLogic from 'json-logic-js';
import { FORBIDDEN_SEGMENTS, readPath } from '../util/read-path';

/**
 * The json-logic operators conditions may use. Everything else is refused before evaluation,
 * including json-logic's dotted "operation.path" calls and custom operations added elsewhere.
 */
export const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
  'var', 'missing', 'missing_some',
  'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%',
  'map', 'filter', 'reduce', 'all', 'none', 'some', 'merge',
  'in', 'cat', 'substr',
]);

/**
 * `var` reading own data only: a path through `__proto__`, `constructor` or `prototype`, or
 * into an inherited member, resolves like a missing value (the default, else null).
 */
function safeVar(this: unknown, path?: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === null || path === '') return this;
  const segments = String(path).split('.');
  if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) return notFound;
  const value = readPath(this, segments);
  return value === undefined || typeof value === 'function' ? notFound : value;
}

// json-logic-js is one shared instance per process, so hardening it here protects every user.
// `method` calls arbitrary methods on values (gone from 2.x, removed again in case an older copy
// is resolved); `log` writes to the console; `var` is replaced by the guarded reader above.
jsonLogic.rm_operation('method');
jsonLogic.rm_operation('log');
jsonLogic.add_operation('var', safeVar);

/** The hardened json-logic instance (internal: use `evaluateCondition`). */
export { jsonLogic };
