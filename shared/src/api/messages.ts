import { z } from 'zod';
import { stepErrorSchema } from './common';
import { apiSchema, instant } from './registry';

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
    parameters: z.unknown(),
    text: z.string().nullable(),
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
