import type { EventDataIssue } from '@switchboard/nodes';
import { eventBodySchema } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import { fieldPath } from '../../common/validation';

/** The problems of an event's data against its trigger's shape (`NodeCatalog.eventDataIssues`). */
export type EventDataCheck = (type: string, data: unknown) => EventDataIssue[];

/**
 * `POST /api/events`: `{ type, id, occurredAt, data }`; `type` must be one of `types` (the trigger
 * types) and `data` fit that trigger's event shape (`checkData`), each bad field named
 * (`data.call.durationSeconds`) alongside any problem of the envelope.
 */
export function eventSchema(types: readonly string[], checkData: EventDataCheck = () => []) {
  return eventBodySchema
    .extend({
      type: eventBodySchema.shape.type.refine((type) => types.length === 0 || types.includes(type), { message: `type must be one of: ${types.join(', ')}` }),
    })
    .superRefine(
      (event, ctx) => {
        for (const issue of checkData(event.type, event.data)) ctx.addIssue({ code: 'custom', path: ['data', ...issue.path], message: issue.message });
      },
      // Also when the id or time is bad: the answer names every problem at once.
      { when: ({ value }) => isRecord(value) && typeof value.type === 'string' && isRecord(value.data) },
    );
}

/**
 * Throws `INVALID_INPUT` naming each field of `data` that does not fit the trigger's event shape,
 * under `prefix` (`event.call.durationSeconds` for a test run's `{ event }`).
 */
export function assertEventData(checkData: EventDataCheck, type: string, data: Record<string, unknown>, prefix: string): void {
  const issues = checkData(type, data);
  if (issues.length > 0) throw ApiError.invalid(issues.map((issue) => ({ field: fieldPath(issue.path, prefix), message: issue.message })));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
