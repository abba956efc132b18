import { z } from 'zod';
import { connection } from '../sdk/fields';
import { notMatched } from '../sdk/match';
import { instant, text } from './event-fields';

const number = (what: string) => z.number({ error: `${what} must be a number` }).nullish();
const list = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: `${what} must be a list` }).nullish();

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
  /** A tapped reply button or picked list row: `id` (what the flow sent), `title`, `kind` (button or list). */
  reply: z.looseObject({ kind: text('reply.kind'), id: text('reply.id'), title: text('reply.title'), description: text('reply.description') }, { error: 'reply must be an object' }).nullish(),
  /** A file the customer sent: `kind` (image, video, audio, document, sticker), Meta's media `id` (sendable again on the same sender), `mimeType`, `sha256`, `caption`, `filename`. */
  media: z
    .looseObject(
      { kind: text('media.kind'), id: text('media.id'), url: text('media.url'), mimeType: text('media.mimeType'), sha256: text('media.sha256'), caption: text('media.caption'), filename: text('media.filename') },
      { error: 'media must be an object' },
    )
    .nullish(),
  /** A location pin: `latitude`, `longitude` (decimal degrees), `name`, `address`. */
  location: z
    .looseObject({ latitude: number('location.latitude'), longitude: number('location.longitude'), name: text('location.name'), address: text('location.address') }, { error: 'location must be an object' })
    .nullish(),
  /** A reaction: `messageId` (Meta's id of the message reacted to), `emoji` (null when removed). */
  reaction: z.looseObject({ messageId: text('reaction.messageId'), emoji: text('reaction.emoji') }, { error: 'reaction must be an object' }).nullish(),
  /** Shared contact cards: `name`, `phones` [{ phone, waId, type }], `emails` [{ email, type }]. */
  contacts: list(z.looseObject({ name: text('contacts[].name') }, { error: 'each contact must be an object' }), 'contacts'),
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

/**
 * The `whatsapp.message_received` sample: the text message plus, for the variable picker, the
 * fields a tap, a file and a pin bring (each present only on such a message).
 */
export const sampleMessageWithContent = {
  ...sampleMessage,
  reply: { kind: 'button', id: 'yes', title: 'Yes' },
  media: { kind: 'image', id: '1203945587364511', mimeType: 'image/jpeg', sha256: 'dGhpcyBpcyBhIHNhbXBsZQ==', caption: 'My insurance card', filename: null },
  location: { latitude: 52.520008, longitude: 13.404954, name: 'Main Street Clinic', address: '1 Main Street' },
};

export const sampleCustomer = { phone: sampleMessage.from, name: sampleMessage.name };

export { z };
