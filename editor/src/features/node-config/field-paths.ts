import type { GraphProblem } from '@switchboard/shared';

/** A path inside a node's config: property names and array indexes (`['branches', 0, 'key']`). */
export type Path = ReadonlyArray<string | number>;

/**
 * The problem field of a config path, as graph validation names it.
 *
 * @example problemField(['branches', 0, 'key']) // 'config.branches[0].key'
 */
export function problemField(path: Path): string {
  return path.reduce<string>((field, key) => (typeof key === 'number' ? `${field}[${key}]` : `${field}.${key}`), 'config');
}

/**
 * The config path a problem names, or null when it is not about the config (`id`, `retry`, edges).
 *
 * @example configPathOf('config.branches[0].key') // ['branches', 0, 'key']
 */
export function configPathOf(field: string): Path | null {
  if (field === 'config') return [];
  if (!field.startsWith('config.') && !field.startsWith('config[')) return null;
  const path: Array<string | number> = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]/g;
  let match: RegExpExecArray | null;
  let consumed = 'config'.length;
  while ((match = pattern.exec(field)) !== null) {
    // A key with dots or brackets in it (a record key the user typed) cannot be split reliably.
    if (match.index !== consumed) return null;
    consumed += match[0].length;
    path.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return consumed === field.length ? path : [...path, field.slice(consumed + 1)];
}

/**
 * The problems that name `path`: exactly, or also anything inside it when `deep` (for fields
 * that draw their own inner parts, such as a condition or a template mapping).
 */
export function problemsAt(problems: readonly GraphProblem[], path: Path, options: { deep?: boolean } = {}): GraphProblem[] {
  const field = problemField(path);
  return problems.filter(
    (problem) => problem.field === field || (options.deep === true && (problem.field.startsWith(`${field}.`) || problem.field.startsWith(`${field}[`))),
  );
}

/** The value at `path`, or undefined. */
export function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/**
 * A copy of `root` with `next` at `path`, sharing every untouched branch. `undefined` removes an
 * object key (an optional field left empty is absent, not `""`); array slots are set as given.
 */
export function setIn(root: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [key, ...rest] = path;
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...root] : [];
    list[key] = setIn(list[key], rest, next);
    return list;
  }
  const object = root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...(root as Record<string, unknown>) } : {};
  const value = setIn(object[key], rest, next);
  if (value === undefined) delete object[key];
  else object[key] = value;
  return object;
}

/** An element id for a field of a node: unique per node and field, stable across renders. */
export function domId(nodeId: string, path: Path, suffix?: string): string {
  const raw = ['nc', nodeId, ...path.map(String), ...(suffix ? [suffix] : [])].join('-');
  return raw.replace(/[^A-Za-z0-9_-]/g, '_');
}

const ACRONYMS: Record<string, string> = { ai: 'AI', id: 'ID', url: 'URL', http: 'HTTP', json: 'JSON', sms: 'SMS', api: 'API', html: 'HTML', iso: 'ISO', utc: 'UTC' };

/**
 * A label from a property name: camelCase and snake_case become words, a unit suffix becomes
 * a unit in brackets.
 *
 * @example humanize('recipientName') // 'Recipient name'; humanize('backoffMs') // 'Backoff (ms)'; humanize('aiCondition') // 'AI condition'
 */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return name;
  let unit = '';
  if (words.length > 1 && words.at(-1) === 'ms') {
    words.pop();
    unit = ' (ms)';
  }
  const text = words.map((word) => ACRONYMS[word] ?? word).join(' ');
  return text[0].toUpperCase() + text.slice(1) + unit;
}

/**
 * The singular of a plural label, for "Add …" buttons and item titles.
 *
 * @example singular('Branches') // 'Branch'; singular('Parameters') // 'Parameter'; singular('Values') // 'Value'
 */
export function singular(label: string): string {
  if (/(ch|sh|x|ss)es$/i.test(label)) return label.slice(0, -2);
  if (/ies$/i.test(label)) return `${label.slice(0, -3)}y`;
  if (/[^s]s$/i.test(label)) return label.slice(0, -1);
  return label;
}
