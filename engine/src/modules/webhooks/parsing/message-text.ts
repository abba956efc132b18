import type { InboundReply } from './inbound-item';
import { recordOf, stringOf } from './payload-read';

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
