import { z } from 'zod';
import { startedRunSchema } from './common';
import { apiSchema } from './registry';

/** `202` from `POST /api/events` (and an inbound webhook): the runs the event started. */
export const eventAcceptedSchema = apiSchema('EventAccepted', z.strictObject({ eventId: z.string(), runs: z.array(startedRunSchema) }));
export type EventAccepted = z.infer<typeof eventAcceptedSchema>;

/** `200` for an event `id` seen before: the first delivery's runs. */
export const eventDuplicateSchema = apiSchema(
  'EventDuplicate',
  z.strictObject({ eventId: z.string(), duplicate: z.literal(true), runs: z.array(startedRunSchema) }),
);
export type EventDuplicate = z.infer<typeof eventDuplicateSchema>;

// Request bodies: what the engine validates and /api/docs documents inline.

/**
 * `POST /api/events`: `{ type, id?, occurredAt?, data }`. The engine also checks `type` against
 * its trigger types and `data` against that trigger's event shape (CONTRACT "Event data").
 */
export const eventBodySchema = z.object({
  type: z.string({ error: 'type is required' }),
  id: z.string().trim().min(1, 'id must not be empty').max(200, 'id must be at most 200 characters').optional(),
  occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time' }).optional(),
  // An event without data would start runs with nothing in them.
  data: z.record(z.string(), z.unknown(), { error: 'data is required: an object with the event\'s fields (e.g. call, customer, variables)' }),
});
export type EventBody = z.input<typeof eventBodySchema>;
