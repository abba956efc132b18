import type { CreateCampaign } from '@switchboard/shared';

/** What the "New campaign" form holds, as typed. */
export interface CampaignForm {
  name: string;
  connectionId: string;
  template: string;
  language: string;
  /** One value per template parameter, in the template's order (names for named parameters). */
  parameters: Record<string, string>;
  /** The template's parameters as the sender lists them (`1`, `2`… or names), and their format. */
  templateParameters: string[];
  parameterFormat: 'positional' | 'named';
  audience: 'csv' | 'segment';
  csv: string;
  /** Comma-separated tags the contacts must all have. */
  tags: string;
  /** `key=value` lines the contacts' attributes must equal. */
  attributes: string;
  when: 'now' | 'later';
  /** `YYYY-MM-DDTHH:mm` from a datetime-local input. */
  sendAt: string;
  /** An IANA zone, or `contact` for each contact's `timezone` attribute. */
  timeZone: string;
}

export const EMPTY_FORM: CampaignForm = {
  name: '',
  connectionId: '',
  template: '',
  language: 'en',
  parameters: {},
  templateParameters: [],
  parameterFormat: 'positional',
  audience: 'csv',
  csv: '',
  tags: '',
  attributes: '',
  when: 'now',
  sendAt: '',
  timeZone: 'contact',
};

const PHONE = /^\+?[0-9 ()\-.]{6,20}$/;
const TAG = /^[A-Za-z0-9][A-Za-z0-9_\-:.]{0,63}$/;
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The CSV's rows after the header that have something in them. */
export function csvRecipients(csv: string): number {
  return csv.split(/\r?\n/).slice(1).filter((line) => line.trim() !== '').length;
}

/**
 * Checks the form before it is sent, field by field, the way the engine will (the engine has the
 * last word: a 400 names its field too). Returns the problems keyed by field; empty when valid.
 * A CSV's bad rows are named by line, as the engine names them.
 */
export function validateCampaignForm(form: CampaignForm, now: Date = new Date()): Record<string, string> {
  const problems: Record<string, string> = {};
  if (form.name.trim() === '') problems.name = 'Name the campaign';
  if (form.connectionId === '') problems.connectionId = 'Choose the WhatsApp sender';
  if (form.template === '') problems.template = 'Choose an approved template';
  for (const key of form.templateParameters) if ((form.parameters[key] ?? '').trim() === '') problems[`parameters.${key}`] = `Fill in {{${key}}}, e.g. {{contact.name}}`;
  if (form.audience === 'csv') {
    const lines = form.csv.split(/\r?\n/);
    const header = (lines[0] ?? '').split(',').map((cell) => cell.trim().toLowerCase());
    if (form.csv.trim() === '') problems.csv = 'Upload or paste a CSV with a phone column';
    else if (!header.includes('phone')) problems.csv = 'The first line must name the columns and include phone, e.g. phone,name,city';
    else if (csvRecipients(form.csv) === 0) problems.csv = 'The CSV has no recipients below its header';
    else {
      const column = header.indexOf('phone');
      const bad = lines
        .map((line, index) => ({ line: index + 1, cells: line.split(',') }))
        .slice(1)
        .filter(({ cells }) => cells.some((cell) => cell.trim() !== ''))
        .filter(({ cells }) => !PHONE.test((cells[column] ?? '').trim().replace(/^"|"$/g, '')))
        .map(({ line }) => line);
      if (bad.length > 0) problems.csv = `Line${bad.length > 1 ? 's' : ''} ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? '…' : ''}: not a phone number`;
    }
  } else {
    const tags = splitTags(form.tags);
    const attributes = parseAttributes(form.attributes);
    if (tags.length === 0 && Object.keys(attributes.values).length === 0 && attributes.problem === null) problems.segment = 'Choose at least one tag or attribute';
    const badTag = tags.find((tag) => !TAG.test(tag));
    if (badTag) problems.tags = `"${badTag}" is not a tag: letters, digits, _ - : .`;
    if (attributes.problem) problems.attributes = attributes.problem;
  }
  if (form.when === 'later') {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.sendAt)) problems.sendAt = 'Choose the date and time';
    else if (form.timeZone !== 'contact' && zonedInstant(form.sendAt, form.timeZone) < now.getTime() - 60_000) problems.sendAt = 'This time has passed; choose a later one or send now';
    if (form.timeZone.trim() === '') problems.timeZone = 'Choose a time zone, or the contact’s own';
  }
  return problems;
}

/** The request the form makes (call only when `validateCampaignForm` found nothing). */
export function campaignRequest(form: CampaignForm): CreateCampaign {
  const parameters =
    form.parameterFormat === 'named'
      ? Object.fromEntries(form.templateParameters.map((key) => [key, form.parameters[key] ?? '']))
      : form.templateParameters.map((key) => form.parameters[key] ?? '');
  return {
    name: form.name.trim(),
    connectionId: form.connectionId,
    template: form.template,
    language: form.language,
    parameters,
    audience:
      form.audience === 'csv'
        ? { csv: form.csv }
        : { segment: { ...(splitTags(form.tags).length ? { tags: splitTags(form.tags) } : {}), ...(Object.keys(parseAttributes(form.attributes).values).length ? { attributes: parseAttributes(form.attributes).values } : {}) } },
    ...(form.when === 'later' ? { sendAt: form.sendAt, timeZone: form.timeZone } : {}),
  };
}

function splitTags(tags: string): string[] {
  return tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

function parseAttributes(text: string): { values: Record<string, string>; problem: string | null } {
  const values: Record<string, string> = {};
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    const at = line.indexOf('=');
    const key = at < 0 ? '' : line.slice(0, at).trim();
    if (!ATTRIBUTE.test(key)) return { values, problem: `Line ${index + 1}: write name=value, e.g. city=Berlin` };
    values[key] = line.slice(at + 1).trim();
  }
  return { values, problem: null };
}

/** The instant of a local time in a zone (for the "has passed" check only; the engine computes the real one). */
function zonedInstant(local: string, timeZone: string): number {
  const wall = Date.parse(`${local}:00Z`);
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(new Date(wall))
        .filter((part) => part.type !== 'literal')
        .map((part) => [part.type, Number(part.value)]),
    );
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
    return wall - (asUtc - wall);
  } catch {
    return wall;
  }
}
