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
