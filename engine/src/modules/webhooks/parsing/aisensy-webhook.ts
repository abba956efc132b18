import type { InboundItem } from './inbound-item';
import { textOf } from './message-text';
import { parseMetaWebhook } from './meta-webhook';
import { recordOf, stringOf, waIdToE164 } from './payload-read';

/**
 * Items of an AiSensy inbound webhook. UNCONFIRMED FORMAT: AiSensy publishes no inbound webhook
 * reference we could read (whatsapp.md §5). Two shapes are accepted:
 * - `{ topic: 'message.sender.user', data: { message: { id, phone_number, message_type,
 *   message_content, sent_at } } }`, as third-party adapter code expects it;
 * - a forwarded raw Meta payload (`object: 'whatsapp_business_account'`), as other BSPs do.
 * Anything else (other topics such as `message.created`, statuses, contacts) gives `[]` until a
 * real AiSensy delivery has been captured. Never throws.
 */
export function parseAisensyWebhook(body: unknown): InboundItem[] {
  const payload = recordOf(body);
  if (!payload) return [];
  if (payload.object === 'whatsapp_business_account') return parseMetaWebhook(payload);
  if (payload.topic !== 'message.sender.user') return [];
  const message = recordOf(recordOf(payload.data)?.message);
  // `sender: "USER"` is in the third-party sample; anything else would be an echo of our own send.
  if (!message || (message.sender !== undefined && message.sender !== 'USER')) return [];
  const id = stringOf(message.id);
  const from = phoneOf(message.phone_number);
  const timestamp = timeOf(message.sent_at);
  if (!id || !from || !timestamp) return [];
  const type = (stringOf(message.message_type) ?? 'unknown').toLowerCase();
  // The sample only shows `message_content: { text: { body } }`; we guess that other types are
  // keyed Meta-style (`image: { caption }`, …) and let textOf fall back to its placeholders.
  const content = recordOf(message.message_content) ?? {};
  return [
    {
      kind: 'message',
      providerMessageId: id,
      from,
      name: null, // no profile name in the known sample
      type,
      text: textOf({ ...content, type }),
      timestamp,
      phoneNumberId: null, // AiSensy identifies the project (X-AiSensy-Project-Id), not the Meta number
      contextMessageId: null,
      raw: payload,
    },
  ];
}

/** AiSensy recommends `+` on outbound numbers; inbound may come either way (unconfirmed). */
function phoneOf(value: unknown): string | null {
  return typeof value === 'string' ? waIdToE164(value.replace(/[\s-]/g, '')) : null;
}

/** `sent_at`'s format is unknown: accept Unix seconds, Unix milliseconds or an ISO string. */
function timeOf(value: unknown): string | null {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text === '') return null;
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text);
    // Seconds are 10 digits until the year 2286; milliseconds are 13 today.
    if (ms < 1e11) ms *= 1000;
  } else {
    ms = Date.parse(text);
  }
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
