import { callConnected } from '@switchboard/nodes';
/**
 * One readable line per event for Activity, from its type and data (CONTRACT "Event data"):
 * who, what, and the one fact an operator scans for (connected or not, the first words).
 * Pure, so it is tested without a database; any data the event lacks is left out of the line.
 *
 * @example eventSummary('call.completed', callData) // "Call from Alex Carter (+14155551234), connected, 2:05"
 */
export function eventSummary(type: string, data: Record<string, unknown>): string {
  switch (type) {
    case 'call.completed':
      return callSummary(data);
    case 'call.function': {
      const name = text(data.function);
      return `In-call function${name ? ` ${name}` : ''}${withCustomer(data, ' for ')}`;
    }
    case 'whatsapp.message_received':
      return `WhatsApp from ${sender(data)}${quoted(data.text)}`;
    case 'conversation.started':
      return `Conversation started by ${sender(data)}${quoted(data.firstMessage ?? data.text)}`;
    case 'conversation.ended': {
      const reason = text(data.reason);
      const count = typeof data.messageCount === 'number' ? `, ${data.messageCount} message${data.messageCount === 1 ? '' : 's'}` : '';
      return `Conversation${withCustomer(data, ' with ')} ended${reason ? ` (${reason === 'inactivity' ? 'inactive' : reason})` : ''}${count}`;
    }
    case 'webhook.received': {
      const path = text(data.path);
      return `Webhook${path ? ` /${path.replace(/^\//, '')}` : ''} received`;
    }
    case 'schedule.cron':
      return 'Scheduled run';
    case 'manual':
      return 'Manual run';
    default:
      return `Event ${type}${withCustomer(data, ' for ')}`;
  }
}

/** The customer's number the event is about: `customer.phone` (calls, conversations) or `from` (messages). */
export function eventPhone(data: Record<string, unknown>): string | undefined {
  return text(record(data.customer).phone) ?? text(data.from);
}

function callSummary(data: Record<string, unknown>): string {
  // Only an erased event (its customer's data gone) has no call: the event must carry one.
  if (Object.keys(record(data.call)).length === 0) return 'Call (its details were erased or not given)';
  const call = record(data.call);
  const duration = Number(call.durationSeconds ?? 0);
  // As the trigger decides it: a 20-second voicemail is not connected.
  const connected = callConnected(data);
  const direction = text(call.direction) === 'outbound' ? 'Call to' : 'Call from';
  const who = customerName(data) ?? text(call.direction === 'outbound' ? call.to : call.from) ?? 'an unknown number';
  return `${direction} ${who}, ${connected ? (Number.isFinite(duration) && duration > 0 ? `connected, ${clock(duration)}` : 'connected') : 'not connected'}`;
}

function customerName(data: Record<string, unknown>): string | undefined {
  const customer = record(data.customer);
  const name = text(customer.name);
  const phone = text(customer.phone);
  if (name && phone) return `${name} (${phone})`;
  return name ?? phone;
}

function withCustomer(data: Record<string, unknown>, joiner: string): string {
  const who = customerName(data);
  return who ? `${joiner}${who}` : '';
}

function sender(data: Record<string, unknown>): string {
  const phone = text(data.from) ?? text(record(data.customer).phone);
  const name = text(data.name) ?? text(record(data.customer).name);
  if (name && phone) return `${name} (${phone})`;
  return phone ?? name ?? 'an unknown number';
}

/** The first words of a message: `: 'Can I move my appoin…'`. */
function quoted(value: unknown): string {
  const words = text(value)?.replace(/\s+/g, ' ');
  if (!words) return '';
  return `: '${words.length > 40 ? `${words.slice(0, 40).trimEnd()}…` : words}'`;
}

/** 125 → "2:05"; an hour or more → "1:02:05". */
function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}
