import { z } from 'zod';
import { apiSchema, instant } from './registry';
import { RUN_STATUSES } from './runs';

/**
 * Why a flow did not start for an event:
 * - `CALL_TYPE_MISMATCH`: the trigger listens to connected (or not-connected) calls only;
 * - `SENDER_MISMATCH`: the message came to another WhatsApp sender;
 * - `REPLY_MISMATCH`: the trigger listens to taps of certain buttons or list rows only, and the
 *   message was another tap or no tap at all; `details` has the expected ids and the actual one;
 * - `CONDITION_FALSE`: the trigger's conditions were false; `details.comparisons` lists each
 *   comparison with its variable, operator, expected and actual value;
 * - `AI_CONDITION_FALSE`: the AI answered no; `details` has the question and the AI's reason;
 * - `CONDITION_ERROR`: the conditions (or the AI condition) could not be evaluated;
 * - `NOT_MATCHED`: the trigger did not match and says no more (another webhook path, function);
 * - `FLOW_UNPUBLISHED`: the flow listens to this event type in its draft but is not published;
 * - `DUPLICATE_EVENT`: the event id was delivered again: nothing new started.
 */
export const ACTIVITY_REASON_CODES = [
  'CALL_TYPE_MISMATCH',
  'SENDER_MISMATCH',
  'REPLY_MISMATCH',
  'CONDITION_FALSE',
  'AI_CONDITION_FALSE',
  'CONDITION_ERROR',
  'NOT_MATCHED',
  'FLOW_UNPUBLISHED',
  'DUPLICATE_EVENT',
] as const;
export type ActivityReasonCode = (typeof ACTIVITY_REASON_CODES)[number];

export const activityReasonSchema = apiSchema(
  'ActivityReason',
  z.strictObject({ code: z.enum(ACTIVITY_REASON_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  'Why a flow did not start, in words, with the compared values in `details` where there are some',
);
export type ActivityReason = z.infer<typeof activityReasonSchema>;

/** One flow of the event's trigger type and what the event did to it. */
export const activityFlowSchema = apiSchema(
  'ActivityFlow',
  z.strictObject({
    flowId: z.string(),
    /** The flow's name now (the version's name when the flow is gone). */
    name: z.string(),
    /** The version that was live when the event came in (absent for `FLOW_UNPUBLISHED`). */
    versionId: z.string().optional(),
    version: z.number().int().nullable().optional(),
    started: z.boolean(),
    runId: z.string().optional(),
    /** The run's status now. */
    runStatus: z.enum(RUN_STATUSES).optional(),
    /** A test run from the editor: started whatever the trigger said. */
    test: z.boolean().optional(),
    reason: activityReasonSchema.optional(),
  }),
);
export type ActivityFlow = z.infer<typeof activityFlowSchema>;

export const activityEventSchema = apiSchema(
  'ActivityEvent',
  z.strictObject({
    /** The caller's event id (the one `POST /api/events` was given or answered). */
    id: z.string(),
    type: z.string(),
    source: z.string(),
    receivedAt: instant,
    /** One readable line: "Call from Alex Carter (+14155551234), connected, 2:05". */
    summary: z.string(),
    /** The customer's phone number, when the event names one. */
    phone: z.string().optional(),
    callId: z.string().optional(),
    /** Set when the same event id was delivered again: `DUPLICATE_EVENT`, with `details.count` and `details.lastAt`. */
    duplicate: activityReasonSchema.optional(),
  }),
);
export type ActivityEvent = z.infer<typeof activityEventSchema>;

export const activityEntrySchema = apiSchema('ActivityEntry', z.strictObject({ event: activityEventSchema, flows: z.array(activityFlowSchema) }));
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const activityListSchema = apiSchema('ActivityList', z.strictObject({ entries: z.array(activityEntrySchema), nextCursor: z.string().nullable() }));
export type ActivityList = z.infer<typeof activityListSchema>;

export const ACTIVITY_STATUSES = ['started', 'not_started', ...RUN_STATUSES] as const;

/**
 * `GET /api/activity?phone&eventId&callId&flowId&status&from&to&limit&cursor`: events newest
 * first. `phone` is the customer's number (any common spelling); `status` is `started`,
 * `not_started` or a run status (with `flowId`, of that flow's run); `from`/`to` bound the
 * received time (from inclusive, to exclusive).
 */
export const activityQuerySchema = z
  .object({
    phone: z.string().min(1).max(40).optional(),
    eventId: z.string().min(1).max(200).optional(),
    callId: z.string().min(1).max(200).optional(),
    flowId: z.uuid('flowId must be a flow id').optional(),
    status: z.enum(ACTIVITY_STATUSES, { error: `status must be one of: ${ACTIVITY_STATUSES.join(', ')}` }).optional(),
    from: z.iso.datetime({ error: 'from is an ISO 8601 instant' }).optional(),
    to: z.iso.datetime({ error: 'to is an ISO 8601 instant' }).optional(),
    limit: z.coerce.number<number | string>().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
    cursor: z.string().optional(),
  })
  .strict();
export type ActivityQuery = z.input<typeof activityQuerySchema>;
