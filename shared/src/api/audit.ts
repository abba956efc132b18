import { z } from 'zod';
import { apiSchema, instant } from './registry';

/**
 * Who did it: today the API key of the request (its id and name); later a signed-in user.
 * The name is the one the key had when it acted.
 */
export const auditActorSchema = apiSchema(
  'AuditActor',
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('api_key'), id: z.string(), name: z.string() }),
    z.strictObject({ kind: z.literal('user'), id: z.string(), email: z.string(), name: z.string() }),
  ]),
);
export type AuditActor = z.infer<typeof auditActorSchema>;

/** What it was done to: a flow, a connection, a run, an API key… by its id (and its name when it has one). */
export const auditTargetSchema = apiSchema('AuditTarget', z.strictObject({ kind: z.string(), id: z.string(), name: z.string().optional() }));
export type AuditTarget = z.infer<typeof auditTargetSchema>;

/** One entry of the audit log: who did what to which, when. Never a secret or a config value. */
export const auditEntrySchema = apiSchema(
  'AuditEntry',
  z.strictObject({
    id: z.string(),
    at: instant,
    actor: auditActorSchema,
    /** `flow.publish`, `connection.update`, `run.retry`… */
    action: z.string(),
    target: auditTargetSchema,
    summary: z.string(),
  }),
);
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListSchema = apiSchema('AuditList', z.strictObject({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() }));
export type AuditList = z.infer<typeof auditListSchema>;

/**
 * `GET /api/audit?actor&action&from&to&limit&cursor`: newest first. `actor` is an actor's id or
 * name; `action` an action (`flow.publish`) or its prefix with a dot (`flow.`); `from`/`to`
 * bound `at` (from inclusive, to exclusive).
 */
export const auditListQuerySchema = z
  .object({
    actor: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(100).optional(),
    from: z.iso.datetime({ error: 'from is an ISO 8601 instant' }).optional(),
    to: z.iso.datetime({ error: 'to is an ISO 8601 instant' }).optional(),
    limit: z.coerce.number<number | string>().int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
    cursor: z.string().optional(),
  })
  .strict();
export type AuditListQuery = z.input<typeof auditListQuerySchema>;
