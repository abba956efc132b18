/**
 * Mapping a WhatsApp template's placeholders to values: positional templates (`{{1}}`, `{{2}}`)
 * store a list, named ones (`{{first_name}}`) an object, as `whatsapp.send_template` expects.
 */

/** What the mapping needs to know of a template (`GET /api/connections/:id/templates`). */
export interface TemplateShape {
  parameterFormat: 'positional' | 'named';
  /** Placeholder names in order: `['1', '2', '3']` or `['first_name', …]`. */
  parameters: readonly string[];
}

export type StoredParameters = string[] | Record<string, string>;

export interface ParameterRow {
  /** The placeholder as written in the body, without braces: `1`, `first_name`. */
  placeholder: string;
  value: string;
}

export type BodySegment = { kind: 'text'; text: string } | { kind: 'placeholder'; text: string; name: string };

/**
 * A template body split into text and placeholders, for highlighting.
 *
 * @example bodySegments('Hi {{1}}!') // [{ kind: 'text', text: 'Hi ' }, { kind: 'placeholder', text: '{{1}}', name: '1' }, { kind: 'text', text: '!' }]
 */
export function bodySegments(body: string): BodySegment[] {
  const segments: BodySegment[] = [];
  const pattern = /\{\{\s*([^{}]+?)\s*\}\}/g;
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(body)) !== null) {
    if (match.index > last) segments.push({ kind: 'text', text: body.slice(last, match.index) });
    segments.push({ kind: 'placeholder', text: match[0], name: match[1] });
    last = match.index + match[0].length;
  }
  if (last < body.length) segments.push({ kind: 'text', text: body.slice(last) });
  return segments;
}

/** Placeholder names of a body in order of first use, for templates listed without `parameters`. */
export function placeholdersOf(body: string): string[] {
  const names: string[] = [];
  for (const segment of bodySegments(body)) if (segment.kind === 'placeholder' && !names.includes(segment.name)) names.push(segment.name);
  const positional = names.length > 0 && names.every((name) => /^\d+$/.test(name));
  return positional ? names.sort((a, b) => Number(a) - Number(b)) : names;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** The stored value of a placeholder, whichever shape was stored (a list by position, an object by name). */
function valueFor(stored: unknown, template: TemplateShape, index: number): string {
  const name = template.parameters[index];
  if (Array.isArray(stored)) return text(stored[index]);
  if (stored && typeof stored === 'object') {
    const record = stored as Record<string, unknown>;
    return text(name in record ? record[name] : template.parameterFormat === 'positional' ? record[String(index + 1)] : undefined);
  }
  return '';
}

/**
 * One row per placeholder of the template, with its stored value.
 *
 * @example parameterRows(['{{trigger.customer.name}}'], { parameterFormat: 'positional', parameters: ['1', '2'] })
 *          // [{ placeholder: '1', value: '{{trigger.customer.name}}' }, { placeholder: '2', value: '' }]
 */
export function parameterRows(stored: unknown, template: TemplateShape): ParameterRow[] {
  return template.parameters.map((placeholder, index) => ({ placeholder, value: valueFor(stored, template, index) }));
}

/**
 * The stored parameters reshaped to the template: a list of exactly as many values for a
 * positional template, an object with exactly its names for a named one; values kept by
 * position or name.
 */
export function fitParameters(stored: unknown, template: TemplateShape): StoredParameters {
  const rows = parameterRows(stored, template);
  if (template.parameterFormat === 'named') return Object.fromEntries(rows.map((row) => [row.placeholder, row.value]));
  return rows.map((row) => row.value);
}

/** The parameters with `value` for `placeholder`, fitted to the template. */
export function setParameter(stored: unknown, template: TemplateShape, placeholder: string, value: string): StoredParameters {
  const fitted = fitParameters(stored, template);
  if (Array.isArray(fitted)) {
    const index = template.parameters.indexOf(placeholder);
    return index < 0 ? fitted : fitted.map((old, i) => (i === index ? value : old));
  }
  return { ...fitted, [placeholder]: value };
}

/** How many values are stored, whatever the shape. */
export function storedCount(stored: unknown): number {
  if (Array.isArray(stored)) return stored.length;
  if (stored && typeof stored === 'object') return Object.keys(stored).length;
  return 0;
}

/**
 * Why the stored parameters do not fit the template (the send would fail with
 * `TEMPLATE_PARAMS_MISMATCH`), or null.
 *
 * @example parameterMismatch(['a'], { parameterFormat: 'positional', parameters: ['1', '2'] }) // 'The template has 2 placeholders but 1 value is set.'
 */
export function parameterMismatch(stored: unknown, template: TemplateShape): string | null {
  const expected = template.parameters.length;
  const count = storedCount(stored);
  const placeholders = `${expected} placeholder${expected === 1 ? '' : 's'}`;
  if (template.parameterFormat === 'named' && Array.isArray(stored) && count > 0) {
    return `The template uses named placeholders but the values are stored as a list.`;
  }
  if (template.parameterFormat === 'named' && stored && typeof stored === 'object' && !Array.isArray(stored)) {
    const unknown = Object.keys(stored).filter((key) => !template.parameters.includes(key));
    if (unknown.length > 0) return `The template has no placeholder ${unknown.map((key) => `{{${key}}}`).join(', ')}.`;
  }
  if (count !== expected) return `The template has ${placeholders} but ${count} value${count === 1 ? ' is' : 's are'} set.`;
  return null;
}

/** Placeholders whose value is empty: the message would show a blank there. */
export function emptyPlaceholders(stored: unknown, template: TemplateShape): string[] {
  return parameterRows(stored, template)
    .filter((row) => row.value.trim() === '')
    .map((row) => row.placeholder);
}
