/** Dates and times a text mentions (chrono-node), read on the call's clock in its zone. */

import type { AiField } from '@switchboard/nodes';
import { zonedParts, zoneOffset } from '@switchboard/shared';
import * as chrono from 'chrono-node';
import { fieldConcepts, mentionsIn, type Concept } from './concepts';
import { gap } from './spans';
import { splitTurns, turnAt, type Turn } from './transcript';

interface Local {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A wall-clock time in a zone as ISO 8601 with the zone's offset at that time. */
function isoInZone(local: Local, timeZone: string): string {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let offset = zoneOffset(new Date(guess), timeZone);
  offset = zoneOffset(new Date(guess - offset * 60_000), timeZone);
  const sign = offset < 0 ? '-' : '+';
  const zone = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${dateText(local)}T${timeText(local)}:00${zone}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function dateText(local: Local): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

function timeText(local: Local): string {
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

/** A date or time the text mentions, read in the zone. */
interface Moment {
  start: number;
  end: number;
  turn?: Turn;
  local: Local;
  hasDate: boolean;
  hasTime: boolean;
}

/** When and where the text is read: the call's instant and an IANA zone. */
export interface Clock {
  reference: Date;
  timeZone: string;
}

/** chrono-node's mentions, without bare durations ("10 minutes") and "now". */
export function parseMoments(text: string, clock: Clock): Moment[] {
  const ref = { instant: clock.reference, timezone: zoneOffset(clock.reference, clock.timeZone) };
  const turns = splitTurns(text);
  return chrono
    .parse(text, ref, { forwardDate: true })
    .filter((result) => !isDuration(result))
    .map((result) => toMoment(result, clock, turnAt(turns, result.index)));
}

function isDuration(result: chrono.ParsedResult): boolean {
  const tags = result.start.tags();
  if (tags.has('casualReference/now')) return true;
  return tags.has('result/relativeDate') && !/\b(in|ago|next|last|this|from now|later|within|after)\b/i.test(result.text);
}

function toMoment(result: chrono.ParsedResult, clock: Clock, turn: Turn | undefined): Moment {
  const c = result.start;
  const local = c.isCertain('timezoneOffset') ? zonedParts(result.date(), clock.timeZone) : componentsOf(c, clock);
  const hasDate = c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month');
  const moment: Moment = { start: result.index, end: result.index + result.text.length, turn, local, hasDate, hasTime: c.isCertain('hour') };
  if (moment.hasTime && isLikelyAfternoon(result)) afternoon(moment, clock);
  return moment;
}

function componentsOf(c: chrono.ParsedComponents, clock: Clock): Local {
  const local = { year: c.get('year') ?? 1970, month: c.get('month') ?? 1, day: c.get('day') ?? 1, hour: c.get('hour') ?? 0, minute: c.get('minute') ?? 0 };
  if (!c.isCertain('year') && isRecentPast(local, clock)) local.year -= 1;
  return local;
}

/**
 * True when forwardDate moved a date without a year almost a year ahead although it was said
 * of the last month ("billed on 5 November", "the call on November 20", said on November 20).
 */
function isRecentPast(local: Local, clock: Clock): boolean {
  const today = zonedParts(clock.reference, clock.timeZone);
  const lastYear = Date.UTC(local.year - 1, local.month - 1, local.day);
  const days = (Date.UTC(today.year, today.month - 1, today.day) - lastYear) / 86_400_000;
  return days >= 0 && days <= 31;
}

/** "at 5" in a business call means 17:00: hours 1–6 without am/pm (and not "05:00"). */
function isLikelyAfternoon(result: chrono.ParsedResult): boolean {
  const hour = result.start.get('hour') ?? 0;
  return !result.start.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/\b0\d[:.]\d\d/.test(result.text) && !result.start.isCertain('timezoneOffset');
}

/** Moves a morning guess to the afternoon; a time alone then falls on the next such time after the call. */
function afternoon(moment: Moment, clock: Clock): void {
  moment.local.hour += 12;
  if (moment.hasDate) return;
  const now = zonedParts(clock.reference, clock.timeZone);
  const later = moment.local.hour * 60 + moment.local.minute > now.hour * 60 + now.minute;
  const day = new Date(Date.UTC(now.year, now.month - 1, now.day + (later ? 0 : 1)));
  Object.assign(moment.local, { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() });
}

const CONFIRMS = /\b(confirm\w*|booked|scheduled|set|noted|see you|perfect|great|done|put you down|got you|all set|reserved)\b/i;

/**
 * The mention a field most likely means: nearest to the field's words, else the last one the
 * agent confirms, else the last one.
 */
function pickMoment(text: string, candidates: Moment[], concepts: Concept[]): Moment | undefined {
  if (candidates.length === 0) return undefined;
  const keywords = concepts.flatMap((concept) => mentionsIn(splitTurns(text), concept));
  let best: { moment: Moment; distance: number } | undefined;
  for (const moment of candidates) {
    for (const keyword of keywords) {
      const distance = gap(moment, keyword);
      if (distance <= 200 && (!best || distance <= best.distance)) best = { moment, distance };
    }
  }
  if (best) return best.moment;
  const confirms = new Map<Turn, boolean>();
  const confirmed = candidates.filter((m) => {
    if (m.turn?.role !== 'agent') return false;
    // One test per turn, not per date in it: a long agent turn can hold thousands of dates.
    if (!confirms.has(m.turn)) confirms.set(m.turn, CONFIRMS.test(m.turn.text));
    return confirms.get(m.turn);
  });
  return confirmed.at(-1) ?? candidates.at(-1);
}

/** Date mentions, leaving out the call's own date ("today") when other dates exist. */
function dateCandidates(moments: Moment[], clock: Clock): Moment[] {
  const dated = moments.filter((m) => m.hasDate);
  const today = dateText(zonedParts(clock.reference, clock.timeZone));
  const others = dated.filter((m) => m.hasTime || dateText(m.local) !== today);
  return others.length > 0 ? others : dated;
}

export function extractMoment(text: string, field: AiField, clock: Clock): string | null {
  const moments = parseMoments(text, clock);
  const concepts = fieldConcepts(field);
  if (field.type === 'date') {
    const picked = pickMoment(text, dateCandidates(moments, clock), concepts);
    return picked ? dateText(picked.local) : null;
  }
  const timed = moments.filter((m) => m.hasTime);
  if (field.type === 'time') {
    const picked = pickMoment(text, timed, concepts);
    return picked ? timeText(picked.local) : null;
  }
  const complete = pickMoment(text, timed.filter((m) => m.hasDate), concepts);
  if (complete) return isoInZone(complete.local, clock.timeZone);
  const time = pickMoment(text, timed, concepts);
  if (!time) return null;
  const date = pickMoment(text, dateCandidates(moments, clock), concepts);
  return isoInZone({ ...time.local, ...(date ? { year: date.local.year, month: date.local.month, day: date.local.day } : {}) }, clock.timeZone);
}
