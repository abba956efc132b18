import { z } from 'zod';
import { stepErrorSchema } from './common';
import { apiSchema, instant } from './registry';

/**
 * An interactive message as sent (`whatsapp.send_interactive`): exactly one of `buttons`, `list`
 * or `cta`. The message's `text` stays its text rendering, for views that only show text.
 */
export const interactiveMessageSchema = z.strictObject({
  header: z.string().optional(),
  body: z.string(),
  footer: z.string().optional(),
  buttons: z.array(z.strictObject({ id: z.string(), title: z.string() })).optional(),
  list: z
    .strictObject({
      button: z.string(),
      sections: z.array(z.strictObject({ title: z.string().optional(), rows: z.array(z.strictObject({ id: z.string(), title: z.string(), description: z.string().optional() })) })),
    })
    .optional(),
  cta: z.strictObject({ text: z.string(), url: z.string() }).optional(),
});
export type InteractiveMessage = z.infer<typeof interactiveMessageSchema>;

/** A media message as sent (`whatsapp.send_media`): the link the provider fetched it from. */
export const mediaMessageSchema = z.strictObject({
  kind: z.enum(['image', 'document', 'video', 'audio']),
  url: z.string(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});
export type MediaMessage = z.infer<typeof mediaMessageSchema>;

/** An outbound or inbound WhatsApp message with its delivery status. */
export const messageViewSchema = apiSchema(
  'MessageView',
  z.strictObject({
    id: z.string(),
    connectionId: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    /** The customer's number (E.164). */
    customer: z.string(),
    customerName: z.string().nullable(),
    conversationId: z.string().nullable(),
    kind: z.enum(['template', 'text']),
    template: z.string().nullable(),
    language: z.string().nullable(),
    /** A template's parameters; null for other messages. */
    parameters: z.unknown(),
    text: z.string().nullable(),
    /** The buttons, list or link of an interactive message, for views that draw them (the simulator); else null. */
    interactive: interactiveMessageSchema.nullable(),
    /** The image, document, video or audio of a media message; else null. */
    media: mediaMessageSchema.nullable(),
    providerMessageId: z.string().nullable(),
    status: z.string(),
    error: stepErrorSchema.nullable(),
    runId: z.string().nullable(),
    nodeId: z.string().nullable(),
    createdAt: instant,
    statusAt: instant.nullable(),
    updatedAt: instant,
  }),
);
export type MessageView = z.infer<typeof messageViewSchema>;

export const messageListSchema = apiSchema('MessageList', z.strictObject({ messages: z.array(messageViewSchema) }));
export type MessageList = z.infer<typeof messageListSchema>;

/** `GET /api/messages?runId&conversationId&connectionId&limit`: newest first. */
export const messageListQuerySchema = z
  .object({
    runId: z.uuid('runId must be a run id').optional(),
    conversationId: z.uuid('conversationId must be a conversation id').optional(),
    connectionId: z.uuid('connectionId must be a connection id').optional(),
    limit: z.coerce.number<number | string>().int().min(1).max(500).default(100),
  })
  .strict();
export type MessageListQuery = z.input<typeof messageListQuerySchema>;
