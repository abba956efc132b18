import { z } from 'zod';
import { configSizeProblem } from '@switchboard/shared';

/** A graph as a draft may hold it: any nodes and edges (validation reports what is wrong), but no step's settings beyond `MAX_NODE_CONFIG_CHARS`. */
export const draftGraphSchema = z.object(
  {
    nodes: z.array(z.unknown(), { error: 'graph.nodes must be a list' }).superRefine((nodes, ctx) => {
      nodes.forEach((node, index) => {
        if (!isRecord(node)) return;
        const name = typeof node.id === 'string' && node.id !== '' ? `step "${node.id.slice(0, 64)}"` : `the step at position ${index + 1}`;
        const problem = configSizeProblem(name, node.config);
        if (problem) ctx.addIssue({ code: 'custom', path: [index, 'config'], message: problem });
      });
    }),
    edges: z.array(z.unknown(), { error: 'graph.edges must be a list' }),
  },
  { error: 'graph must be an object with nodes and edges' },
);

export const createFlowSchema = z.object({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(200),
  description: z.string().max(2000).optional(),
  graph: draftGraphSchema.optional(),
  /** The id of a flow template (`GET /api/flow-templates`) to copy instead of a graph. */
  fromTemplate: z.string().min(1).optional(),
});

export const updateFlowSchema = z.object({
  name: z.string().trim().min(1, 'name must not be empty').max(200).optional(),
  description: z.string().max(2000).optional(),
  graph: draftGraphSchema.optional(),
});

export const validateFlowSchema = z.object({ graph: z.unknown().refine((graph) => graph !== undefined, 'graph is required') });

/** The flow document of CONTRACT: what export gives and import takes. */
export const flowDocumentSchema = z.object({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(200),
  description: z.string().max(2000).default(''),
  graph: draftGraphSchema,
});

export const testFlowSchema = z.object({
  event: z.record(z.string(), z.unknown(), { error: 'event must be an object (the trigger event data)' }).optional(),
});

export const runFlowSchema = z.object({
  data: z.record(z.string(), z.unknown(), { error: 'data must be an object' }).default({}),
  id: z.string().min(1).max(200).optional(),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
