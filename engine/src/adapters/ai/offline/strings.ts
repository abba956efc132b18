/** Text fields: e-mails, phone numbers, ids and names by pattern, else the customer's best sentence. */

import type { AiField } from '@switchboard/nodes';
import { emailIn, phonesIn } from './contacts';
import { fieldConcepts, mentionsIn, nameWords, type Concept } from './concepts';
import { nearest, spanOf } from './spans';
import { sentencesOf, splitTurns, turnsOf, type Turn } from './transcript';

const PERSON_NAME = /\b(?:my name is|my name's|name is|this is)\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u;

/** Strings: emails, phone numbers, ids and names by pattern; otherwise the best-matching customer sentence. */
export function extractString(text: string, field: AiField): string | null {
  const words = nameWords(field.name);
  const has = (...names: string[]): boolean => names.some((name) => words.includes(name));
  if (has('email', 'mail')) return emailIn(text);
  const turns = splitTurns(text);
  const customerText = turnsOf(turns, 'customer').map((t) => t.text).join('\n');
  const phone = has('phone', 'mobile', 'cell', 'telephone', 'tel', 'whatsapp') || (has('number') && has('contact', 'callback', 'caller', 'customer', 'alternate', 'alt'));
  if (phone || field.name === 'number') {
    return phonesIn(customerText)[0]?.value ?? phonesIn(text)[0]?.value ?? null;
  }
  if (has('number', 'id', 'code', 'reference', 'ref')) return identifierIn(text, field) ?? phonesIn(text)[0]?.value ?? null;
  if (has('name') && words.every((w) => ['name', 'customer', 'caller', 'contact', 'full', 'first', 'last', 'person'].includes(w))) {
    const name = PERSON_NAME.exec(customerText)?.[1] ?? null;
    if (name) return words.includes('first') ? name.split(/\s+/)[0] : name;
  }
  return bestSentence(turnsOf(turns, 'customer'), fieldConcepts(field));
}

/** An order number or other id (a word with three digits or more) near the field's words. */
function identifierIn(text: string, field: AiField): string | null {
  const turns = splitTurns(text);
  const ids = [...text.matchAll(/(?<![\w-])[A-Za-z0-9][A-Za-z0-9-]*(?<![-])(?![\w-])/g)]
    .filter((m) => (m[0].match(/\d/g)?.length ?? 0) >= 3)
    .map((m) => ({ value: m[0], ...spanOf(m) }));
  const keywords = fieldConcepts(field).flatMap((concept) => mentionsIn(turns, concept));
  return nearest(ids, keywords, turns, 60)?.value ?? null;
}

/** The sentence mentioning most of the concepts (the first on a tie), or null. */
function bestSentence(turns: Turn[], concepts: Concept[]): string | null {
  let best: { text: string; score: number } | undefined;
  for (const turn of turns) {
    for (const sentence of sentencesOf(turn)) {
      const part: Turn = { role: turn.role, text: sentence.text, start: sentence.start, end: sentence.end };
      const score = concepts.filter((concept) => mentionsIn([part], concept).length > 0).length;
      if (score > 0 && (!best || score > best.score)) best = { text: sentence.text, score };
    }
  }
  return best?.text ?? null;
}
