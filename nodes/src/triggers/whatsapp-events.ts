import { z } from 'zod';
import { connection } from '../sdk/fields';
import { notMatched } from '../sdk/match';
import { instant, text } from './event-fields';

/** Every WhatsApp trigger can listen to one sender only; all of the workspace's senders otherwise. */
export const senderFilter = () =>
  connection('whatsapp', 'Listen to this WhatsApp sender only; leave empty to listen to all of them').optional();

/** Whether an event's sender is the one a trigger listens to. */
export function fromSender(data: Record<string, unknown>, connectionId: string | undefined): boolean {
  return !connectionId || data.connectionId === connectionId;
}

/** `SENDER_MISMATCH`: the message came to another of the workspace's senders than the trigger listens to. */
export function otherSender(data: Record<string, unknown>, connectionId: string | undefined) {
  return notMatched('SENDER_MISMATCH', 'the message came to another WhatsApp sender', { expected: connectionId ?? null, actual: data.connectionId ?? null });
}

/**
 * The fields of a customer's message (CONTRACT "Event data"), all optional: the engine builds
 * these events itself from what a provider delivered; one posted to `POST /api/events` (a
 * replay, a test) must only have the types right.
 */
export const messageFields = {
  connectionId: text('connectionId'),
  conversationId: text('conversationId'),
  from: text('from'),
  name: text('name'),
  text: text('text'),
  type: text('type'),
  messageId: text('messageId'),
  timestamp: instant('timestamp'),
};

/** What the customer's message events carry (CONTRACT "Event data"). */
export const sampleMessage = {
  connectionId: '00000000-0000-4000-8000-000000000001',
  conversationId: '00000000-0000-4000-8000-000000000002',
  from: '+14155551234',
  name: 'Alex Morgan',
  text: 'Hi, can I move my appointment to Friday?',
  type: 'text',
  messageId: '00000000-0000-4000-8000-000000000003',
  timestamp: '2026-11-21T09:30:00.000Z',
};

export const sampleCustomer = { phone: sampleMessage.from, name: sampleMessage.name };

export { z };
