import { z } from 'zod';
import { apiSchema, instant } from './registry';

/**
 * What paces a WhatsApp sender: its messaging-limit tier and the daily limit of unique customers
 * it means (or the connection's own `dailyCustomerLimit`), how many customers it started
 * business-initiated conversations with in the last 24 hours, its quality rating, its throughput
 * and the spacing of messages to one customer. `updatedAt`: when Meta last told us (null: never).
 */
export const connectionLimitsSchema = apiSchema(
  'ConnectionLimits',
  z.strictObject({
    /** Meta's tier, e.g. TIER_250, TIER_2K, TIER_UNLIMITED; null when not known. */
    tier: z.string().nullable(),
    /** null: no limit known (or unlimited). */
    dailyCustomerLimit: z.number().int().nullable(),
    customersLast24h: z.number().int(),
    /** GREEN, YELLOW, RED or UNKNOWN; null when not known. */
    qualityRating: z.string().nullable(),
    /** The send rate the engine keeps to (messages per second); null when it keeps none. */
    throughputPerSecond: z.number().nullable(),
    /** null or 0: messages to one customer are not spaced. */
    pairIntervalSeconds: z.number().nullable(),
    /** Messages to one customer that may go at once before they are spaced. */
    pairBurst: z.number().int(),
    updatedAt: instant.nullable(),
  }),
);
export type ConnectionLimits = z.infer<typeof connectionLimitsSchema>;

/** A provider connection; secret fields are never returned, only named in `secrets`. */
export const connectionViewSchema = apiSchema(
  'ConnectionView',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    provider: z.string(),
    /** Public config; secret fields are never returned. */
    config: z.record(z.string(), z.unknown()),
    /** Which secret fields are set. */
    secrets: z.array(z.string()),
    /** Where the provider sends its webhooks (WhatsApp providers other than the sandbox; voice platforms, with `?token=` for those that sign nothing). */
    webhookUrl: z.string().nullable(),
    /** A WhatsApp sender's limits as Meta last reported them and as the engine paces them; null for other connections. */
    limits: connectionLimitsSchema.nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
);
export type ConnectionView = z.infer<typeof connectionViewSchema>;

export const connectionListSchema = apiSchema('ConnectionList', z.strictObject({ connections: z.array(connectionViewSchema) }));
export type ConnectionList = z.infer<typeof connectionListSchema>;

/** `POST /api/connections/:id/test` when the SMTP login or the tiny completion worked. */
export const connectionTestResultSchema = apiSchema('ConnectionTestResult', z.strictObject({ ok: z.literal(true), message: z.string() }));
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** A sender's message template as last synced, or as created here and updated by the provider's webhooks. */
export const templateViewSchema = apiSchema(
  'TemplateView',
  z.strictObject({
    name: z.string(),
    language: z.string(),
    /** `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`, … as Meta spells them; only approved ones can be sent. */
    status: z.string(),
    /** Why the provider rejected (or paused) it, e.g. `INVALID_FORMAT`; null otherwise. */
    rejectionReason: z.string().nullable(),
    /** `GREEN`, `YELLOW`, `RED` or `UNKNOWN` once the provider reported one; null before. */
    quality: z.string().nullable(),
    category: z.string().nullable(),
    body: z.string().nullable(),
    parameterFormat: z.enum(['positional', 'named']),
    parameters: z.array(z.string()),
    /** Header, body, footer and buttons in Meta's format (empty when the provider listed none). */
    components: z.array(z.record(z.string(), z.unknown())),
    /** When it was submitted from here; null for templates only synced. */
    submittedAt: instant.nullable(),
    /** When its status last changed as far as Switchboard knows. */
    statusUpdatedAt: instant,
    syncedAt: instant,
  }),
);
export type TemplateView = z.infer<typeof templateViewSchema>;

/** `GET /api/connections/:id/templates`; `listable: false` (with a `note`) for a sender that cannot list them. */
export const templateListSchema = apiSchema(
  'TemplateList',
  z.strictObject({ listable: z.boolean(), note: z.string().optional(), templates: z.array(templateViewSchema) }),
);
export type TemplateList = z.infer<typeof templateListSchema>;

/** `POST /api/connections/:id/templates/sync`: how many were synced, and the approved ones. */
export const templateSyncResultSchema = apiSchema(
  'TemplateSyncResult',
  z.strictObject({ listable: z.literal(true), synced: z.number().int(), templates: z.array(templateViewSchema) }),
);
export type TemplateSyncResult = z.infer<typeof templateSyncResultSchema>;

/** `POST /api/connections/:id/templates`: the stored template, usually `PENDING` until the provider reviews it. */
export const templateCreatedSchema = apiSchema('TemplateCreated', z.strictObject({ template: templateViewSchema }));
export type TemplateCreated = z.infer<typeof templateCreatedSchema>;

// Request bodies: what the engine validates and /api/docs documents inline.

/** `POST /api/connections`: the provider's config is checked against that provider's schema. */
export const createConnectionSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  provider: z.string({ error: 'provider is required' }),
  config: z.record(z.string(), z.unknown()).default({}),
});

export const updateConnectionSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
});

/** `GET /api/connections/:id/templates?status`: approved ones unless `status=all`. */
export const templateListQuerySchema = z.object({ status: z.enum(['approved', 'all'], { error: 'status is approved (the default) or all' }).default('approved') });
export type TemplateListQuery = z.input<typeof templateListQuerySchema>;
