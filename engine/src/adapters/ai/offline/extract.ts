/** One field's value from a text, by the field's type. */

import type { AiField } from '@switchboard/nodes';
import { textWindow } from '../text-window';
import { conceptsOf, evidence, fieldConcepts, nameWords } from './concepts';
import { extractMoment, type Clock } from './dates';
import { extractNumber } from './numbers';
import { extractString } from './strings';

export type Value = string | number | boolean | null;

/** Yes/no: true when the customer affirms the field's idea, false when only negated, null when absent. */
function extractBoolean(text: string, field: AiField): boolean | null {
  const concepts = fieldConcepts(field);
  if (concepts.length === 0) return null;
  const found = evidence(text, concepts, conceptsOf(nameWords(field.name).join(' ')).speaker);
  if (found.affirmed.length > 0) return true;
  return found.negated.length > 0 ? false : null;
}

/**
 * One field's value from a text, `null` when the text does not say.
 *
 * @example extractField('Customer: Can we do next Tuesday at 10:30?', { name: 'appointment_date', type: 'date' }, { reference: new Date('2026-11-20T15:00:00Z'), timeZone: 'UTC' }) // '2026-11-24'
 */
export function extractField(whole: string, field: AiField, clock: Clock): Value {
  const text = textWindow(whole);
  switch (field.type) {
    case 'date':
    case 'time':
    case 'datetime':
      return extractMoment(text, field, clock);
    case 'number':
      return extractNumber(text, field, clock);
    case 'boolean':
      return extractBoolean(text, field);
    default:
      return extractString(text, field);
  }
}
