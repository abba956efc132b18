import { INTERACTIVE_LIMITS } from '@switchboard/shared';

/**
 * The buttons, list or link of a `whatsapp.send_interactive` step, as its settings widget edits
 * them: which kind is chosen, ids derived from titles, and the limits the node checks when it
 * sends (the numbers come from the catalog's `x-limits`; the messages are the node's own), so
 * they show while typing instead of as a failed run.
 */

export type InteractiveMode = 'buttons' | 'list' | 'cta';

export interface InteractiveLimits {
  buttons: number;
  buttonTitle: number;
  buttonId: number;
  listButton: number;
  sections: number;
  rows: number;
  sectionTitle: number;
  rowTitle: number;
  rowId: number;
  rowDescription: number;
  ctaText: number;
}

/** Meta's numbers (shared with the node), for a catalog that does not send `x-limits` (an older engine). */
export const DEFAULT_LIMITS: InteractiveLimits = INTERACTIVE_LIMITS;

export interface ButtonItem {
  id: string;
  title: string;
}
export interface ListRow {
  id: string;
  title: string;
  description?: string;
}
export interface ListSection {
  title?: string;
  rows: ListRow[];
}
export interface ListValue {
  button: string;
  sections: ListSection[];
}
export interface CtaValue {
  text: string;
  url: string;
}

/** A problem of one part, named by its config path below the node (`buttons[0].title`). */
export interface InteractiveProblem {
  field: string;
  message: string;
}

/** The limits from the catalog's `x-limits`, each falling back to Meta's number. */
export function limitsFrom(hint: unknown): InteractiveLimits {
  const given = hint !== null && typeof hint === 'object' ? (hint as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(DEFAULT_LIMITS).map(([key, fallback]) => [key, typeof given[key] === 'number' ? given[key] : fallback])) as unknown as InteractiveLimits;
}

/** Characters as WhatsApp counts them: an emoji is one. */
export function chars(value: string): number {
  return [...value].length;
}

/** Whether a text's length is only known when it is sent (it has variables). */
export function hasVariables(value: string): boolean {
  return value.includes('{{');
}

/** Which kind a config holds: the first given of buttons, list and link; buttons for a new step. */
export function modeOf(config: Record<string, unknown>): InteractiveMode {
  if (config.list !== undefined && config.buttons === undefined) return 'list';
  if (config.cta !== undefined && config.buttons === undefined && config.list === undefined) return 'cta';
  return 'buttons';
}

/**
 * The changes to switch to `mode`: the chosen kind gets a starting value (or its earlier one,
 * kept in `kept` by the widget), the other two are removed, since the node takes exactly one.
 */
export function switchMode(mode: InteractiveMode, kept: Partial<Record<InteractiveMode, unknown>> = {}): Record<string, unknown> {
  const start: Record<InteractiveMode, unknown> = {
    buttons: [
      { id: 'yes', title: 'Yes' },
      { id: 'no', title: 'No' },
    ],
    list: { button: 'Choose', sections: [{ rows: [{ id: 'option_1', title: 'Option 1' }] }] },
    cta: { text: '', url: '' },
  };
  return {
    buttons: mode === 'buttons' ? (kept.buttons ?? start.buttons) : undefined,
    list: mode === 'list' ? (kept.list ?? start.list) : undefined,
    cta: mode === 'cta' ? (kept.cta ?? start.cta) : undefined,
  };
}

/**
 * An id from a title: lower case, words joined by `_`, accents dropped, at most `max` characters;
 * `option` when nothing is left (a title of emoji only).
 *
 * @example idFromTitle('Yes, please!') // 'yes_please'
 */
export function idFromTitle(title: string, max = 40): string {
  const id = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, max)
    .replace(/_+$/, '');
  return id || 'option';
}

/** `base`, or `base_2`, `base_3`… when another item has it already. */
export function uniqueId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * A button's title changed: its id follows the title while it was derived from it (or empty),
 * and stays what the person typed once they edited it.
 *
 * @example retitle({ id: 'yes', title: 'Yes' }, 'Yes please', []) // { id: 'yes_please', title: 'Yes please' }
 */
