/** E-mail addresses (written or spoken) and phone numbers, by patterns that run in linear time. */

import { spanOf, type Found } from './spans';

// Both start only where a run of their first class begins (the lookbehind): unanchored, the
// engine would retry from every character of a long run ('aaaa…', 'a.a.a…'), reading the rest
// of the run each time, which is quadratic. A match found inside a run is also found from the
// run's start, so the first match is the same (a global search no longer finds a second address
// glued to the end of the first, `a@b.c+d@e.f`). The quantifiers that follow meet disjoint classes.
export const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
export const SPOKEN_EMAIL = /(?<![\w.])\.*\b([\w.]+)\s+at\s+([\w-]+)\s+dot\s+(com|org|net|io|in|co|de|uk)\b/i;
const PHONE = /(?<![\w+])\+?\d[\d\s().-]{5,}\d(?!\w)/g;

export function phonesIn(text: string): Array<Found<string>> {
  return [...text.matchAll(PHONE)]
    .map((m) => ({ value: m[0].trim(), ...spanOf(m) }))
    .filter((p) => /^\+?\d{7,15}$/.test(p.value.replace(/[\s().-]/g, '')) && !/^\d{4}-\d{2}-\d{2}$/.test(p.value));
}

export function emailIn(text: string): string | null {
  const written = EMAIL.exec(text)?.[0];
  if (written) return written;
  const spoken = SPOKEN_EMAIL.exec(text);
  return spoken ? `${spoken[1]}@${spoken[2]}.${spoken[3]}`.toLowerCase() : null;
}
