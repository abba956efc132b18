import { listVariables } from '@switchboard/shared';
import type { VariableGroup } from './variables';

/** One variable a field's text uses, as a chip: a name people read, where it comes from, and its sample. */
export interface VariableChip {
  path: string;
  /** "Appointment date", from the path's last part. */
  label: string;
  /** The group it belongs to: "Trigger", a step's title… */
  source: string | null;
  /** Its value in the sample, when the picker knows one. */
  sample: string | null;
}

/**
 * The chips under a template field: each `{{…}}` variable of `text` once, in order, labelled
 * for people, with the sample value the variable picker offers for it.
 *
 * @example variableChips('Hi {{trigger.customer.name}}', groups) // [{ path: 'trigger.customer.name', label: 'Name', source: 'Trigger', sample: 'Alex' }]
 */
export function variableChips(text: string, groups: readonly VariableGroup[]): VariableChip[] {
  let names: string[];
  try {
    names = listVariables(text);
  } catch {
    return [];
  }
  return [...new Set(names)].map((path) => {
    const group = groups.find((candidate) => candidate.options.some((option) => option.path === path));
    const option = group?.options.find((candidate) => candidate.path === path);
    return { path, label: humanize(path), source: group?.label ?? null, sample: option?.detail ?? null };
  });
}

/** `trigger.variables.appointment_date` → "Appointment date"; `customer_name` → "Customer name". */
export function humanize(path: string): string {
  const last = path.split('.').pop() ?? path;
  const words = last
    .replace(/^dyn_/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : path;
}
