import { z } from 'zod';
import { isRecord } from '../util/is-record';
import { configSizeProblem } from '../validation/validate-nodes';
import { flowEdgeSchema, flowGraphSchema, flowNodeSchema, graphProblemSchema } from './common';
import { apiSchema, instant } from './registry';

/** `GET /api/flows/:id` and every answer that returns a draft. */
export const flowViewSchema = apiSchema(
  'FlowView',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    status: z.enum(['draft', 'published']),
    /** The draft's trigger type, if it has one. */
    triggerType: z.string().nullable(),
    graph: flowGraphSchema,
    valid: z.boolean(),
    problems: z.array(graphProblemSchema),
    /** The draft's revision: one more on every saved change. Send it back as `baseRevision` so a save never overwrites another unseen. */
    revision: z.number().int(),
    publishedVersionId: z.string().nullable(),
    publishedVersion: z.number().int().nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
  'A flow: its draft, its problems and which version is published',
);
export type FlowView = z.infer<typeof flowViewSchema>;

/** `POST /api/flows/:id/presence`: how many other editor tabs have the flow open. */
export const flowPresenceSchema = apiSchema(
  'FlowPresence',
  z.strictObject({
    /** Other sessions whose last heartbeat is younger than `ttlSeconds`. */
    others: z.number().int(),
    /** Who the others are: each tab's person (their name) or API key (its name), once per name. */
    people: z.array(z.string()),
    /** How long a heartbeat counts: send the next one well within it. */
    ttlSeconds: z.number().int(),
  }),
  'Who else has the flow open (a session is one editor tab)',
);
export type FlowPresence = z.infer<typeof flowPresenceSchema>;

export const flowListSchema = apiSchema('FlowList', z.strictObject({ flows: z.array(flowViewSchema) }));
export type FlowList = z.infer<typeof flowListSchema>;

/** One published (immutable) version of a flow. */
export const versionViewSchema = apiSchema(
  'VersionView',
  z.strictObject({ id: z.string(), version: z.number().int(), name: z.string(), triggerType: z.string(), published: z.boolean(), createdAt: instant }),
);
export type VersionView = z.infer<typeof versionViewSchema>;

export const versionListSchema = apiSchema('VersionList', z.strictObject({ versions: z.array(versionViewSchema) }));
export type VersionList = z.infer<typeof versionListSchema>;

/** `GET /api/flows/:id/versions/:version`: the version with the graph it froze. */
export const versionDetailSchema = apiSchema('VersionDetail', versionViewSchema.extend({ graph: flowGraphSchema }).strict());
export type VersionDetail = z.infer<typeof versionDetailSchema>;

/** Where callers reach a published `webhook.received` flow. */
export const webhookUrlsSchema = apiSchema(
  'WebhookUrls',
  z.strictObject({
    path: z.string(),
    /** `<PUBLIC_URL>/webhooks/in/<workspace token>/<path>`. */
    url: z.string(),
    /** `<PUBLIC_URL>/webhooks/in/<path>` when this workspace holds the token-less URL; else null. */
    legacyUrl: z.string().nullable(),
  }),
);
export type WebhookUrls = z.infer<typeof webhookUrlsSchema>;

/** `POST /api/flows/:id/publish`. */
export const publishResultSchema = apiSchema(
  'PublishResult',
  z.strictObject({ flow: flowViewSchema, version: versionViewSchema, webhook: webhookUrlsSchema.optional() }),
);
export type PublishResult = z.infer<typeof publishResultSchema>;

/** `POST /api/flows/validate`: every problem at once. */
export const validateResultSchema = apiSchema('ValidateResult', z.strictObject({ valid: z.boolean(), problems: z.array(graphProblemSchema) }));
export type ValidateResult = z.infer<typeof validateResultSchema>;

/** The flow document of CONTRACT: what export gives and import takes. */
export const flowDocumentViewSchema = apiSchema('FlowDocument', z.strictObject({ name: z.string(), description: z.string(), graph: flowGraphSchema }));
export type FlowDocumentView = z.infer<typeof flowDocumentViewSchema>;

/** `POST /api/flows/:id/test`: `matched` tells whether the trigger's conditions would have started it. */
export const testRunResultSchema = apiSchema(
  'TestRunResult',
  z.strictObject({ runId: z.string().nullable(), flowId: z.string(), eventId: z.string(), matched: z.boolean(), test: z.literal(true) }),
);
export type TestRunResult = z.infer<typeof testRunResultSchema>;

