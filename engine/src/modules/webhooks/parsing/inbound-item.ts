/** A provider-level error as Meta reports it (`errors[]` on statuses and on `value`). */
export interface InboundError {
  code: number | null;
  title: string | null;
  message: string | null;
}

/**
 * What the customer tapped: `id` is the button's or row's id Switchboard sent (for a template
 * quick reply, its `payload`), `title` the label they saw.
 */
export interface InboundReply {
  kind: 'button' | 'list';
  id: string;
  title: string;
  description?: string;
}

/** The statuses Meta sends for an outbound message (`played` is for voice messages). */
export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

/**
 * One event of an inbound webhook, normalized across providers. `raw` is the provider object
 * the item came from (the message, the status, the error or the template `value`), kept so
 * the caller can store it: sub-fields such as `pricing` change between API versions.
 */
export type InboundItem =
  | {
      kind: 'message';
      /** Meta's wamid: the dedupe key for redelivered webhooks. */
      providerMessageId: string;
      /** E.164 with `+`. */
      from: string;
      name: string | null;
      /** Provider type in lower case: text, image, button, interactive, … */
      type: string;
      /** Readable text, see `textOf`. */
      text: string;
      /** ISO 8601. */
      timestamp: string;
      phoneNumberId: string | null;
      contextMessageId: string | null;
      /** A tapped reply button (`interactive.button_reply`, a template quick reply `button`) or a picked list row. */
      reply?: InboundReply;
      raw: unknown;
    }
  | {
      kind: 'status';
      providerMessageId: string;
      status: MessageStatus;
      timestamp: string;
      /** E.164 with `+`, null for username users who only have `recipient_user_id`. */
      recipient: string | null;
      errors: InboundError[];
      phoneNumberId: string | null;
      /**
       * What the sender attached to the message and the provider echoes back: Meta's
       * `biz_opaque_callback_data`, Heltar's `refId`. Switchboard sends the step's idempotency
       * key there, so a report names the send even when its answer was never stored.
       */
      callbackData: string | null;
      raw: unknown;
    }
  | {
      kind: 'template_status';
      /** APPROVED, REJECTED, DISABLED, PAUSED, … in upper case. */
      event: string;
      templateId: string | null;
      name: string;
      language: string;
      reason: string | null;
      category: string | null;
      raw: unknown;
    }
  | {
      /** Meta's `phone_number_quality_update`: the sender's messaging limit or throughput changed. */
      kind: 'quality_update';
      /** UPGRADE, DOWNGRADE, FLAGGED, UNFLAGGED, ONBOARDING, THROUGHPUT_UPGRADE, … in upper case. */
      event: string | null;
      displayPhoneNumber: string | null;
      /** TIER_250 … TIER_UNLIMITED (Meta is replacing it by `maxDaily`). */
      currentLimit: string | null;
      /** `max_daily_conversations_per_business`: the portfolio's limit, as a tier. */
      maxDaily: string | null;
      raw: unknown;
    }
  | ({ kind: 'error'; raw: unknown } & InboundError);
