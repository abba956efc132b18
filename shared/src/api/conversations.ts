import { z } from 'zod';
import { startedRunSchema } from './common';
import { messageViewSchema } from './messages';
import { apiSchema, instant } from './registry';

const conversationFields = {
  id: z.string(),
  connectionId: z.string(),
  customer: z.strictObject({ phone: z.string(), name: z.string().nullable() }),
  status: z.enum(['open', 'closed']),
  startedAt: instant,
  lastMessageAt: instant,
  lastInboundAt: instant.nullable(),
  /** The end of the 24-hour window for free-form messages; null before the customer writes. */
  windowEndsAt: instant.nullable(),
  inactivityMinutes: z.number().int(),
  closedAt: instant.nullable(),
  closeReason: z.enum(['inactivity', 'closed']).nullable(),
  messageCount: z.number().int().nullable(),
};

/** A WhatsApp conversation as `GET /api/conversations` lists it. */
export const conversationViewSchema = apiSchema('ConversationView', z.strictObject(conversationFields));
export type ConversationView = z.infer<typeof conversationViewSchema>;

/** `GET /api/conversations/:id`: with its messages in both directions, oldest first. */
export const conversationDetailSchema = apiSchema('ConversationDetail', z.strictObject({ ...conversationFields, messages: z.array(messageViewSchema) }));
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const conversationListSchema = apiSchema('ConversationList', z.strictObject({ conversations: z.array(conversationViewSchema) }));
export type ConversationList = z.infer<typeof conversationListSchema>;

/** `DELETE /api/contacts/:phone`: what erasing one customer removed, by table. */
export const customerErasureSchema = apiSchema(
  'CustomerErasure',
  z.strictObject({
    phone: z.string(),
    erased: z.strictObject({
      messages: z.number().int(),
      messageStatuses: z.number().int(),
      conversations: z.number().int(),
      contacts: z.number().int(),
      aiConversations: z.number().int(),
      runs: z.number().int(),
      cancelledRuns: z.number().int(),
      emails: z.number().int(),
      tasks: z.number().int(),
      alerts: z.number().int(),
      webhookDeliveries: z.number().int(),
    }),
    /** The customer had opted out: the bare opt-out stays so they stay opted out. */
    optOutKept: z.boolean(),
  }),
);
export type CustomerErasure = z.infer<typeof customerErasureSchema>;

/** `POST /api/sandbox/:connectionId/inbound`: the stored message and the runs it started or resumed. */
export const sandboxInboundResultSchema = apiSchema(
  'SandboxInboundResult',
  z.strictObject({ messageId: z.string(), conversationId: z.string(), eventId: z.string(), runs: z.array(startedRunSchema) }),
);
export type SandboxInboundResult = z.infer<typeof sandboxInboundResultSchema>;

/** One customer of a sandbox sender, as a phone's chat list shows them. */
export const sandboxCustomerSchema = apiSchema(
  'SandboxCustomer',
  z.strictObject({
    phone: z.string(),
    name: z.string().nullable(),
    lastMessageAt: instant,
    lastText: z.string().nullable(),
    lastDirection: z.enum(['inbound', 'outbound']),
    /** The customer's messages after the sender's last one to them. */
    unread: z.number().int(),
  }),
);
export type SandboxCustomer = z.infer<typeof sandboxCustomerSchema>;

/** `GET /api/sandbox/:connectionId/customers`: everyone who received or sent messages on the sender, newest first. */
export const sandboxCustomerListSchema = apiSchema('SandboxCustomerList', z.strictObject({ customers: z.array(sandboxCustomerSchema) }));
export type SandboxCustomerList = z.infer<typeof sandboxCustomerListSchema>;

// Request bodies: what the engine validates and /api/docs documents inline.

const SANDBOX_MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const;

/**
 * `POST /api/sandbox/:connectionId/inbound`: a customer writes to a sandbox sender — text, a tap
 * (`buttonId`), or like Meta's non-text messages a file (`media`), a pin (`location`) or a
 * reaction to an earlier message (`reaction`); then `text` may be left out (a caption or
 * `[image]` stands in, as for Meta's).
 */
export const sandboxInboundSchema = z
  .object({
    from: z.string({ error: 'from is required (the customer phone number)' }).min(1, 'from is required (the customer phone number)'),
    text: z.string({ error: 'text must be text' }).min(1, 'text must not be empty').max(4096, 'text must be at most 4096 characters').optional(),
    name: z.string().max(200).optional(),
    /** A tap on a reply button (or list row) of a message the flow sent: its id; `text` is the title the customer saw. */
    buttonId: z.string().min(1, 'buttonId must not be empty').max(256, 'buttonId must be at most 256 characters').optional(),
    media: z
      .strictObject({
        kind: z.enum(SANDBOX_MEDIA_KINDS, { error: `media.kind is one of ${SANDBOX_MEDIA_KINDS.join(', ')}` }),
        url: z.string({ error: 'media.url is required' }).regex(/^https?:\/\/\S+$/i, 'media.url must be an http(s) link'),
        caption: z.string().max(1024, 'media.caption must be at most 1024 characters').optional(),
        filename: z.string().max(240, 'media.filename must be at most 240 characters').optional(),
        mimeType: z.string().max(200).optional(),
      })
      .optional(),
    location: z
      .strictObject({
        latitude: z.number({ error: 'location.latitude must be a number' }).min(-90, 'location.latitude must be between -90 and 90').max(90, 'location.latitude must be between -90 and 90'),
        longitude: z.number({ error: 'location.longitude must be a number' }).min(-180, 'location.longitude must be between -180 and 180').max(180, 'location.longitude must be between -180 and 180'),
        name: z.string().max(1000).optional(),
        address: z.string().max(1000).optional(),
      })
      .optional(),
    reaction: z
      .strictObject({
        messageId: z.string({ error: 'reaction.messageId is required (the message reacted to)' }).min(1, 'reaction.messageId must not be empty'),
        emoji: z.string().max(16, 'reaction.emoji must be one emoji').optional(),
      })
      .optional(),
  })
  .superRefine((input, ctx) => {
    const kinds = (['buttonId', 'media', 'location', 'reaction'] as const).filter((key) => input[key] !== undefined);
    if (kinds.length > 1) ctx.addIssue({ code: 'custom', path: [kinds[1]!], message: `Give one of buttonId, media, location or reaction, not ${kinds.join(' and ')}` });
    if (input.text === undefined && (kinds.length === 0 || kinds[0] === 'buttonId')) ctx.addIssue({ code: 'custom', path: ['text'], message: 'text is required' });
  });
export type SandboxInbound = z.infer<typeof sandboxInboundSchema>;

/** `GET /api/conversations?connectionId&status&customer&limit`: the most recently active first. */
export const conversationListQuerySchema = z
  .object({
    connectionId: z.uuid('connectionId must be a connection id').optional(),
    status: z.enum(['open', 'closed'], { error: 'status is open or closed' }).optional(),
    customer: z.string().optional(),
    limit: z.coerce.number<number | string>().int().min(1).max(200).default(50),
  })
  .strict();
export type ConversationListQuery = z.input<typeof conversationListQuerySchema>;
