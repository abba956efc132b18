/** Words: tokens with offsets and clauses, stems, contractions, and the word lists the rules read. */

export interface Token {
  word: string;
  stem: string;
  start: number;
  end: number;
  clause: number;
}

export const STOP = new Set(
  ('a an the did do does done is was were are be been being am has have had to for of in on at by with from about into ' +
    'and or if whether any some this that these those there it its they them their he she his her him you your we our us i me my ' +
    'customer customers caller callers client clients user users agent agents assistant bot ai representative rep person ' +
    'ask asked asking express expressed mention mentioned say said tell told what which who whom when how why ' +
    'would could should can will may might must shall please also very so as than then get got make made give given show ' +
    'indicate indicated seem seemed sound sounded like want wanted wants anything something other else more during not').split(' '),
);

/** Used only when a question has no other content word. */
export const WEAK = new Set(
  ('problem problems issue issues report reports reported question questions request requested requests need needed needs ' +
    'help thing things concern concerns talk speak discuss discussed topic reason regarding related experience call calls ' +
    'conversation transcript information info').split(' '),
);

/** Words of field names that say the type, not the topic (`appointment_date`). */
export const FIELD_GENERIC = new Set('date time datetime day when value flag field number requested needed wanted yes no'.split(' '));

export const NEGATORS = new Set('no not never without nothing none nobody neither nor'.split(' '));
export const CLAUSE_WORDS = new Set(['but', 'although', 'though', 'however']);
export const YES = new Set('yes yeah yep yup sure absolutely definitely please ok okay certainly correct'.split(' '));
export const NO = new Set('no nope nah not'.split(' '));
export const AGENT_WORDS = new Set('agent agents assistant bot representative rep'.split(' '));
export const CUSTOMER_WORDS = new Set('customer customers caller client user patient lead prospect'.split(' '));

/**
 * A word reduced for matching: plural s, -ing, -ed, a final e and doubled consonants go.
 *
 * @example stem('Booked') // 'book'; stem('calling') === stem('call') // true
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/’/g, "'");
  if (w.includes("'")) return w;
  if (w.length > 4 && /ie[ds]$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Contractions as separate words (`don't` → do not) so negations are plain `not`. */
export function expand(word: string): string[] {
  if (word === "can't" || word === 'cannot' || word === 'cant') return ['can', 'not'];
  if (word === "won't") return ['will', 'not'];
  if (word.endsWith("n't")) return [word.slice(0, -3), 'not'];
  if (/^(dont|doesnt|didnt|isnt|wasnt|arent|werent|havent|hasnt|wouldnt|couldnt|shouldnt)$/.test(word)) return [word.slice(0, -2), 'not'];
  if (word.includes("'")) return [word.slice(0, word.indexOf("'"))];
  return [word];
}

/** The words of a text with their offsets (plus `offset`) and clause numbers. */
export function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu)) {
    const index = match.index;
    if (/[.,;:!?()\n—–]/.test(text.slice(last, index))) clause++;
    const raw = match[0].toLowerCase().replace(/’/g, "'");
    if (CLAUSE_WORDS.has(raw)) clause++;
    for (const word of expand(raw)) tokens.push({ word, stem: stem(word), start: offset + index, end: offset + index + match[0].length, clause });
    last = index + match[0].length;
  }
  return tokens;
}

export function stems(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.stem);
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Start indexes of `phrase` (stems) in `tokens`. */
export function occurrences(tokens: Token[], phrase: string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((part, k) => tokens[i + k].stem === part)) found.push(i);
  }
  return found;
}
