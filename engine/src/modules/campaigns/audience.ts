import { ATTRIBUTE_KEY, CAMPAIGN_AUDIENCE_MAX, normalizePhone, TAG_PATTERN } from '@switchboard/shared';
import type { FieldProblem } from '../../common/api-error';

/** One customer of an audience, as given (a CSV row, a JSON row) and normalised. */
export interface AudienceMember {
  phone: string;
  name: string | null;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
}

/** At most this many invalid rows are listed in one answer (the rest are counted). */
const MAX_LISTED = 50;

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into rows of cells.
 * Blank lines are dropped; each row keeps its 1-based line number for error messages.
 */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((value) => value.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (quoted) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[index + 1] === '\n') index++;
      endRow();
      line++;
      rowLine = line;
    } else cell += char;
  }
  endRow();
  return rows;
}

/**
 * Turns given rows into audience members: phones normalised to E.164 (with the workspace's
 * default country), names trimmed, `tags` split on `;` or `|`, every other column an attribute.
 * A campaign is all or nothing: any invalid row refuses the whole audience, each problem naming
 * its row (`audience.csv` line numbers count the header as line 1), so nobody gets half a
 * broadcast. A number given twice is one recipient (the first row wins).
 */
export function readAudience(rows: Array<{ label: string; values: Record<string, unknown> }>, defaultCountry: string | undefined): { members: AudienceMember[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const members = new Map<string, AudienceMember>();
  let unlisted = 0;
  const problem = (field: string, message: string) => {
    if (problems.length < MAX_LISTED) problems.push({ field, message });
    else unlisted++;
  };
  for (const { label, values } of rows) {
    const phone = normalizePhone(typeof values.phone === 'number' ? String(values.phone) : values.phone, defaultCountry);
    if (!phone.ok) {
      problem(`${label}.phone`, `${values.phone === undefined || values.phone === '' ? 'the phone number is missing' : phone.reason}`);
      continue;
    }
    const name = typeof values.name === 'string' && values.name.trim() !== '' ? values.name.trim().slice(0, 200) : null;
    const tags: string[] = [];
    const attributes: Record<string, string | number | boolean> = {};
    let valid = true;
    for (const [key, value] of Object.entries(values)) {
      if (key === 'phone' || key === 'name' || value === undefined || value === null || value === '') continue;
      if (key === 'tags') {
        const list = Array.isArray(value) ? value.map(String) : String(value).split(/[;|]/);
        for (const tag of list.map((item) => item.trim()).filter(Boolean)) {
          if (!TAG_PATTERN.test(tag)) {
            problem(`${label}.tags`, `"${tag.slice(0, 70)}" is not a tag: 1-64 letters, digits, _ - : . (separate tags with ;)`);
            valid = false;
          } else tags.push(tag);
        }
        continue;
      }
      if (!ATTRIBUTE_KEY.test(key)) {
        problem(`${label}.${key}`, `"${key.slice(0, 70)}" is not an attribute name: letters, digits and _, starting with a letter`);
        valid = false;
      } else if (typeof value === 'object' || (typeof value === 'string' && value.length > 1000)) {
        problem(`${label}.${key}`, 'an attribute is text (at most 1,000 characters), a number or true/false');
        valid = false;
      } else attributes[key] = value as string | number | boolean;
    }
    if (!valid) continue;
    if (!members.has(phone.e164)) members.set(phone.e164, { phone: phone.e164, name, tags, attributes });
  }
  if (unlisted > 0) problems.push({ field: 'audience', message: `and ${unlisted} more invalid row(s)` });
  if (problems.length === 0 && members.size > CAMPAIGN_AUDIENCE_MAX) problems.push({ field: 'audience', message: `at most ${CAMPAIGN_AUDIENCE_MAX} recipients in one campaign; this audience has ${members.size}` });
  return { members: [...members.values()], problems };
}

/** A CSV audience's rows keyed by its header (lower-cased `phone`, `name`, `tags`; other names as written). */
export function csvRows(text: string): { rows: Array<{ label: string; values: Record<string, unknown> }>; problems: FieldProblem[] } {
  const [header, ...data] = parseCsv(text);
  if (!header) return { rows: [], problems: [{ field: 'audience.csv', message: 'the CSV is empty; its first line names the columns, e.g. phone,name,city' }] };
  const names = header.cells.map((cell) => {
    const name = cell.trim();
    return ['phone', 'name', 'tags'].includes(name.toLowerCase()) ? name.toLowerCase() : name;
  });
  if (!names.includes('phone')) return { rows: [], problems: [{ field: 'audience.csv', message: 'the first line must name the columns and include phone, e.g. phone,name,city' }] };
  if (data.length > CAMPAIGN_AUDIENCE_MAX) return { rows: [], problems: [{ field: 'audience.csv', message: `at most ${CAMPAIGN_AUDIENCE_MAX} recipients in one campaign; the CSV has ${data.length} rows` }] };
  const rows = data.map(({ line, cells }) => ({
    label: `audience.csv[line ${line}]`,
    values: Object.fromEntries(names.map((name, index) => [name, (cells[index] ?? '').trim()])),
  }));
  return { rows, problems: [] };
}
