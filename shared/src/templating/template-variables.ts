import { isRecord } from '../util/is-record';
import { hasTags, parseTemplate, type TemplateToken } from './parse-template';

/** The prefix of the variables the AI extracts from the transcript (CONTRACT: `{{dyn_<name>}}`). */
export const DYNAMIC_VARIABLE_PREFIX = 'dyn_';

/**
 * The variable and section names a template uses, in order of first use, without duplicates.
 * Names inside sections are listed as written (relative to the section). A malformed template gives [].
 *
 * @example listVariables('{{#items}}{{name}}{{/items}} {{customer_name}}') // ['items', 'name', 'customer_name']
 */
export function listVariables(template: string): string[] {
  if (!hasTags(template)) return [];
  let tokens: TemplateToken[];
  try {
    tokens = parseTemplate(template);
  } catch {
    return [];
  }
  const names = new Set<string>();
  const walk = (list: readonly TemplateToken[]) => {
    for (const token of list) {
      const [type, name, , , children] = token;
      if ((type === 'name' || type === '&' || type === '#' || type === '^') && name !== '.') names.add(name);
      if (children) walk(children);
    }
  };
  walk(tokens);
  return [...names];
}

/**
 * The `<name>` of every `{{dyn_<name>}}` used in any string of a nested value (a whole flow,
 * a config), without duplicates, in order of first use.
 *
 * @example findDynamicVariables({ subject: 'Booked {{dyn_appointment_date}}' }) // ['appointment_date']
 */
export function findDynamicVariables(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (item: unknown) => {
    if (typeof item === 'string') {
      if (!item.includes(DYNAMIC_VARIABLE_PREFIX)) return;
      for (const name of listVariables(item)) {
        const head = name.split('.')[0];
        if (head.startsWith(DYNAMIC_VARIABLE_PREFIX) && head.length > DYNAMIC_VARIABLE_PREFIX.length) {
          found.add(head.slice(DYNAMIC_VARIABLE_PREFIX.length));
        }
      }
    } else if (Array.isArray(item)) item.forEach(walk);
    else if (isRecord(item)) Object.values(item).forEach(walk);
  };
  walk(value);
  return [...found];
}
