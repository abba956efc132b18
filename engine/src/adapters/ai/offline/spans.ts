/** Spans of a text (`start`/`end` offsets): distances, what lies outside others, the nearest to a keyword. */

import type { Mention } from './concepts';
import { turnAt, type Turn } from './transcript';

export interface Found<T> {
  value: T;
  start: number;
  end: number;
}

export function gap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start >= b.end ? a.start - b.end : b.start >= a.end ? b.start - a.end : 0;
}

/** A filter for spans in start order that drops those inside a blocked span, in one sweep. */
export function outside(blocked: Array<{ start: number; end: number }>): (span: { start: number; end: number }) => boolean {
  const sorted = [...blocked].sort((a, b) => a.start - b.start);
  let next = 0;
  let reach = -1;
  return (span) => {
    for (; next < sorted.length && sorted[next].start <= span.start; next++) reach = Math.max(reach, sorted[next].end);
    return span.end > reach;
  };
}

export function spanOf(match: RegExpMatchArray): { start: number; end: number } {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length };
}

/** The item nearest to any keyword in the same turn, within `max` characters. */
export function nearest<T extends { start: number; end: number }>(items: T[], keywords: Mention[], turns: Turn[], max: number): T | undefined {
  let best: { item: T; distance: number } | undefined;
  for (const item of items) {
    const turn = turnAt(turns, item.start);
    for (const keyword of keywords) {
      const distance = gap(item, keyword);
      if (turn !== keyword.turn || distance > max) continue;
      if (!best || distance < best.distance) best = { item, distance };
    }
  }
  return best?.item;
}