export function retitle<T extends { id: string; title: string }>(item: T, title: string, otherIds: readonly string[]): T {
  const base = idFromTitle(item.title);
  const derived = item.id === '' || item.id === base || (item.id.startsWith(`${base}_`) && /^\d+$/.test(item.id.slice(base.length + 1)));
  return { ...item, title, id: derived ? uniqueId(idFromTitle(title), otherIds) : item.id };
}

/** A new button, titled `Option n` with its id, after the others. */
export function newButton(existing: readonly ButtonItem[]): ButtonItem {
  const ids = existing.map((button) => button.id);
  const titles = existing.map((button) => button.title);
  let n = existing.length + 1;
  while (titles.includes(`Option ${n}`)) n++;
  return { id: uniqueId(idFromTitle(`Option ${n}`), ids), title: `Option ${n}` };
}

/** A new row for a list, with an id no other row of the list has. */
export function newRow(list: ListValue): ListRow {
  const ids = list.sections.flatMap((section) => section.rows.map((row) => row.id));
  const n = ids.length + 1;
  return { id: uniqueId(`option_${n}`, ids), title: `Option ${n}` };
}

function tooLong(field: string, value: string | undefined, max: number, out: InteractiveProblem[]): void {
  if (value === undefined || hasVariables(value)) return;
  const length = chars(value);
  if (length > max) out.push({ field, message: `${field} has ${length} characters; WhatsApp allows at most ${max}` });
}

function empty(field: string, value: string | undefined, out: InteractiveProblem[]): boolean {
  if (value === undefined || value.trim() === '') {
    out.push({ field, message: `${field} is empty` });
    return true;
  }
  return false;
}

/** What the node would refuse of these buttons when it sends (its messages; lengths of texts without variables). */
export function buttonProblems(buttons: readonly ButtonItem[], limits: InteractiveLimits): InteractiveProblem[] {
  const out: InteractiveProblem[] = [];
  if (buttons.length < 1 || buttons.length > limits.buttons) out.push({ field: 'buttons', message: `buttons has ${buttons.length}; WhatsApp allows 1 to ${limits.buttons} reply buttons` });
  const ids = new Set<string>();
  const titles = new Set<string>();
  buttons.forEach((button, i) => {
    if (!empty(`buttons[${i}].id`, button.id, out)) tooLong(`buttons[${i}].id`, button.id, limits.buttonId, out);
    if (!empty(`buttons[${i}].title`, button.title, out)) tooLong(`buttons[${i}].title`, button.title, limits.buttonTitle, out);
    if (button.id && ids.has(button.id)) out.push({ field: `buttons[${i}].id`, message: `buttons[${i}].id "${button.id}" is used twice; each button needs its own id` });
    if (button.title && titles.has(button.title)) out.push({ field: `buttons[${i}].title`, message: `buttons[${i}].title "${button.title}" is used twice; Meta rejects buttons with the same title` });
    ids.add(button.id);
    titles.add(button.title);
  });
  return out;
}

/** What the node would refuse of this list when it sends. */
export function listProblems(list: ListValue, limits: InteractiveLimits): InteractiveProblem[] {
  const out: InteractiveProblem[] = [];
  if (!empty('list.button', list.button, out)) tooLong('list.button', list.button, limits.listButton, out);
  if (list.sections.length < 1 || list.sections.length > limits.sections) out.push({ field: 'list.sections', message: `list.sections has ${list.sections.length}; WhatsApp allows 1 to ${limits.sections}` });
  const rows = list.sections.reduce((sum, section) => sum + section.rows.length, 0);
  if (rows < 1 || rows > limits.rows) out.push({ field: 'list', message: `list has ${rows} rows in all; WhatsApp allows 1 to ${limits.rows}` });
  const ids = new Set<string>();
  list.sections.forEach((section, s) => {
    if (list.sections.length > 1) empty(`list.sections[${s}].title`, section.title, out);
    tooLong(`list.sections[${s}].title`, section.title, limits.sectionTitle, out);
    if (section.rows.length === 0) out.push({ field: `list.sections[${s}]`, message: `list.sections[${s}] has no rows` });
    section.rows.forEach((row, r) => {
      const field = `list.sections[${s}].rows[${r}]`;
      if (!empty(`${field}.id`, row.id, out)) tooLong(`${field}.id`, row.id, limits.rowId, out);
      if (!empty(`${field}.title`, row.title, out)) tooLong(`${field}.title`, row.title, limits.rowTitle, out);
      tooLong(`${field}.description`, row.description, limits.rowDescription, out);
      if (row.id && ids.has(row.id)) out.push({ field: `${field}.id`, message: `${field}.id "${row.id}" is used twice; each row needs its own id` });
      ids.add(row.id);
    });
  });
  return out;
}

