import { z } from 'zod';
import { apiSchema } from './registry';

/** Every error answer of the API (CONTRACT "HTTP API"): `details` lists each bad field of a 400. */
export const apiErrorSchema = apiSchema(
  'ApiError',
  z.strictObject({
    error: z.strictObject({
      code: z.string().describe('INVALID_INPUT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE, UNPROCESSABLE, RATE_LIMITED, GRAPH_INVALID, UNAVAILABLE…'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  }),
  'The error envelope: `{ error: { code, message, details? } }`',
);
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** A step's, run's or message's error: `{ code, message, retryable }` (CONTRACT "Error codes"). */
export const stepErrorSchema = apiSchema(
  'StepError',
  z.strictObject({ code: z.string(), message: z.string(), retryable: z.boolean(), details: z.unknown().optional() }),
);
export type StepErrorView = z.infer<typeof stepErrorSchema>;

/** One run an event started. */
export const startedRunSchema = apiSchema('StartedRun', z.strictObject({ runId: z.string(), flowId: z.string() }));
export type StartedRun = z.infer<typeof startedRunSchema>;

/**
 * A node of a stored graph. Drafts are saved as sent (validation reports what is wrong), so
 * unknown fields are kept rather than refused.
 */
export const flowNodeSchema = apiSchema(
  'FlowNode',
  z.object({
    id: z.string(),
    type: z.string(),
    typeVersion: z.number().int().optional(),
    name: z.string().optional(),
    config: z.record(z.string(), z.unknown()),
    position: z.object({ x: z.number(), y: z.number() }).optional(),
    retry: z.object({ attempts: z.number().optional(), backoffMs: z.number().optional() }).optional(),
  }),
);

export const flowEdgeSchema = apiSchema(
  'FlowEdge',
  z.object({
    id: z.string(),
    source: z.string(),
    target: z.string(),
    sourceHandle: z.string().nullable().optional(),
    targetHandle: z.string().nullable().optional(),
  }),
);

/** The nodes and edges of a flow (CONTRACT "Flow document"); write-only values come back as the marker. */
export const flowGraphSchema = apiSchema('FlowGraph', z.object({ nodes: z.array(flowNodeSchema), edges: z.array(flowEdgeSchema) }));

/** One problem of a graph; `nodeId` is null for the graph as a whole. */
export const graphProblemSchema = apiSchema(
  'GraphProblem',
  z.strictObject({ nodeId: z.string().nullable(), field: z.string(), message: z.string(), edgeId: z.string().optional() }),
);
