import type { InboundContact, InboundContent, InboundMedia, InboundReply } from './inbound-item';
import { arrayOf, recordOf, stringOf } from './payload-read';

/**
 * The button or list row a Meta message answers: `interactive.button_reply {id, title}`,
 * `interactive.list_reply {id, title, description}`, or a template quick reply
 * `button {payload, text}` (reference/whatsapp.md §2.3); undefined for any other message.
 */
export function replyOf(message: unknown): InboundReply | undefined {
  const m = recordOf(message) ?? {};
  if (m.type === 'button') {
    const button = recordOf(m.button) ?? {};
    const title = stringOf(button.text) ?? stringOf(button.payload);
    const id = stringOf(button.payload) ?? title;
    return id && title ? { kind: 'button', id, title } : undefined;
  }
  if (m.type !== 'interactive') return undefined;
  const interactive = recordOf(m.interactive) ?? {};
  const button = recordOf(interactive.button_reply);
  const list = recordOf(interactive.list_reply);
  const chosen = button ?? list;
  const id = stringOf(chosen?.id);
  const title = stringOf(chosen?.title);
  if (!chosen || !id || !title) return undefined;
  const description = list ? stringOf(list.description) : null;
  return { kind: button ? 'button' : 'list', id, title, ...(description ? { description } : {}) };
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/**
 * A readable text for an inbound Meta message, for flows, conditions and the inbox.
 * Non-text messages get a bracketed placeholder so that a text condition never sees `''`
 * for something the customer did send.
 *
 * @example textOf({ type: 'document', document: { filename: 'cv.pdf' } }) // '[document: cv.pdf]'
 */
export function textOf(message: unknown): string {
  const m = recordOf(message) ?? {};
  const type = typeof m.type === 'string' ? m.type : '';
  const body = recordOf(m[type]) ?? {};
  switch (type) {
    case 'text':
      return typeof body.body === 'string' ? body.body : '';
    case 'button':
      // A tap on a template quick-reply button: `text` is the label the customer saw.
      return stringOf(body.text) ?? stringOf(body.payload) ?? '[button]';
    case 'interactive':
      return stringOf(recordOf(body.button_reply)?.title) ?? stringOf(recordOf(body.list_reply)?.title) ?? '[interactive]';
    case 'location':
      return '[location]';
    case 'reaction': {
      // An empty emoji means the customer removed an earlier reaction.
      const emoji = stringOf(body.emoji);
      return emoji ? `[reaction ${emoji}]` : '[reaction removed]';
    }
    case 'contacts':
    case 'order':
    case 'system':
      return `[${type}]`;
  }
  if (MEDIA_TYPES.has(type)) {
    const caption = stringOf(body.caption);
    if (caption) return caption;
    const filename = type === 'document' ? stringOf(body.filename) : null;
    return filename ? `[document: ${filename}]` : `[${type}]`;
  }
  return '[unsupported]';
}

/**
 * What a Meta message carries besides text (reference/whatsapp.md §2.3): a media object
 * `{id, mime_type, sha256, caption?, filename?}`, a `location {latitude, longitude, name?, address?}`,
 * a `reaction {message_id, emoji}` or `contacts[]`; empty for other types and malformed ones.
 */
export function contentOf(message: unknown): InboundContent {
  const m = recordOf(message) ?? {};
  const type = typeof m.type === 'string' ? m.type : '';
  const body = recordOf(m[type]);
  if (MEDIA_TYPES.has(type) && body) {
    const media: InboundMedia = {
      kind: type as InboundMedia['kind'],
      id: stringOf(body.id),
      mimeType: stringOf(body.mime_type),
      sha256: stringOf(body.sha256),
      caption: stringOf(body.caption),
      filename: type === 'document' ? stringOf(body.filename) : null,
    };
    return { media };
  }
  if (type === 'location' && body) {
    const latitude = numberOf(body.latitude);
    const longitude = numberOf(body.longitude);
    if (latitude === null || longitude === null) return {};
    return { location: { latitude, longitude, name: stringOf(body.name), address: stringOf(body.address) } };
  }
  if (type === 'reaction' && body) {
    const messageId = stringOf(body.message_id);
    return messageId ? { reaction: { messageId, emoji: stringOf(body.emoji) } } : {};
  }
  if (type === 'contacts') {
    const contacts = arrayOf(m.contacts).map(contactOf).filter((contact): contact is InboundContact => contact !== null);
    return contacts.length ? { contacts } : {};
  }
  return {};
}

function contactOf(raw: unknown): InboundContact | null {
  const contact = recordOf(raw);
  if (!contact) return null;
  const name = recordOf(contact.name);
  return {
    name: stringOf(name?.formatted_name) ?? ([stringOf(name?.first_name), stringOf(name?.last_name)].filter(Boolean).join(' ') || null),
    phones: arrayOf(contact.phones).flatMap((item) => {
      const phone = recordOf(item);
      const value = stringOf(phone?.phone) ?? stringOf(phone?.wa_id);
      return value ? [{ phone: value, waId: stringOf(phone?.wa_id), type: stringOf(phone?.type) }] : [];
    }),
    emails: arrayOf(contact.emails).flatMap((item) => {
      const email = recordOf(item);
      const value = stringOf(email?.email);
      return value ? [{ email: value, type: stringOf(email?.type) }] : [];
    }),
  };
}

/** Meta sends coordinates as numbers; some forwarders as numeric strings. */
function numberOf(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : null;
}
