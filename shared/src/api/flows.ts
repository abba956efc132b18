import { z } from 'zod';
import { flowGraphSchema, graphProblemSchema } from './common';
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
    publishedVersionId: z.string().nullable(),
    publishedVersion: z.number().int().nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
  'A flow: its draft, its problems and which version is published',
);
export type FlowView = z.infer<typeof flowViewSchema>;

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
