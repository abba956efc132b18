/** Path segments that would reach an object's prototype machinery instead of its data. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Follows `segments` through own properties only, so a template or condition can read data
 * but never inherited members (`toString`, `__proto__`, …). Undefined when any step is missing.
 *
 * @example readPath({ a: { b: [1, 2] } }, ['a', 'b', '1']) // 2
 */
export function readPath(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || current === undefined || FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    // Object() lets primitives answer own properties too ("abc".length, "abc"[0]).
    const holder: object = Object(current);
    if (!Object.prototype.hasOwnProperty.call(holder, segment)) return undefined;
    current = (holder as Record<string, unknown>)[segment];
  }
  return current;
}
