/** Numbers a text mentions, and the one a field means. */

import type { AiField } from '@switchboard/nodes';
import { EMAIL, phonesIn } from './contacts';
import { conceptsOf, fieldConcepts, mentionsIn, nameWords } from './concepts';
import { parseMoments, type Clock } from './dates';
import { nearest, outside, spanOf, type Found } from './spans';
import { splitTurns } from './transcript';
import { FIELD_GENERIC, tokenize } from './words';

const NUMBER = /(?<![\p{L}\d.,:/+-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d:/]|[.,]\d)/gu;
const NUMBER_WORDS = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(' ');

/**
 * Numbers a text mentions ("1,299.50", "twelve"), outside dates, phone numbers and emails.
 *
 * @example numbersIn('The total was 1,299.50 rupees').map((n) => n.value) // [1299.5]
 */
export function numbersIn(text: string, clock: Clock = { reference: new Date(0), timeZone: 'UTC' }): Array<Found<number>> {
  const blocked = [...parseMoments(text, clock), ...phonesIn(text), ...[...text.matchAll(new RegExp(EMAIL, 'g'))].map(spanOf)];
  const digits = [...text.matchAll(NUMBER)].map((m) => ({ value: Number(m[1].replace(/,/g, '')), ...spanOf(m) }));
  const words = tokenize(text)
    .filter((token) => NUMBER_WORDS.includes(token.word))
    .map((token) => ({ value: NUMBER_WORDS.indexOf(token.word), start: token.start, end: token.end }));
  return [...digits, ...words].sort((a, b) => a.start - b.start).filter(outside(blocked));
}

/** A number near the field's words, the name's last word first (`order_amount`: amount, then order). */
export function extractNumber(text: string, field: AiField, clock: Clock): number | null {
  const numbers = numbersIn(text, clock);
  const turns = splitTurns(text);
  const own = conceptsOf(nameWords(field.name).join(' '), FIELD_GENERIC).concepts.reverse();
  const concepts = [...own, ...fieldConcepts(field).filter((c) => !own.includes(c) && !own.some((o) => o.label === c.label))];
  for (const concept of concepts) {
    const near = nearest(numbers, mentionsIn(turns, concept), turns, 80);
    if (near) return near.value;
  }
  return null;
}
