import { isRecord } from '../util/is-record';
import { readPath } from '../util/read-path';
import { hasTags, parseTemplate, type TemplateToken } from './parse-template';

/** How rendered values are escaped: `none` for WhatsApp and text, `html` for email bodies. */
export interface RenderOptions {
  escape?: 'none' | 'html';
}

/** A rendered value and the names of the variables that did not resolve (deduplicated). */
export interface RenderResult<T = string> {
  value: T;
  warnings: string[];
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes a value for HTML text and quoted attributes. Unlike Mustache's own escaping it keeps
 * `/` and `=`, so a `{{conversation_url}}` in an `href` stays a readable link in the mail source.
 */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}
const keepAsIs = (text: string): string => text;

interface RenderState {
  /** Escapes a value; `before` is everything rendered ahead of it (a URL value is encoded by where it lands). */
  escape: (text: string, before: string) => string;
  warnings: Set<string>;
}

/**
 * Renders a mustache template against the run context. Unresolved variables render empty and
 * are listed in `warnings`; objects and arrays render as JSON; functions are never called.
 * Throws `StepError('CONFIG_INVALID')` when the template itself is malformed (see `checkTemplate`).
 *
 * @example renderTemplate('Hi {{trigger.customer.name}}', ctx) // { value: 'Hi Alex', warnings: [] }
 */
export function renderTemplate(template: string, context: object, options: RenderOptions = {}): RenderResult {
  if (!hasTags(template)) return { value: template, warnings: [] };
  const state: RenderState = { escape: options.escape === 'html' ? escapeHtml : keepAsIs, warnings: new Set() };
  const value = renderTokens(parseTemplate(template), [context], state);
  return { value, warnings: [...state.warnings] };
}

/**
 * Renders every string inside a nested value (object values and array items; keys stay as they are).
 *
 * @example renderDeep({ to: '{{customer_number}}', parameters: ['{{customer_name}}'] }, ctx)
 */
export function renderDeep<T>(value: T, context: object, options: RenderOptions = {}): RenderResult<T> {
  const warnings = new Set<string>();
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') {
      const rendered = renderTemplate(item, context, options);
      for (const warning of rendered.warnings) warnings.add(warning);
      return rendered.value;
    }
    if (Array.isArray(item)) return item.map(walk);
    // fromEntries defines own properties, so a `__proto__` key stays data instead of a prototype.
    if (isRecord(item) && isPlainObject(item)) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, walk(v)]));
    return item;
  };
  return { value: walk(value) as T, warnings: [...warnings] };
}

/** A URL rendered so far that has not reached its path yet: nothing, or `scheme://` and part of the host. */
const BEFORE_PATH = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)?$/;

/** Percent-encodes a value once it lands in a URL's path, query or fragment; the scheme and host part stays as rendered. */
function encodeUrlValue(text: string, before: string): string {
  return BEFORE_PATH.test(before) ? text : encodeURIComponent(text);
}

/**
 * Renders a URL: each `{{value}}` in the path, query or fragment is percent-encoded
 * (`encodeURIComponent`), so a value with `/`, `?`, `#` or `..` stays one segment or one
 * parameter value instead of changing where the request goes. A value that starts the URL (a
 * whole URL in one variable, `{{base_url}}/leads`) or sits in the host is taken as it is, and
 * so is a triple mustache `{{{path}}}`, the explicit way to insert several segments.
 *
 * @example renderUrl('https://crm.example.com/leads/{{id}}?q={{q}}', { id: '../admin', q: 'a&b' }) // …/leads/..%2Fadmin?q=a%26b
 */
export function renderUrl(template: string, context: object): RenderResult {
  if (!hasTags(template)) return { value: template, warnings: [] };
  const state: RenderState = { escape: encodeUrlValue, warnings: new Set() };
  const value = renderTokens(parseTemplate(template), [context], state);
  return { value, warnings: [...state.warnings] };
}

/** A string that is one variable and nothing else: `{{steps.fetch.body}}`. */
const WHOLE_VARIABLE = /^\{\{\s*([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)\s*\}\}$/;

/** Stands for the n-th `{{…}}` that sits outside a JSON string while a JSON template is parsed. */
const SLOT = '\u0000slot:';

/** A JSON template's structure: its value with each `{{…}}` that stands outside a string as a slot (`"\u0000slot:n"`), and the slots' templates. */
export interface JsonTemplate {
  value: unknown;
  slots: string[];
}

/**
 * Parses a JSON body template: each `{{…}}` standing alone as a value (`{"count": {{n}}}`) is
 * a slot, each one inside a string stays in its string. Null when the result is not JSON (then
 * the body cannot be rendered as JSON, and validation reports it).
 *
 * @example parseJsonTemplate('{"count": {{n}}, "note": "Hi {{name}}"}') // { value: { count: '\u0000slot:0', note: 'Hi {{name}}' }, slots: ['{{n}}'] }
 */
export function parseJsonTemplate(template: string): JsonTemplate | null {
  const slots: string[] = [];
  let text = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (inString) {
      text += char;
      if (char === '\\') {
        text += template[i + 1] ?? '';
        i += 1;
      } else if (char === '"') inString = false;
      continue;
    }
    if (char === '{' && template.startsWith('{{', i)) {
      const close = template.startsWith('{{{', i) ? '}}}' : '}}';
      const end = template.indexOf(close, i + close.length);
      if (end < 0) return null;
      slots.push(template.slice(i, end + close.length));
      text += JSON.stringify(`${SLOT}${slots.length - 1}`);
      i = end + close.length - 1;
      continue;
    }
    if (char === '"') inString = true;
    text += char;
  }
  try {
    return { value: JSON.parse(text) as unknown, slots };
  } catch {
    return null;
  }
}