const HTTPS_URL = /^https:\/\/[^\s/?#]+[^\s]*$/i;

/** What the node would refuse of this link button when it sends. */
export function ctaProblems(cta: CtaValue, limits: InteractiveLimits): InteractiveProblem[] {
  const out: InteractiveProblem[] = [];
  if (!empty('cta.text', cta.text, out)) tooLong('cta.text', cta.text, limits.ctaText, out);
  if (!empty('cta.url', cta.url, out) && !hasVariables(cta.url) && !HTTPS_URL.test(cta.url)) out.push({ field: 'cta.url', message: `cta.url "${cta.url}" is not an https link` });
  return out;
}

/** The buttons of a config, tolerating any shape (a draft is not validated yet). */
export function buttonsOf(value: unknown): ButtonItem[] {
  return Array.isArray(value) ? value.map((item) => ({ id: textOf(item, 'id'), title: textOf(item, 'title') })) : [];
}

/** The list of a config, tolerating any shape. */
export function listOf(value: unknown): ListValue {
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const sections = Array.isArray(record.sections) ? record.sections : [];
  return {
    button: typeof record.button === 'string' ? record.button : '',
    sections: sections.map((section) => {
      const rows = section !== null && typeof section === 'object' && Array.isArray((section as { rows?: unknown }).rows) ? ((section as { rows: unknown[] }).rows) : [];
      const title = section !== null && typeof section === 'object' ? (section as { title?: unknown }).title : undefined;
      return {
        ...(typeof title === 'string' ? { title } : {}),
        rows: rows.map((row) => {
          const description = row !== null && typeof row === 'object' ? (row as { description?: unknown }).description : undefined;
          return { id: textOf(row, 'id'), title: textOf(row, 'title'), ...(typeof description === 'string' ? { description } : {}) };
        }),
      };
    }),
  };
}

/** The link button of a config, tolerating any shape. */
export function ctaOf(value: unknown): CtaValue {
  return { text: textOf(value, 'text'), url: textOf(value, 'url') };
}

function textOf(value: unknown, key: string): string {
  const field = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' ? field : '';
}

/**
 * The choices a message offers, for a "Wait for reply" after it: its buttons, or its list's
 * rows, by id with their titles (ids with variables cannot be expected, so they are left out).
 */
export function choicesOf(config: Record<string, unknown>): ButtonItem[] {
  const choices = config.buttons !== undefined ? buttonsOf(config.buttons) : config.list !== undefined ? listOf(config.list).sections.flatMap((section) => section.rows) : [];
  return choices.filter((choice) => choice.id.trim() !== '' && !hasVariables(choice.id)).map(({ id, title }) => ({ id, title }));
}

/**
 * How a "Wait for reply"'s `buttons` stand to the choices of the message before it: `none`
 * expected yet, the `same` ids (in any order), or `different` ones.
 */
export function expectation(expected: unknown, choices: readonly ButtonItem[]): 'none' | 'same' | 'different' {
  const ids = Array.isArray(expected) ? expected.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  if (ids.length === 0) return 'none';
  const offered = new Set(choices.map((choice) => choice.id));
  return ids.length === offered.size && ids.every((id) => offered.has(id)) ? 'same' : 'different';
}
