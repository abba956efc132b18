import type { InboundItem, MessageStatus } from './inbound-item';
import { contentOf, replyOf, textOf } from './message-text';
import { arrayOf, errorOf, recordOf, stringOf, unixSecondsToIso, waIdToE164 } from './payload-read';

export { textOf } from './message-text';

const STATUSES: ReadonlySet<string> = new Set<MessageStatus>(['sent', 'delivered', 'read', 'failed', 'played']);

/**
 * Every item of a Meta WhatsApp webhook POST (also what Heltar forwards unchanged), in payload
 * order: per entry, per change, its messages, then its statuses, then its errors.
 * Never throws: unknown fields, unknown statuses and malformed items are skipped, because the
 * controller must answer 200 anyway (anything else only makes Meta redeliver). Duplicates are
 * not removed here; the caller dedupes on the wamid (messages) and on (wamid, status).
 */
export function parseMetaWebhook(body: unknown): InboundItem[] {
  const payload = recordOf(body);
  // A forwarder may drop `object`; another Meta product (page, instagram) must not pass.
  if (!payload || (payload.object !== undefined && payload.object !== 'whatsapp_business_account')) return [];
  const items: InboundItem[] = [];
  for (const entry of arrayOf(payload.entry)) {
    // Template changes come per WhatsApp Business Account: the entry's id is the WABA, its time when it happened.
    const account = { wabaId: stringOf(recordOf(entry)?.id), at: unixSecondsToIso(recordOf(entry)?.time) };
    for (const change of arrayOf(recordOf(entry)?.changes)) {
      const field = recordOf(change)?.field;
      const value = recordOf(recordOf(change)?.value);
      if (!value) continue;
      if (field === 'messages') items.push(...messagesField(value));
      else if (field === 'message_template_status_update') items.push(...templateStatus(value, account));
      else if (field === 'message_template_quality_update') items.push(...templateQuality(value, account));
      else if (field === 'phone_number_quality_update') items.push(...qualityUpdate(value));
    }
  }
  return items;
}

function messagesField(value: Record<string, unknown>): InboundItem[] {
  const phoneNumberId = stringOf(recordOf(value.metadata)?.phone_number_id);
  const names = new Map<string, string>();
  for (const contact of arrayOf(value.contacts)) {
    const waId = stringOf(recordOf(contact)?.wa_id);
    const name = stringOf(recordOf(recordOf(contact)?.profile)?.name);
    if (waId && name) names.set(waId, name);
  }
  const items: InboundItem[] = [];
  for (const raw of arrayOf(value.messages)) {
    const message = recordOf(raw);
    // Username users (`from_user_id` without `from`) are skipped: customers, the 24-hour window
    // and opt-outs are keyed by phone number, and a message without one cannot be answered or
    // attributed. Revisit when contacts can be keyed by a WhatsApp user id.
    const from = waIdToE164(message?.from);
    const id = stringOf(message?.id);
    // Without a timestamp the 24-hour window cannot be computed; Meta always sends one.
    const timestamp = unixSecondsToIso(message?.timestamp);
    if (!message || !from || !id || !timestamp) continue;
    items.push({
      kind: 'message',
      providerMessageId: id,
      from,
      name: names.get(from.slice(1)) ?? null,
      type: typeof message.type === 'string' ? message.type.toLowerCase() : 'unknown',
      text: textOf(message),
      timestamp,
      phoneNumberId,
      contextMessageId: stringOf(recordOf(message.context)?.id),
      ...withReply(replyOf(message)),
      ...contentOf(message),
      raw,
    });
  }
  for (const raw of arrayOf(value.statuses)) {
    const status = recordOf(raw);
    const id = stringOf(status?.id);
    const state = stringOf(status?.status)?.toLowerCase();
    const timestamp = unixSecondsToIso(status?.timestamp);
    if (!status || !id || !state || !STATUSES.has(state) || !timestamp) continue;
    items.push({
      kind: 'status',
      providerMessageId: id,
      status: state as MessageStatus,
      timestamp,
      recipient: waIdToE164(status.recipient_id),
      errors: arrayOf(status.errors).map(errorOf),
      phoneNumberId,
      // Heltar forwards Meta's payload and echoes its own `refId` (reference §4).
      callbackData: stringOf(status.biz_opaque_callback_data) ?? stringOf(status.refId) ?? stringOf(status.ref_id),
      raw,
    });
  }
  for (const raw of arrayOf(value.errors)) {
    if (recordOf(raw)) items.push({ kind: 'error', ...errorOf(raw), raw });
  }
  return items;
}

interface Account {
  wabaId: string | null;
  at: string | null;
}

function templateStatus(value: Record<string, unknown>, account: Account): InboundItem[] {
  const event = stringOf(value.event)?.toUpperCase();
  const name = stringOf(value.message_template_name);
  if (!event || !name) return [];
  const code = stringOf(value.reason);
  // Meta sends the literal "NONE" when there is no reason; INVALID_FORMAT comes with an explanation.
  const explanation = stringOf(recordOf(value.rejection_info)?.reason);
  const reason = code && code.toUpperCase() !== 'NONE' ? (explanation ? `${code}: ${explanation}` : code) : explanation;
  return [
    {
      kind: 'template_status',
      event,
      templateId: stringOf(value.message_template_id),
      name,
      language: stringOf(value.message_template_language) ?? '',
      reason: reason ?? null,
      category: stringOf(value.message_template_category),
      wabaId: account.wabaId,
      at: account.at,
      raw: value,
    },
  ];
}

function templateQuality(value: Record<string, unknown>, account: Account): InboundItem[] {
  const quality = stringOf(value.new_quality_score)?.toUpperCase();
  const name = stringOf(value.message_template_name);
  if (!quality || !name) return [];
  return [
    {
      kind: 'template_quality',
      quality,
      templateId: stringOf(value.message_template_id),
      name,
      language: stringOf(value.message_template_language) ?? '',
      wabaId: account.wabaId,
      raw: value,
    },
  ];
}

/** A change of the sender's messaging limit or throughput (reference §3.3); nothing when it names neither. */
function qualityUpdate(value: Record<string, unknown>): InboundItem[] {
  const event = stringOf(value.event)?.toUpperCase() ?? null;
  const currentLimit = stringOf(value.current_limit);
  const maxDaily = stringOf(value.max_daily_conversations_per_business);
  if (!event && !currentLimit && !maxDaily) return [];
  return [{ kind: 'quality_update', event, displayPhoneNumber: stringOf(value.display_phone_number), currentLimit, maxDaily, raw: value }];
}

function withReply(reply: ReturnType<typeof replyOf>): { reply?: NonNullable<ReturnType<typeof replyOf>> } {
  return reply ? { reply } : {};
}
