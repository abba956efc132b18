import { z } from 'zod';
import { stepErrorSchema } from './common';
import { apiSchema, instant } from './registry';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export const STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatusName = (typeof RUN_STATUSES)[number];
export type StepStatusName = (typeof STEP_STATUSES)[number];

/** Who a run is about, from its event: `customer.phone`/`name` of a call, `from`/`name` of a WhatsApp message. */
export const runCustomerSchema = apiSchema('RunCustomer', z.strictObject({ phone: z.string().nullable(), name: z.string().nullable() }));
export type RunCustomer = z.infer<typeof runCustomerSchema>;

/** A run as `GET /api/runs` lists it. */
export const runSummarySchema = apiSchema(
  'RunSummary',
  z.strictObject({
    id: z.string(),
    flowId: z.string(),
    flowVersionId: z.string(),
    status: z.enum(RUN_STATUSES),
    isTest: z.boolean(),
    /** The customer the run is about; null when its event names none (a schedule, a webhook). */
    customer: runCustomerSchema.nullable(),
    /** One readable line of the trigger, e.g. `Call from Alex Carter, connected, 2:05`. */
    summary: z.string(),
    /** The published version's number; null for a draft's test run. */
    version: z.number().int().nullable(),
    /** The run this one replays (`POST /api/runs/:id/replay`), or null. */
    replayOf: z.string().nullable(),
    error: stepErrorSchema.nullable(),
    createdAt: instant,
    startedAt: instant.nullable(),
    finishedAt: instant.nullable(),
    durationMs: z.number().nullable(),
  }),
);
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runListSchema = apiSchema('RunList', z.strictObject({ runs: z.array(runSummarySchema), nextCursor: z.string().nullable() }));
export type RunList = z.infer<typeof runListSchema>;

const stepFields = {
  nodeId: z.string(),
  type: z.string(),
  name: z.string(),
  status: z.enum(STEP_STATUSES),
  handle: z.string().nullable(),
  /** The rendered input. */
  input: z.unknown(),
  output: z.unknown(),
  error: stepErrorSchema.nullable(),
  warnings: z.array(z.string()),
  attempts: z.number().int(),
  startedAt: instant.nullable(),
  finishedAt: instant.nullable(),
  durationMs: z.number().nullable(),
};

/** A step as it ran for one item of a loop. */
export const iterationStepSchema = apiSchema('IterationStep', z.strictObject(stepFields));

/** One item's pass through a loop's body (on the loop's step). */
export const loopIterationSchema = apiSchema(
  'LoopIteration',
  z.strictObject({
    index: z.number().int(),
    item: z.unknown(),
    status: z.enum(['running', 'waiting', 'succeeded', 'failed']),
    /** The body's steps in the flow's order, as they ran for this item. */
    steps: z.array(iterationStepSchema),
  }),
);
export type LoopIteration = z.infer<typeof loopIterationSchema>;

/** One node's step of a run, in the order the flow runs them. */
export const stepViewSchema = apiSchema(
  'StepView',
  z.strictObject({
    ...stepFields,
    /** A step inside a loop's body: the loop's node id. */
    loopId: z.string().optional(),
    /** A loop step: its iterations as far as they ran; a step inside a loop's body: how many times it ran. */
    iterations: z.union([z.number().int(), z.array(loopIterationSchema)]).optional(),
  }),
);
export type StepView = z.infer<typeof stepViewSchema>;

/** `GET /api/runs/:id`: a run with every step's status, rendered input, output, error, attempts and timings. */
export const runViewSchema = apiSchema(
  'RunView',
  runSummarySchema
    .extend({
      flowName: z.string().nullable(),
      event: z.strictObject({ id: z.string(), type: z.string() }).nullable(),
      /** The replays of this run, oldest first. */
      replays: z.array(z.string()),
      steps: z.array(stepViewSchema),
    })
    .strict(),
);
export type RunView = z.infer<typeof runViewSchema>;

// Request queries: what the engine validates (the values of a query string are text; numbers are coerced).

/** `GET /api/runs?flowId&status&limit&cursor`: newest first; `nextCursor` of one page asks for the next. */
export const runListQuerySchema = z.object({
  flowId: z.uuid('flowId must be a flow id').optional(),
  status: z.enum(RUN_STATUSES, { error: `status must be one of: ${RUN_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce.number<number | string>().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
  cursor: z.string().optional(),
});
export type RunListQuery = z.input<typeof runListQuerySchema>;

/** `POST /api/runs/:id/replay`: the node id of the run's flow to run again from. */
export const replayRunSchema = apiSchema(
  'ReplayRun',
  z.object({ fromStep: z.string({ error: 'fromStep must be a node id of the flow' }).min(1, 'fromStep must be a node id of the flow') }).strict(),
);
export type ReplayRunBody = z.input<typeof replayRunSchema>;

export const replayResultSchema = apiSchema('ReplayResult', z.strictObject({ runId: z.string() }));
export type ReplayResult = z.infer<typeof replayResultSchema>;

/** How many runs one bulk action takes. */
export const MAX_BULK_RUNS = 200;

/** `POST /api/runs/bulk`: retry or cancel several runs, each as its own route would. */
export const bulkRunActionSchema = apiSchema(
  'BulkRunAction',
  z
    .object({
      action: z.enum(['retry', 'cancel'], { error: 'action is retry or cancel' }),
      runIds: z
        .array(z.string({ error: 'runIds must hold run ids' }), { error: 'runIds must be a list of run ids' })
        .min(1, 'runIds must name at least one run')
        .max(MAX_BULK_RUNS, `runIds may name at most ${MAX_BULK_RUNS} runs`),
    })
    .strict(),
);
export type BulkRunAction = z.input<typeof bulkRunActionSchema>;

/** Each run's outcome, in the order asked; one failing does not stop the others. */
export const bulkRunResultSchema = apiSchema(
  'BulkRunResult',
  z.strictObject({
    results: z.array(z.strictObject({ runId: z.string(), ok: z.boolean(), error: z.strictObject({ code: z.string(), message: z.string() }).optional() })),
  }),
);
export type BulkRunResult = z.infer<typeof bulkRunResultSchema>;
