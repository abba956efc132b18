import type { NormalizedCall } from './voice-platform';

type Turn = NormalizedCall['transcript'][number];

/**
 * Reads a transcript sent as one string of `Speaker: text` lines (Synthflow `bot:`/`human:`,
 * Autocalls `AI:`/`Customer:`, CallKaro's `Agent: … User: …` on one line) into turns. A prefix
 * counts case-insensitively at the start of the text, of a line or after whitespace; everything up
 * to the next prefix (wrapped lines included) is that speaker's turn, and text before the first
 * prefix is dropped (it cannot be attributed).
 *
 * @example turnsFromLines('AI: Hi.\nCustomer: Yes.', { agent: ['AI'], customer: ['Customer'] })
 *   // [{ role: 'agent', text: 'Hi.' }, { role: 'customer', text: 'Yes.' }]
 */
export function turnsFromLines(text: unknown, prefixes: { agent: string[]; customer: string[] }): Turn[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const speakers = [
    ...prefixes.agent.map((p) => ({ prefix: p.toLowerCase(), role: 'agent' as const })),
    ...prefixes.customer.map((p) => ({ prefix: p.toLowerCase(), role: 'customer' as const })),
  ].sort((a, b) => b.prefix.length - a.prefix.length);
  const pattern = new RegExp(`(^|\\n|\\s)(${speakers.map((s) => escape(s.prefix)).join('|')})\\s*:`, 'gi');
  const turns: Turn[] = [];
  // Split at every `Prefix:` that starts a line, or follows whitespace (CallKaro-style one-line
  // transcripts "Agent: … User: …"): the text between two prefixes belongs to the first.
  const marks: Array<{ role: Turn['role']; start: number; end: number }> = [];
  for (const match of text.matchAll(pattern)) {
    const speaker = speakers.find((s) => s.prefix === match[2].toLowerCase());
    if (!speaker) continue;
    const start = (match.index ?? 0) + match[1].length;
    marks.push({ role: speaker.role, start, end: start + match[0].length - match[1].length });
  }
  marks.forEach((mark, i) => {
    const body = text.slice(mark.end, i + 1 < marks.length ? marks[i + 1].start : text.length).replace(/\s+/g, ' ').trim();
    if (body !== '') turns.push({ role: mark.role, text: body });
  });
  return turns;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
