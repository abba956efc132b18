import { isRecord } from '../util/is-record';

/** The post-call notification variables (seed 004), available to templates as top-level names. */
export const SYSTEM_VARIABLES = [
  { name: 'conversation_date', description: 'Date and time in 24-hour format, e.g. 2026-11-21 14:05' },
  { name: 'conversation_time', description: 'Time in 12-hour format, e.g. 2:05 PM' },
  { name: 'conversation_duration', description: 'Duration as MM:SS, e.g. 02:05' },
  { name: 'conversation_status', description: 'Status: Completed, Failed, …' },
  { name: 'conversation_direction', description: 'Inbound or Outbound' },
  { name: 'conversation_summary', description: 'AI-generated summary' },
  { name: 'conversation_transcript', description: 'Full transcript, or "No transcript available"' },
  { name: 'conversation_url', description: 'Link to view the conversation' },
  { name: 'conversation_uuid', description: 'Unique identifier of the call or conversation' },
  { name: 'agent_name', description: 'Name of the AI agent' },
  { name: 'account_name', description: 'Your account name' },
  { name: 'customer_number', description: 'Customer phone number' },
  { name: 'customer_name', description: 'Customer name' },
  { name: 'customer_email', description: 'Customer email' },
  { name: 'to_number', description: 'Called phone number (phone calls only)' },
] as const;

/** One of the system variable names, e.g. `conversation_duration`. */
export type SystemVariableName = (typeof SYSTEM_VARIABLES)[number]['name'];

/** System variables of one run; a variable whose data is missing is absent (so it is reported as unresolved). */
export type SystemVariables = Partial<Record<SystemVariableName, string>>;

/** `conversation_transcript` when the run has no transcript (seed 004: "with fallback text"). */
export const NO_TRANSCRIPT = 'No transcript available';

/** What the system variables are derived from. */
export interface SystemVariableSource {
  /** The trigger data (`call.completed`, conversation events, …). */
  data: Record<string, unknown>;
  occurredAt: string | Date;
  runId: string;
  accountName?: string;
  publicUrl?: string;
  /** IANA time zone for dates and times; UTC when absent or unknown. */
  timeZone?: string;
}

/**
 * Derives the system variables from trigger data.
 *
 * @example deriveSystemVariables({ data: callCompleted, occurredAt, runId }).conversation_duration // '02:05'
 */
export function deriveSystemVariables(source: SystemVariableSource): SystemVariables {
  const { data } = source;
  const call = isRecord(data.call) ? data.call : {};
  const agent = isRecord(data.agent) ? data.agent : {};
  const customer = isRecord(data.customer) ? data.customer : {};
  const vars: SystemVariables = {};
  const set = (name: SystemVariableName, value: string | undefined) => {
    if (value !== undefined) vars[name] = value;
  };

  const when = toDate(call.endedAt) ?? toDate(call.startedAt) ?? toDate(source.occurredAt);
  if (when) {
    const { date, hour, minute } = dateParts(when, source.timeZone);
    const hour12 = hour % 12 === 0 ? 12 : hour % 12;
    set('conversation_date', `${date} ${pad(hour)}:${pad(minute)}`);
    set('conversation_time', `${hour12}:${pad(minute)} ${hour < 12 ? 'AM' : 'PM'}`);
  }
  set('conversation_duration', formatDuration(call.durationSeconds));
  set('conversation_status', humanize(text(call.status)));
  set('conversation_direction', humanize(text(call.direction)));
  set('conversation_summary', text(data.summary));
  set('conversation_transcript', formatTranscript(data.transcript));
  if (source.publicUrl) set('conversation_url', `${source.publicUrl.replace(/\/+$/, '')}/runs/${source.runId}`);
  set('conversation_uuid', text(call.id) ?? text(data.conversationId) ?? source.runId);
  set('agent_name', text(agent.name));
  set('account_name', text(source.accountName));
  set('customer_number', text(customer.phone) ?? text(data.from));
  set('customer_name', text(customer.name) ?? text(data.name));
  set('customer_email', text(customer.email));
  set('to_number', text(call.to));
  return vars;
}

/**
 * Seconds as MM:SS; minutes go past 59 rather than adding hours.
 *
 * @example formatDuration(125) // '02:05'; formatDuration(3725) // '62:05'
 */
export function formatDuration(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  const total = Math.round(seconds);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
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
    lines.push(`${speaker(turn.role)}: ${turn.text}`);
  }
  return lines.length > 0 ? lines.join('\n') : NO_TRANSCRIPT;
}

/** True when `timeZone` is an IANA zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const AGENT_ROLES = new Set(['agent', 'assistant', 'bot', 'ai']);
const CUSTOMER_ROLES = new Set(['customer', 'user', 'human', 'caller']);

function speaker(role: unknown): string {
  const name = typeof role === 'string' ? role.toLowerCase() : '';
  if (AGENT_ROLES.has(name)) return 'Agent';
  if (CUSTOMER_ROLES.has(name)) return 'Customer';
  return humanize(name) ?? 'Unknown';
}

/** `no_answer` → `No answer`, `outbound` → `Outbound`. */
function humanize(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words === '' ? undefined : words[0].toUpperCase() + words.slice(1);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function toDate(value: unknown): Date | undefined {
  if (!(typeof value === 'string' || typeof value === 'number' || value instanceof Date) || value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build, so one per zone is kept. Throws RangeError for an unknown zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function dateParts(when: Date, timeZone: string | undefined): { date: string; hour: number; minute: number } {
  const zone = timeZone && isValidTimeZone(timeZone) ? timeZone : 'UTC';
  const parts = formatter(zone).formatToParts(when);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  // Some engines print midnight as 24 even with h23; % 24 keeps it 00.
  return { date: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) % 24, minute: Number(part('minute')) };
}
