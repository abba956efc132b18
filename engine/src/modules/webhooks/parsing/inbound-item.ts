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

/**
 * A file the customer sent (Meta `image|video|audio|document|sticker`): `id` is Meta's media id,
 * which the same sender can send on (`whatsapp.send_media` with `mediaId`) or download; the
 * sandbox has a `url` instead.
 */
export interface InboundMedia {
  kind: 'image' | 'video' | 'audio' | 'document' | 'sticker';
  id: string | null;
  url?: string;
  mimeType: string | null;
  sha256: string | null;
  caption: string | null;
  filename: string | null;
}

/** A shared location pin (Meta `location`). */
export interface InboundLocation {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

/** A reaction to an earlier message (Meta `reaction`); `emoji` null when the customer removed theirs. */
export interface InboundReaction {
  messageId: string;
  emoji: string | null;
}

/** A shared contact card (Meta `contacts[]`), reduced to what flows use. */
export interface InboundContact {
  name: string | null;
  phones: { phone: string; waId: string | null; type: string | null }[];
  emails: { email: string; type: string | null }[];
}

/** What a non-text message carries besides its text rendering; each only for its type. */
export interface InboundContent {
  media?: InboundMedia;
  location?: InboundLocation;
  reaction?: InboundReaction;
  contacts?: InboundContact[];
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
    } & InboundContent
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
      /** The reason code, with Meta's explanation after a colon when it gives one (`INVALID_FORMAT: …`). */
      reason: string | null;
      category: string | null;
      /** The WhatsApp Business Account the change is for (the entry's id), when the payload says. */
      wabaId: string | null;
      /** When it happened (the entry's `time`), ISO; null when the payload does not say. */
      at: string | null;
      raw: unknown;
    }
  | {
      kind: 'template_quality';
      /** GREEN, YELLOW, RED or UNKNOWN. */
      quality: string;
      templateId: string | null;
      name: string;
      language: string;
      wabaId: string | null;
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