/**
 * Renders a JSON body. When the template is JSON once its variables are filled in (variables
 * inside strings, as in `{"reply": "{{steps.wait.message.text}}"}`, or standing alone as a
 * value, as in `{"count": {{steps.loop.count}}}`), each string and value is rendered on its
 * own and the result is serialized again, so a value with quotes or line breaks cannot break
 * the JSON, and a variable that is a whole value or a whole string keeps its type (a number,
 * true, a list, null). Any other template renders as text (validation refuses it in a flow).
 *
 * @example renderJson('{"count": {{steps.loop.count}}, "note": "{{trigger.text}}"}', ctx) // { value: '{"count":3,"note":"He said \\"hi\\""}', … }
 */
export function renderJson(template: string, context: object): RenderResult {
  const parsed = hasTags(template) ? parseJsonTemplate(template) : null;
  if (parsed === null || typeof parsed.value !== 'object' || parsed.value === null) return renderTemplate(template, context);
  const warnings = new Set<string>();
  const variable = (item: string): unknown => {
    const whole = WHOLE_VARIABLE.exec(item);
    if (whole) {
      const found = lookup(whole[1]!, [context]);
      if (!found.ok) warnings.add(whole[1]!);
      return found.ok ? (found.value instanceof Date ? toText(found.value) : (found.value ?? null)) : null;
    }
    const rendered = renderTemplate(item, context);
    for (const warning of rendered.warnings) warnings.add(warning);
    return rendered.value;
  };
  const slotOf = (item: string): string | undefined => (item.startsWith(SLOT) ? parsed.slots[Number(item.slice(SLOT.length))] : undefined);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return variable(slotOf(item) ?? item);
    if (Array.isArray(item)) return item.map(walk);
    if (isRecord(item)) return Object.fromEntries(Object.entries(item).map(([key, value]) => [slotOf(key) === undefined ? key : toText(variable(slotOf(key)!)), walk(value)]));
    return item;
  };
  return { value: JSON.stringify(walk(parsed.value)), warnings: [...warnings] };
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function renderTokens(tokens: readonly TemplateToken[], stack: readonly unknown[], state: RenderState, prefix = ''): string {
  let out = '';
  for (const token of tokens) {
    const [type, name] = token;
    switch (type) {
      case 'text':
        out += name;
        break;
      case 'name':
      case '&': {
        const found = lookup(name, stack);
        if (!found.ok) state.warnings.add(`unresolved variable ${name}`);
        else out += type === 'name' ? state.escape(toText(found.value), prefix + out) : toText(found.value);
        break;
      }
      case '#': {
        // A section on a missing name is the mustache "if present" idiom, so it is not a warning.
        const found = lookup(name, stack);
        const value = found.ok ? found.value : undefined;
        if (Array.isArray(value)) for (const item of value) out += renderTokens(token[4] ?? [], [...stack, item], state, prefix + out);
        else if (value && typeof value !== 'function') {
          const scope = typeof value === 'boolean' ? stack : [...stack, value];
          out += renderTokens(token[4] ?? [], scope, state, prefix + out);
        }
        break;
      }
      case '^': {
        const found = lookup(name, stack);
        const value = found.ok ? found.value : undefined;
        if (!value || typeof value === 'function' || (Array.isArray(value) && value.length === 0)) {
          out += renderTokens(token[4] ?? [], stack, state, prefix + out);
        }
        break;
      }
      case '>':
        state.warnings.add(`partials are not supported ({{> ${name}}})`);
        break;
      default:
        // '!' comments and '=' delimiter changes render nothing.
        break;
    }
  }
  return out;
}

type Lookup = { ok: true; value: unknown } | { ok: false };

/**
 * Resolves a name like mustache does: `.` is the innermost view; otherwise the whole dotted
 * path is tried in each view from the innermost out. Functions count as unresolved.
 */
function lookup(name: string, stack: readonly unknown[]): Lookup {
  if (name === '.') return { ok: true, value: stack[stack.length - 1] };
  const segments = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const value = readPath(stack[i], segments);
    if (value !== undefined && typeof value !== 'function') return { ok: true, value };
  }
  return { ok: false };
}

/** Text for a resolved value: null renders empty, objects and arrays as JSON, dates as ISO. */
function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return String(value);
    }
  }
  return '';
}
