import type { FlowNode } from '@switchboard/shared';
import type { NodeDescription } from '../../api/types';

/** Longest summary a card gets; the card cuts it further with an ellipsis, the tooltip shows this. */
const MAX_LENGTH = 140;

type Config = Record<string, unknown>;
type Summarizer = (config: Config) => string;

const CALL_TYPES: Record<string, string> = { all: 'All calls', connected: 'Connected calls', not_connected: 'Missed calls' };

/**
 * One line that says what a node does with its config, for its card on the canvas:
 * `Connected calls · 1 condition`, `appointment_confirmation → {{trigger.customer.phone}}`,
 * `Wait 5 minutes`, `2 paths + else`. Known node types get a sentence of their own; any other
 * node lists its first filled-in fields in schema order.
 */
export function summarize(node: Pick<FlowNode, 'type' | 'config'>, description: NodeDescription | undefined): string {
  const config = node.config ?? {};
  const own = SUMMARIES[node.type];
  const text = own ? own(config) : generic(config, description);
  return clip(text.replace(/\s+/g, ' ').trim());
}

const SUMMARIES: Record<string, Summarizer> = {
  'call.completed': (c) => join(CALL_TYPES[str(c.callType) || 'all'] ?? str(c.callType), c.alwaysRun === true ? 'always runs' : filters(c)),
  'whatsapp.message_received': (c) => join(sender(c, 'Every message'), filters(c)),
  'conversation.started': (c) => sender(c, 'Every new conversation'),
  'conversation.ended': (c) => join(`After ${num(c.inactivityMinutes) ?? 30} min quiet`, filters(c)),
  manual: (c) => (isFilled(c.samplePayload) ? 'Run by hand · sample payload set' : 'Run by hand or through the API'),
  'schedule.cron': (c) => (str(c.cron) ? `${str(c.cron)} (${str(c.timezone) || 'UTC'})` : 'Set a schedule'),
  'webhook.received': (c) => (str(c.path) ? join(`POST /webhooks/in/${str(c.path)}`, str(c.secret) ? 'signed' : '') : 'Set a path'),
  'call.function': (c) => (str(c.name) ? `${str(c.name)}(${Object.keys(asRecord(asRecord(c.parameters).properties)).join(', ')})` : 'Name the function'),

  'flow.delay': (c) => {
    if (str(c.until)) return `Wait until ${str(c.until)}`;
    const amount = c.amount === undefined || c.amount === '' ? null : String(c.amount);
    if (amount === null) return 'Set how long to wait';
    const unit = str(c.unit) || 'minutes';
    return `Wait ${amount} ${amount.trim() === '1' ? unit.replace(/s$/, '') : unit}`;
  },
  'flow.branch': (c) => {
    const paths = Array.isArray(c.branches) ? c.branches.length : 0;
    return paths === 0 ? 'Add a path' : `${plural(paths, 'path')} + else`;
  },
  'flow.set': (c) => {
    const names = Object.keys(asRecord(c.values));
    return names.length === 0 ? 'No values yet' : `Sets ${list(names)}`;
  },
  'flow.wait_for_reply': (c) => join(`Waits for a reply${str(c.from) ? ` from ${str(c.from)}` : ''}`, num(c.timeoutMinutes) !== null ? `up to ${num(c.timeoutMinutes)} min` : ''),
  'flow.loop': (c) => (str(c.items) ? `For each of ${str(c.items)}` : 'Choose the list to loop over'),
  'flow.respond': (c) => join(`Responds ${num(c.status) ?? 200}`, text(c.body)),

  'whatsapp.send_template': (c) => (str(c.template) ? `${str(c.template)} → ${str(c.to) || 'no recipient yet'}` : 'Choose a template'),
  'whatsapp.send_text': (c) => (str(c.message) ? `${str(c.to) || 'no recipient yet'}: ${str(c.message)}` : 'Write the message'),

  'ai.generate_reply': (c) => (str(c.message) ? `Replies to ${str(c.message)}` : str(c.assistant) || 'Write the instructions'),
  'ai.extract': (c) => {
    const fields = Array.isArray(c.fields) ? c.fields.map((field) => str(asRecord(field).name)).filter(Boolean) : [];
    return fields.length === 0 ? 'Add fields to extract' : `Extracts ${list(fields)}`;
  },
  'ai.decide': (c) => str(c.question) || 'Ask a yes/no question',

  'email.send': (c) => {
    if (Array.isArray(c.routing) && c.routing.length > 0) return join(`AI routing · ${plural(c.routing.length, 'rule')}`, str(c.subject));
    const to = Array.isArray(c.to) ? c.to.map(str).filter(Boolean).join(', ') : str(c.to);
    return str(c.subject) || to ? `${str(c.subject) || 'No subject'} → ${to || 'no recipient yet'}` : 'Write the email';
  },
  'task.create': (c) => (str(c.title) ? join(str(c.title), str(c.priority)) : 'Name the task'),
  'alert.team': (c) => str(c.message) || 'Write the alert',
  'http.request': (c) => (str(c.url) ? `${(str(c.method) || 'GET').toUpperCase()} ${str(c.url)}` : 'Set the URL'),
};

/** The first filled-in fields, in the order the schema lists them. */
function generic(config: Config, description: NodeDescription | undefined): string {
  const order = Object.keys(description?.configSchema.properties ?? {});
  const keys = [...order, ...Object.keys(config).filter((key) => !order.includes(key))];
  const parts: string[] = [];
  for (const key of keys) {
    if (key === 'connectionId' || !isFilled(config[key])) continue;
    parts.push(`${key}: ${text(config[key])}`);
    if (parts.length === 2) break;
  }
  if (parts.length > 0) return parts.join(' · ');
  return description?.kind === 'trigger' ? 'Starts on every event' : 'Not configured yet';
}

/** How many conditions a json-logic value holds: the editor stores its rows as one `and`. */
export function countConditions(value: unknown): number {
  if (!isFilled(value)) return 0;
  if (Array.isArray(value)) return value.length;
  const and = asRecord(value).and;
  return Array.isArray(and) ? and.length : 1;
}

function filters(c: Config): string {
  const count = countConditions(c.conditions);
  return join(count > 0 ? plural(count, 'condition') : '', str(c.aiCondition) ? 'AI check' : '');
}

function sender(c: Config, all: string): string {
  return str(c.connectionId) ? `${all} on one sender` : `${all} on any sender`;
}

function join(...parts: string[]): string {
  return parts.filter(Boolean).join(' · ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function list(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} +${names.length - 3} more`;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function num(value: unknown): number | null {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function clip(value: string): string {
  return value.length > MAX_LENGTH ? `${value.slice(0, MAX_LENGTH - 1)}…` : value;
}
