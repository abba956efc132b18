import type { ActivityEntry, ActivityFlow, ActivityReason } from '@switchboard/shared';

/** What the one search box holds: a phone number (`+`, digits, spaces, dashes) or else an event id. */
export type ActivitySearch = { kind: 'phone'; value: string } | { kind: 'eventId'; value: string } | null;

/**
 * Reads the search box: a customer's phone when it looks like one (a leading `+`, or digits with
 * the usual separators), an event id otherwise. Call ids have their own field, since both are
 * opaque strings the box cannot tell apart.
 *
 * @example detectSearch('+1 415-555-0100') // { kind: 'phone', value: '+1 415-555-0100' }
 */
export function detectSearch(text: string): ActivitySearch {
  const value = text.trim();
  if (!value) return null;
  if (/^\+?[\d\s().-]{4,}$/.test(value) && /\d{4,}/.test(value.replace(/\D/g, ''))) return { kind: 'phone', value };
  return { kind: 'eventId', value };
}

/** The time ranges the page offers; `custom` uses the from/to fields. */
export type ActivityRange = 'all' | 'today' | '7d' | 'custom';

export interface ActivityFilters {
  search: string;
  callId: string;
  flowId: string;
  /** `started`, `not_started` or a run status; empty for all. */
  status: string;
  range: ActivityRange;
  /** `custom` bounds, as `<input type="datetime-local">` values (the viewer's local time). */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: ActivityFilters = { search: '', callId: '', flowId: '', status: '', range: 'all', from: '', to: '' };

/** The status filter's choices. */
export const ACTIVITY_STATUS_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '', label: 'Any outcome' },
  { value: 'started', label: 'Started a run' },
  { value: 'not_started', label: 'Started nothing' },
  { value: 'failed', label: 'Run failed' },
  { value: 'running', label: 'Run running' },
  { value: 'waiting', label: 'Run waiting' },
  { value: 'succeeded', label: 'Run succeeded' },
  { value: 'cancelled', label: 'Run cancelled' },
];

/** The instant a local `datetime-local` value names, or undefined when it is empty or not a date. */
function localInstant(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** `from`/`to` of the range: today starts at local midnight, 7 days is a rolling week. */
export function rangeBounds(filters: Pick<ActivityFilters, 'range' | 'from' | 'to'>, now: Date = new Date()): { from?: string; to?: string } {
  switch (filters.range) {
    case 'today': {
      const midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      return { from: midnight.toISOString() };
    }
    case '7d':
      return { from: new Date(now.getTime() - 7 * 24 * 3600_000).toISOString() };
    case 'custom': {
      const from = localInstant(filters.from);
      const to = localInstant(filters.to);
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }
    default:
      return {};
  }
}

/** The query of `GET /api/activity` for the filters (empty ones left out), the page's `cursor` when given. */
export function activityQuery(filters: ActivityFilters, limit: number, options: { cursor?: string; from?: string; now?: Date } = {}): string {
  const query = new URLSearchParams({ limit: String(limit) });
  const search = detectSearch(filters.search);
  if (search) query.set(search.kind, search.value);
  if (filters.callId.trim()) query.set('callId', filters.callId.trim());
  if (filters.flowId) query.set('flowId', filters.flowId);
  if (filters.status) query.set('status', filters.status);
  const bounds = rangeBounds(filters, options.now);
  const from = options.from ?? bounds.from;
  if (from) query.set('from', from);
  if (bounds.to) query.set('to', bounds.to);
  if (options.cursor) query.set('cursor', options.cursor);
  return query.toString();
}

/**
 * Newer entries (from polling with `from=` the newest time) put on top of the list: `from` is
 * inclusive, so the newest entry comes back each time, and an event delivered again changes in
 * place; an entry is kept once, by event id, the fresher copy winning. Newest first.
 */
export function mergeActivity(current: readonly ActivityEntry[], fresh: readonly ActivityEntry[]): ActivityEntry[] {
  if (fresh.length === 0) return current as ActivityEntry[];
  const byId = new Map<string, ActivityEntry>();
  for (const entry of current) byId.set(entry.event.id, entry);
  for (const entry of fresh) byId.set(entry.event.id, entry);
  return [...byId.values()].sort((a, b) => Date.parse(b.event.receivedAt) - Date.parse(a.event.receivedAt));
}

/** Older entries (the next page) added below, skipping any already shown. */
export function appendActivity(current: readonly ActivityEntry[], older: readonly ActivityEntry[]): ActivityEntry[] {
  const seen = new Set(current.map((entry) => entry.event.id));
  return [...current, ...older.filter((entry) => !seen.has(entry.event.id))];
}

/** The newest received time shown, the `from` of the next poll. */
export function newestReceivedAt(entries: readonly ActivityEntry[]): string | undefined {
  let newest: string | undefined;
  for (const entry of entries) if (!newest || Date.parse(entry.event.receivedAt) > Date.parse(newest)) newest = entry.event.receivedAt;
  return newest;
}

/** One compared value of a false condition, as the engine reports it. */
export interface Comparison {
  variable: string;
  operator: string;
  expected?: unknown;
  actual: unknown;
  holds: boolean;
}

/** The comparisons of a `CONDITION_FALSE` reason (an empty list for any other, or a malformed one). */
export function reasonComparisons(reason: ActivityReason | undefined): Comparison[] {
  const list = reason?.code === 'CONDITION_FALSE' ? reason.details?.comparisons : undefined;
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is Comparison => typeof item === 'object' && item !== null && typeof (item as Comparison).variable === 'string');
}

/** The AI's side of an `AI_CONDITION_FALSE` reason: what it was asked, what it answered and why. */
export function aiVerdict(reason: ActivityReason | undefined): { question?: string; answer?: string; reason?: string } | null {
  if (reason?.code !== 'AI_CONDITION_FALSE' || !reason.details) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? undefined : JSON.stringify(value));
  return { question: text(reason.details.question), answer: text(reason.details.answer), reason: text(reason.details.reason) };
}

/** A compared value as it reads in the table: strings as they are, the rest as JSON, nothing as a dash. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Why a flow did not start, in one line: the draft and duplicates in words, the engine's message otherwise. */
export function notStartedText(flow: ActivityFlow): string {
  if (!flow.reason) return 'Not started';
  if (flow.reason.code === 'FLOW_UNPUBLISHED') return 'Draft: not published';
  return `Not started: ${flow.reason.message}`;
}

/** "Delivered again N times" for an event id that came more than once, null otherwise. */
export function duplicateText(duplicate: ActivityReason | undefined): string | null {
  if (!duplicate) return null;
  const count = typeof duplicate.details?.count === 'number' ? duplicate.details.count : 1;
  return `Delivered again ${count} ${count === 1 ? 'time' : 'times'}`;
}
