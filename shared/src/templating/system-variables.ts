import { humanize } from '../util/humanize';
import { isRecord } from '../util/is-record';
import { timeZoneOrUtc, zonedParts } from './time-zone';
import { formatTranscript } from './transcript';

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

/** What the system variables are derived from. */
export interface SystemVariableSource {
  /** The trigger data (`call.completed`, conversation events, …). */
  data: Record<string, unknown>;
  occurredAt: string | Date;
  runId: string;
  accountName?: string;
  publicUrl?: string;
  /** The run's workspace: links carry it, so they open in that workspace for a member of several. */
  workspaceId?: string;
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
  // The editor's route for a run: it opens the run (or its conversation) after signing in, in any tab.
  if (source.publicUrl) set('conversation_url', `${source.publicUrl.replace(/\/+$/, '')}/#/runs/${source.runId}${source.workspaceId ? `?w=${source.workspaceId}` : ''}`);
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

function dateParts(when: Date, timeZone: string | undefined): { date: string; hour: number; minute: number } {
  const { year, month, day, hour, minute } = zonedParts(when, timeZoneOrUtc(timeZone));
  return { date: `${year}-${pad(month)}-${pad(day)}`, hour, minute };
}
