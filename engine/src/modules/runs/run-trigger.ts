import { callConnected } from '@switchboard/nodes';
import type { RunCustomer } from '@switchboard/shared';

/** What a run row says about its trigger: who it is about and one readable line of what happened. */
export interface TriggerDescription {
  customer: RunCustomer | null;
  summary: string;
}

/** How much of a customer's text a summary quotes. */
const QUOTE_LENGTH = 60;

/**
 * Describes a run's event for the runs list, e.g. `Call from Alex Carter, connected, 2:05`.
 * Pure: the event's type and data (any shape an integration sent; nothing is trusted to be there).
 *
 * @example describeTrigger('whatsapp.message_received', { from: '+4915112345678', name: 'Mia', text: 'Hi' })
 *          // { customer: { phone: '+4915112345678', name: 'Mia' }, summary: 'WhatsApp from Mia: "Hi"' }
 */
export function describeTrigger(type: string, data: Record<string, unknown> | null | undefined): TriggerDescription {
  const event = data ?? {};
  switch (type) {
    case 'call.completed': {
      const customer = customerOf(event.customer);
      const call = record(event.call);
      const seconds = typeof call.durationSeconds === 'number' ? call.durationSeconds : null;
      const connected = callConnected(event);
      const who = displayName(customer) ?? 'an unknown number';
      const parts = [`${call.direction === 'outbound' ? 'Call to' : 'Call from'} ${who}`, connected ? 'connected' : 'not connected'];
      if (connected && seconds !== null && seconds > 0) parts.push(duration(seconds));
      return { customer, summary: parts.join(', ') };
    }
    case 'whatsapp.message_received':
    case 'conversation.started': {
      const customer = person(text(event.from), text(event.name));
      const said = quote(text(event.text) ?? text(record(event.firstMessage).text));
      const lead = type === 'whatsapp.message_received' ? 'WhatsApp from' : 'Conversation started by';
      return { customer, summary: `${lead} ${displayName(customer) ?? 'an unknown number'}${said ? `: ${said}` : ''}` };
    }
    case 'conversation.ended': {
      const customer = customerOf(event.customer) ?? person(text(event.from), text(event.name));
      const reason = event.reason === 'inactivity' ? ' after inactivity' : event.reason === 'closed' ? ' (closed by hand)' : '';
      return { customer, summary: `Conversation with ${displayName(customer) ?? 'an unknown number'} ended${reason}` };
    }
    case 'call.function': {
      const customer = customerOf(event.customer);
      return { customer, summary: `In-call function${displayName(customer) ? ` for ${displayName(customer)}` : ''}${text(event.callId) ? ` (call ${text(event.callId)})` : ''}` };
    }
    case 'schedule.cron':
      return { customer: null, summary: 'Scheduled run' };
    case 'webhook.received':
      return { customer: null, summary: 'Webhook received' };
    case 'manual':
      return { customer: customerOf(event.customer), summary: 'Started by hand' };
    default:
      return { customer: customerOf(event.customer), summary: type };
  }
}

function customerOf(value: unknown): RunCustomer | null {
  if (typeof value === 'string') return person(value, null);
  const customer = record(value);
  return person(text(customer.phone) ?? text(customer.number), text(customer.name));
}

function person(phone: string | null, name: string | null): RunCustomer | null {
  return phone || name ? { phone, name } : null;
}

function displayName(customer: RunCustomer | null): string | null {
  return customer?.name || customer?.phone || null;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function quote(value: string | null): string | null {
  if (!value) return null;
  const flat = value.replace(/\s+/g, ' ');
  const chars = [...flat];
  return `"${chars.length > QUOTE_LENGTH ? `${chars.slice(0, QUOTE_LENGTH - 1).join('')}…` : flat}"`;
}

/** `m:ss`, or `h:mm:ss` from an hour on. */
function duration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