/** `POST /api/flows/:id/run`. */
export const manualRunResultSchema = apiSchema(
  'ManualRunResult',
  z.strictObject({ runId: z.string().nullable(), flowId: z.string(), eventId: z.string(), duplicate: z.boolean() }),
);
export type ManualRunResult = z.infer<typeof manualRunResultSchema>;

/** `GET /api/flow-templates`: one ready flow of the gallery, with a preview of its steps. */
export const flowTemplateViewSchema = apiSchema(
  'FlowTemplateView',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string(),
    source: z.string(),
    graph: flowGraphSchema,
    triggerType: z.string().nullable(),
    steps: z.array(z.strictObject({ id: z.string(), type: z.string(), title: z.string() })),
  }),
);
export type FlowTemplateView = z.infer<typeof flowTemplateViewSchema>;

export const flowTemplateListSchema = apiSchema('FlowTemplateList', z.strictObject({ templates: z.array(flowTemplateViewSchema) }));
export type FlowTemplateList = z.infer<typeof flowTemplateListSchema>;

// Request bodies: what the engine validates and /api/docs documents inline.

/** A draft's node: shaped as a graph's node is (its settings may be left out), whatever it means. */
const draftNodeShape = flowNodeSchema.extend({ config: z.record(z.string(), z.unknown()).optional() });

/** Reports each entry of a draft's list that is not shaped as `shape` says (`what` it must be), at its own path. */
function shapedAs(shape: z.ZodType, what: string, entries: unknown[], ctx: z.RefinementCtx): void {
  entries.forEach((entry, index) => {
    if (!isRecord(entry)) return ctx.addIssue({ code: 'custom', path: [index], message: `must be ${what}` });
    const checked = shape.safeParse(entry);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: [index, ...issue.path], message: issue.message });
  });
}

/**
 * A graph as a draft may hold it: nodes and edges shaped as a graph's are (fields the engine
 * does not know are kept, a node's missing settings become `{}`), whatever they mean — unknown
 * types, missing steps, wrong settings are saved and reported by validation — and no step's
 * settings beyond `MAX_NODE_CONFIG_CHARS`. So what a draft answers is a `FlowGraph`.
 */
export const draftGraphSchema = z.object(
  {
    nodes: z
      .array(z.unknown(), { error: 'graph.nodes must be a list' })
      .superRefine((nodes, ctx) => {
        shapedAs(draftNodeShape, 'a step: an object with id, type and config', nodes, ctx);
        nodes.forEach((node, index) => {
          if (!isRecord(node)) return;
          const name = typeof node.id === 'string' && node.id !== '' ? `step "${node.id.slice(0, 64)}"` : `the step at position ${index + 1}`;
          const problem = configSizeProblem(name, node.config);
          if (problem) ctx.addIssue({ code: 'custom', path: [index, 'config'], message: problem });
        });
      })
      .transform((nodes): unknown[] => nodes.map((node) => (isRecord(node) && node.config === undefined ? { ...node, config: {} } : node))),
    edges: z.array(z.unknown(), { error: 'graph.edges must be a list' }).superRefine((edges, ctx) => shapedAs(flowEdgeSchema, 'a link: an object with id, source and target', edges, ctx)),
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
  /**
   * The `revision` the change was made on. When the draft has been saved since, the save is
   * refused with 409 (CONFLICT, `details.currentRevision`) and nothing is stored; left out, the
   * save overwrites whatever is there.
   */
  baseRevision: z.number({ error: 'baseRevision must be a whole number (the revision the change was made on)' }).int().min(1).optional(),
});

/** A tab's presence heartbeat: its own random `session` id; `open: false` when it closes the flow. */
export const presenceHeartbeatSchema = z.object({
  session: z
    .string({ error: 'session is required (a random id of the editor tab)' })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'session must be 8 to 64 letters, digits, - or _'),
  open: z.boolean().default(true),
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
  /** `draft` (the default) runs the current draft; `published` runs the live version with the event stored as a real one, marked test. */
  target: z.enum(['draft', 'published'], { error: 'target is draft or published' }).default('draft'),
});

export const runFlowSchema = z.object({
  data: z.record(z.string(), z.unknown(), { error: 'data must be an object' }).default({}),
  id: z.string().min(1).max(200).optional(),
});
