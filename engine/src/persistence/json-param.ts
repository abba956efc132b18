/**
 * Values as JSON parameters for Postgres, made storable first. PostgreSQL's `jsonb` refuses
 * the NUL character (`\u0000`) and a lone UTF-16 surrogate (`\ud800` without its pair), both
 * of which user data and remote answers may contain: a value that jsonb refuses would fail its
 * whole write (and a step write that fails is retried, re-running its side effect). Both are
 * replaced by U+FFFD, in strings and in object keys.
 *
 * The hot path pays one `JSON.stringify` and one linear scan of its text: a copy is made only
 * when the scan finds something to replace.
 */

/** The replacement character put in place of a NUL or a lone surrogate. */
export const REPLACEMENT = '\uFFFD';

/**
 * The JSON text of a stored step value (its output, rendered input, error, warnings) is kept
 * to this many characters; a larger value is stored truncated, with a note saying what was cut.
 */
export const STORED_VALUE_MAX_CHARS = 256 * 1024;

/**
 * What `JSON.stringify` writes for a NUL (`\u0000`) or a lone surrogate (well-formed stringify
 * escapes those as `\udXXX`; a valid pair is written as itself). A user string holding a literal
 * backslash-u text matches too (`\\ud800`): that only costs the slow path, which changes nothing.
 */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f])/i;
/** A NUL, or a surrogate that is not half of a pair. */
const UNSTORABLE_CHAR = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** True when JSON text from `JSON.stringify` holds a NUL or a lone surrogate (`includes` first: most text has no escape at all). */
function unstorable(json: string): boolean {
  return json.includes('\\u') && UNSTORABLE_ESCAPE.test(json);
}

/** `value` as JSON for a query parameter, NULs and lone surrogates replaced. */
export function jsonParam(value: unknown): string {
  const json = JSON.stringify(value);
  return json !== undefined && unstorable(json) ? JSON.stringify(storableCopy(value)) : json;
}

/** `text` with NULs and lone surrogates replaced by U+FFFD (the same string when there are none). */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE_CHAR, REPLACEMENT);
}

/**
 * An array of rows as one JSON parameter (for `json_to_recordset`), each row made storable and
 * each of its `capped` fields kept to `maxChars` of JSON. A row whose fields were cut gets a
 * warning appended to its `warningsField` (an array of strings), so the run view shows it.
 * A batch already small and clean is stringified once and not copied; in a larger one, only
 * the rows that are too large or unclean are copied.
 */
export function jsonRowsParam(
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { capped: readonly string[]; maxChars?: number; warningsField?: string },
): string {
  const maxChars = options.maxChars ?? STORED_VALUE_MAX_CHARS;
  // The common batch: clean and, all rows together, within the cap (so each row is). One
  // stringify of the batch costs about half as much as one per row, joined.
  const whole = JSON.stringify(rows);
  if (whole.length <= maxChars && !unstorable(whole)) return whole;
  const parts = rows.map((row) => {
    const json = JSON.stringify(row);
    if (json.length <= maxChars && !unstorable(json)) return json;
    const copy = storableCopy(row) as Record<string, unknown>;
    const cut: string[] = [];
    for (const field of options.capped) {
      const capped = capValue(copy[field], maxChars);
      if (capped.cutChars === 0) continue;
      copy[field] = capped.value;
      cut.push(`${field} (${capped.originalChars} characters of JSON, ${capped.cutChars} cut)`);
    }
    if (cut.length > 0 && options.warningsField) {
      const warnings = Array.isArray(copy[options.warningsField]) ? (copy[options.warningsField] as unknown[]) : [];
      copy[options.warningsField] = [...warnings, `stored truncated to ${maxChars} characters: ${cut.join(', ')}`];
    }
    return JSON.stringify(copy);
  });
  return `[${parts.join(',')}]`;
}

