import { z } from 'zod';
import { apiSchema, instant } from './registry';

/** A provider's webhook delivery and how processing it went. */
export const deliveryViewSchema = apiSchema(
  'WebhookDeliveryView',
  z.strictObject({
    id: z.string(),
    connectionId: z.string(),
    provider: z.string(),
    status: z.enum(['received', 'processed', 'failed']),
    attempts: z.number().int(),
    error: z.string().nullable(),
    receivedAt: instant,
    processedAt: instant.nullable(),
  }),
);
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

export const deliveryListSchema = apiSchema('WebhookDeliveryList', z.strictObject({ deliveries: z.array(deliveryViewSchema) }));
export type DeliveryList = z.infer<typeof deliveryListSchema>;


/** `GET /api/webhook-deliveries?status&limit`: the failed ones unless `status` says otherwise. */
export const deliveryListQuerySchema = z
  .object({
    status: z.enum(['failed', 'received', 'processed'], { error: 'status is failed, received or processed' }).default('failed'),
    limit: z.coerce.number<number | string>().int().min(1).max(500).default(100),
  })
  .strict();
export type DeliveryListQuery = z.input<typeof deliveryListQuerySchema>;
