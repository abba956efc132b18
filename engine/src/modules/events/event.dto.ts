import { z } from 'zod';

/** `POST /api/events`: `{ type, id, occurredAt, data }`; `type` must be one of `types` (the trigger types). */
export function eventSchema(types: readonly string[]) {
  return z.object({
    type: z.string({ error: 'type is required' }).refine((type) => types.length === 0 || types.includes(type), { message: `type must be one of: ${types.join(', ')}` }),
    id: z.string().trim().min(1, 'id must not be empty').max(200, 'id must be at most 200 characters').optional(),
    occurredAt: z.iso.datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time' }).optional(),
    // An event without data would start runs with nothing in them.
    data: z.record(z.string(), z.unknown(), { error: 'data is required: an object with the event\'s fields (e.g. call, customer, variables)' }),
  });
}
