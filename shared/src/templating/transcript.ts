import { humanize } from '../util/humanize';
import { isRecord } from '../util/is-record';

/** `conversation_transcript` when the run has no transcript (seed 004: "with fallback text"). */
export const NO_TRANSCRIPT = 'No transcript available';

/** Transcript roles (of voice platforms and chat APIs) that are the agent's turns. */
export const AGENT_ROLES: ReadonlySet<string> = new Set(['agent', 'assistant', 'bot', 'ai']);
/** Transcript roles that are the customer's turns. */
export const CUSTOMER_ROLES: ReadonlySet<string> = new Set(['customer', 'user', 'human', 'caller']);

/**
 * Whose turn a transcript role is, in any case; undefined for another role (`system`, `unknown`).
 *
 * @example transcriptSpeaker('Assistant') // 'agent'
 */
export function transcriptSpeaker(role: unknown): 'agent' | 'customer' | undefined {
  const name = typeof role === 'string' ? role.toLowerCase() : '';
  if (AGENT_ROLES.has(name)) return 'agent';
  if (CUSTOMER_ROLES.has(name)) return 'customer';
  return undefined;
}

/**
 * A transcript as `Agent: …` / `Customer: …` lines; a string transcript is kept; none gives the fallback text.
 *
 * @example formatTranscript([{ role: 'agent', text: 'Hi' }]) // 'Agent: Hi'
 */
export function formatTranscript(transcript: unknown): string {
  if (typeof transcript === 'string') return transcript.trim() === '' ? NO_TRANSCRIPT : transcript;
  if (!Array.isArray(transcript)) return NO_TRANSCRIPT;
  const lines: string[] = [];
  for (const turn of transcript) {
    if (!isRecord(turn) || typeof turn.text !== 'string') continue;
    lines.push(`${speakerLabel(turn.role)}: ${turn.text}`);
  }
  return lines.length > 0 ? lines.join('\n') : NO_TRANSCRIPT;
}

function speakerLabel(role: unknown): string {
  const speaker = transcriptSpeaker(role);
  if (speaker === 'agent') return 'Agent';
  if (speaker === 'customer') return 'Customer';
  return humanize(typeof role === 'string' ? role.toLowerCase() : '') ?? 'Unknown';
}

