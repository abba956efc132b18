import { z } from 'zod';
import { apiSchema, instant } from './registry';

/** An in-app alert for the team (`GET /api/alerts`, and the `alert` events of `GET /api/alerts/stream`). */
export const alertViewSchema = apiSchema(
  'AlertView',
  z.strictObject({
    id: z.string(),
    message: z.string(),
    /** `"all"` team members, or the names or emails chosen in the step. */
    recipients: z.union([z.literal('all'), z.array(z.string())]),
    /** `flow`: raised by an `alert.team` step; `run_failed`: a run failed for good. */
    kind: z.enum(['flow', 'run_failed']),
    runId: z.string().nullable(),
    flowId: z.string().nullable(),
    /** Made by a test run (the editor marks it "test"); false without a run. */
    isTest: z.boolean(),
    createdAt: instant,
    readAt: instant.nullable(),
  }),
);
export type AlertView = z.infer<typeof alertViewSchema>;

export const alertListSchema = apiSchema('AlertList', z.strictObject({ alerts: z.array(alertViewSchema) }));
export type AlertList = z.infer<typeof alertListSchema>;

/** `PATCH /api/alerts/:id`: mark an alert read or unread. */
export const updateAlertSchema = apiSchema('UpdateAlert', z.object({ read: z.boolean({ error: 'read is true or false' }) }).strict());
export type AlertPatch = z.input<typeof updateAlertSchema>;

/** `GET /api/alerts?unread&limit`: newest first; `unread=true` for the unread ones. */
export const alertListQuerySchema = z
  .object({
    unread: z.enum(['true', 'false'], { error: 'unread is true or false' }).optional(),
    limit: z.coerce.number<number | string>().int().min(1).max(500).default(100),
  })
  .strict();
export type AlertListQuery = z.input<typeof alertListQuerySchema>;
