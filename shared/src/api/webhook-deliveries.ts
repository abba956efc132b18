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

