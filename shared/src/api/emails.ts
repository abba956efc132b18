import { z } from 'zod';
import { apiSchema, instant } from './registry';

/** An email a step sent, or captured when no SMTP server is configured. */
export const emailViewSchema = apiSchema(
  'EmailView',
  z.strictObject({
    id: z.string(),
    to: z.array(z.string()),
    from: z.string(),
    subject: z.string(),
    html: z.string(),
    /** `captured`: no SMTP server is configured (`SMTP_URL` or an `smtp` connection), so it was kept for the Emails page only. */
    delivery: z.enum(['pending', 'sent', 'captured', 'failed', 'unknown']),
    error: z.string().nullable(),
    messageId: z.string().nullable(),
    connectionId: z.string().nullable(),
    runId: z.string().nullable(),
    flowId: z.string().nullable(),
    /** Made by a test run (the editor marks it "test"); false without a run. */
    isTest: z.boolean(),
    nodeId: z.string().nullable(),
    createdAt: instant,
  }),
);
export type EmailView = z.infer<typeof emailViewSchema>;

export const emailListSchema = apiSchema('EmailList', z.strictObject({ emails: z.array(emailViewSchema) }));
export type EmailList = z.infer<typeof emailListSchema>;

/** `GET /api/emails?runId&delivery&limit`: newest first. */
export const emailListQuerySchema = z
  .object({
    runId: z.uuid('runId must be a run id').optional(),
    delivery: z.enum(['pending', 'sent', 'captured', 'failed'], { error: 'delivery is pending, sent, captured or failed' }).optional(),
    limit: z.coerce.number<number | string>().int().min(1).max(500).default(100),
  })
  .strict();
export type EmailListQuery = z.input<typeof emailListQuerySchema>;
