import { isRecord } from '../util/is-record';

/**
 * Arguments that satisfy a simple JSON Schema object, for an in-call function's test runs, its
 * variable picker and the example call the editor shows: each property's `examples`, `default`,
 * `const` or first `enum` value, else a value of its type that keeps its `minimum`, its
 * `pattern` (when one of a few common shapes fits) and its `format`. Shared, so the engine's
 * sample and the editor's example call are the same arguments.
 *
 * @example sampleArguments({ type: 'object', properties: { amount: { type: 'number', minimum: 1 } } }) // { amount: 1 }
 */
export function sampleArguments(schema: unknown, options: SampleOptions = {}): Record<string, unknown> {
  const sample = sampleOf(schema, 0, options.regExp ?? nativeRegExp);
  return isRecord(sample) ? sample : {};
}

export interface SampleOptions {
  /**
   * Compiles a `pattern`, or null when it cannot. The engine passes a linear-time engine, since
   * a user's pattern must not run in V8's backtracking one on the server; the native one (the
   * default) is the editor's, where only the author's own tab would wait.
   */
  regExp?: (pattern: string) => { test(text: string): boolean } | null;
}

type RegExpOf = NonNullable<SampleOptions['regExp']>;

function sampleOf(schema: unknown, depth: number, regExpOf: RegExpOf): unknown {
  if (!isRecord(schema) || depth > 4) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('default' in schema) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((candidate) => candidate !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleOf(property, depth + 1, regExpOf)]));
    }
    case 'array':
      // One item shows the shape; none when the items say nothing.
      return isRecord(schema.items) && Object.keys(schema.items).length > 0 ? [sampleOf(schema.items, depth + 1, regExpOf)] : [];
    case 'number':
    case 'integer':
      return sampleNumber(schema, type === 'integer');
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema, regExpOf);
    default:
      return null;
  }
}

function sampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  if (typeof schema.minimum === 'number') return integer ? Math.ceil(schema.minimum) : schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') return Math.floor(schema.exclusiveMinimum) + 1;
  if (typeof schema.maximum === 'number' && schema.maximum < 1) return integer ? Math.floor(schema.maximum) : schema.maximum;
  return 1;
}

const FORMAT_SAMPLES: Record<string, string> = {
  date: '2026-11-25',
  'date-time': '2026-11-25T10:30:00Z',
  time: '10:30:00Z',
  email: 'alex@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  uuid: '3f2b8c1e-5d4a-4f6b-9c7d-2e1a0b9c8d7f',
};

/** Shapes a `pattern` often asks for: a word, digits (codes, OTPs), a reference, a phone number. */
const PATTERN_CANDIDATES = ['text', '123456', '1234', 'REF-20481', 'ABC123', 'ABC', '+14155551234', 'a', '1'];

function sampleString(schema: Record<string, unknown>, regExpOf: RegExpOf): string {
  if (typeof schema.format === 'string' && FORMAT_SAMPLES[schema.format]) return FORMAT_SAMPLES[schema.format]!;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const fits = (text: string) => text.length >= min && text.length <= max;
  const pattern = typeof schema.pattern === 'string' ? regExpOf(schema.pattern) : null;
  if (pattern) {
    const found = PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate) && fits(candidate));
    if (found) return found;
  }
  const text = 'text'.padEnd(min, 'x');
  return Number.isFinite(max) ? text.slice(0, max) : text;
}

/** A `pattern` as JavaScript reads it (JSON Schema patterns are ECMA-262 with Unicode), or null. */
function nativeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}