/** A deep copy of a JSON value with NULs and lone surrogates replaced in every string and key. */
export function storableCopy(value: unknown): unknown {
  // toJSON (dates, StepErrors) and dropped values (undefined, functions) as JSON.stringify sees them.
  return JSON.parse(JSON.stringify(value) ?? 'null', (_key, parsed: unknown) => {
    if (typeof parsed === 'string') return storableText(parsed);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return parsed;
    const entries = Object.entries(parsed);
    if (!entries.some(([key]) => storableText(key) !== key)) return parsed;
    return Object.fromEntries(entries.map(([key, inner]) => [storableText(key), inner]));
  });
}

/** How a value was kept within the cap. */
export interface CappedValue {
  value: unknown;
  originalChars: number;
  /** 0 when the value was within the cap and is returned as it was. */
  cutChars: number;
}

/**
 * Keeps a JSON value within `maxChars` of JSON text: first the longest strings are shortened
 * (each ends with a note saying how much of it was cut), so the value keeps its shape; when
 * its structure alone is too large, it is replaced by `{ truncated, note, preview }`, the
 * preview being the beginning of its JSON text.
 */
export function capValue(value: unknown, maxChars: number = STORED_VALUE_MAX_CHARS): CappedValue {
  const json = JSON.stringify(value) ?? 'null';
  if (json.length <= maxChars) return { value, originalChars: json.length, cutChars: 0 };
  const lengths: number[] = [];
  collectStringLengths(value, lengths);
  lengths.sort((a, b) => b - a);
  // Water-filling: the longest strings are cut down to one limit, chosen so that the cuts
  // remove the excess (with room for the notes); tried again lower when escapes made it miss.
  let excess = json.length - maxChars;
  for (let round = 0; round < 4 && lengths.length > 0; round++) {
    const limit = limitRemoving(lengths, excess + NOTE_ROOM * lengths.length);
    if (limit < MIN_KEPT_STRING) break;
    const shortened = shortenStrings(value, limit);
    const text = JSON.stringify(shortened);
    if (text.length <= maxChars) return { value: shortened, originalChars: json.length, cutChars: json.length - text.length };
    excess += text.length - maxChars;
  }
  const note = `the value was ${json.length} characters of JSON, over the ${maxChars} stored; only its beginning is kept in preview`;
  const preview = json.slice(0, Math.max(0, maxChars - note.length - 200));
  return { value: { truncated: true, note, preview }, originalChars: json.length, cutChars: json.length - preview.length };
}

/** Characters a truncation note takes, at most. */
const NOTE_ROOM = 80;
/** Below this, shortening strings would leave nothing useful: the value is summarised instead. */
const MIN_KEPT_STRING = 256;

function collectStringLengths(value: unknown, into: number[]): void {
  if (typeof value === 'string') into.push(value.length);
  else if (Array.isArray(value)) for (const item of value) collectStringLengths(item, into);
  else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) collectStringLengths(inner, into);
}

/** The largest length limit such that cutting every string (sorted longest first) to it removes at least `remove` characters. */
function limitRemoving(sortedDesc: number[], remove: number): number {
  let removedAbove = 0;
  for (let i = 0; i < sortedDesc.length; i++) {
    // Cutting the i+1 longest down to the next length removes removedAbove + (i+1) * (current - next).
    const current = sortedDesc[i]!;
    const next = sortedDesc[i + 1] ?? 0;
    const removable = removedAbove + (i + 1) * (current - next);
    if (removable >= remove) return Math.floor(current - (remove - removedAbove) / (i + 1));
    removedAbove = removable;
  }
  return 0;
}

function shortenStrings(value: unknown, limit: number): unknown {
  if (typeof value === 'string') {
    if (value.length <= limit) return value;
    // Never split a surrogate pair at the cut.
    let end = limit;
    if (/[\ud800-\udbff]/.test(value[end - 1] ?? '')) end -= 1;
    return `${value.slice(0, end)}… [truncated: ${value.length - end} of ${value.length} characters cut]`;
  }
  if (Array.isArray(value)) return value.map((item) => shortenStrings(item, limit));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shortenStrings(inner, limit)]));
  return value;
}
