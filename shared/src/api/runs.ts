import { z } from 'zod';
import { stepErrorSchema } from './common';
import { apiSchema, instant } from './registry';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
export const STEP_STATUSES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped'] as const;
export type RunStatusName = (typeof RUN_STATUSES)[number];
export type StepStatusName = (typeof STEP_STATUSES)[number];

/** A run as `GET /api/runs` lists it. */
export const runSummarySchema = apiSchema(
  'RunSummary',
  z.strictObject({
    id: z.string(),
    flowId: z.string(),
    flowVersionId: z.string(),
    status: z.enum(RUN_STATUSES),
    isTest: z.boolean(),
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
      version: z.number().int().nullable(),
      event: z.strictObject({ id: z.string(), type: z.string() }).nullable(),
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
