/**
 * Transcripts as the rules read them: the `Agent: …` / `Customer: …` lines shared's
 * `formatTranscript` writes (with the same role names), split into turns with offsets.
 */

import { AGENT_ROLES, CUSTOMER_ROLES, transcriptSpeaker } from '@switchboard/shared';

export type Role = 'agent' | 'customer' | 'text';
export type Speaker = 'agent' | 'customer';

/** A turn of a transcript; `start`/`end` are offsets into the whole text. */
export interface Turn {
  role: Role;
  text: string;
  start: number;
  end: number;
}

/** A line that starts a turn: a role shared's `formatTranscript` knows (or `Unknown`), then a colon. */
const ROLE_LINE = new RegExp(`^[ \\t]*(${[...AGENT_ROLES, ...CUSTOMER_ROLES, 'unknown'].join('|')})[ \\t]*:[ \\t]*`, 'i');

/**
 * The turns of a transcript; text without `Agent:`/`Customer:` lines is one `text` turn.
 *
 * @example splitTurns('Agent: Hi\nCustomer: Hello')[1] // { role: 'customer', text: 'Hello', start: 20, end: 25 }
 */
export function splitTurns(text: string): Turn[] {
  const turns: Turn[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    const role = ROLE_LINE.exec(line);
    if (role) turns.push({ role: roleOf(role[1]), text: '', start: lineStart + role[0].length, end: lineEnd });
    else if (turns.length > 0) turns[turns.length - 1].end = lineEnd;
    else if (line.trim() !== '') turns.push({ role: 'text', text: '', start: lineStart, end: lineEnd });
    lineStart = lineEnd + 1;
  }
  for (const turn of turns) turn.text = text.slice(turn.start, turn.end);
  return turns;
}

function roleOf(name: string): Role {
  return transcriptSpeaker(name) ?? 'text';
}

export function isTranscript(turns: Turn[]): boolean {
  return turns.some((turn) => turn.role !== 'text');
}

/** The turns a speaker's words are read from: all of them when the text is not a transcript. */
export function turnsOf(turns: Turn[], speaker: Speaker): Turn[] {
  return isTranscript(turns) ? turns.filter((turn) => turn.role === speaker) : turns;
}

/** The turn holding `offset`: a binary search, as turns are in text order and do not overlap. */
export function turnAt(turns: Turn[], offset: number): Turn | undefined {
  let low = 0;
  let high = turns.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (turns[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  const turn = turns[low];
  return turn && offset >= turn.start && offset <= turn.end ? turn : undefined;
}

/** The sentences of a turn, trimmed, with offsets into the whole text. */
export function sentencesOf(turn: Turn): Array<{ text: string; start: number; end: number }> {
  const spans: Array<{ text: string; start: number; end: number }> = [];
  const push = (from: number, to: number): void => {
    const raw = turn.text.slice(from, to);
    const text = raw.trim();
    if (text !== '') spans.push({ text, start: turn.start + from + raw.indexOf(text), end: turn.start + from + raw.indexOf(text) + text.length });
  };
  let from = 0;
  for (let i = 0; i < turn.text.length; i++) {
    const c = turn.text[i];
    if (c === '\n' || (/[.!?]/.test(c) && (i + 1 === turn.text.length || /\s/.test(turn.text[i + 1])))) {
      push(from, i + 1);
      from = i + 1;
    }
  }
  push(from, turn.text.length);
  return spans;
}

/** The sentence around `offset`, short enough to quote, without a closing period. */
export function quoteAt(turn: Turn, offset: number): string {
  const sentence = sentencesOf(turn).find((s) => offset >= s.start && offset < s.end)?.text ?? turn.text.trim();
  return clip(sentence).replace(/[.,;:]+$/, '');
}

export function clip(text: string, max = 120): string {
  // Flattens only a head of the text: enough for `max` characters unless it is nearly all spaces.
  const head = text.length > max * 64 ? text.slice(0, max * 64) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  return flat.length <= max && head === text ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
