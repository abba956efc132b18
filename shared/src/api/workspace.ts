import { z } from 'zod';
import { apiSchema, instant } from './registry';

/** `GET /api/workspace`: the workspace of the API key. */
export const workspaceViewSchema = apiSchema(
  'WorkspaceView',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    settings: z.strictObject({
      /** Hosts HTTP request steps may call although they resolve to private, loopback or link-local addresses. */
      httpAllowedHosts: z.array(z.string()),
    }),
    webhookToken: z.string(),
    /** Inbound webhooks reach this workspace's flows at `<webhookBaseUrl>/<path>`. */
    webhookBaseUrl: z.string(),
    createdAt: instant,
  }),
);
export type WorkspaceView = z.infer<typeof workspaceViewSchema>;

/** `GET /api/ai/status`: the engine-wide default model; `offline` when none is configured and the offline rules answer. */
export const aiStatusSchema = apiSchema('AiStatus', z.strictObject({ model: z.string().nullable(), offline: z.boolean() }));
export type AiStatus = z.infer<typeof aiStatusSchema>;

/** `GET /health`: 200 `ok`, or 503 `degraded` naming the dependency that does not answer. */
export const healthSchema = apiSchema(
  'Health',
  z.strictObject({
    status: z.enum(['ok', 'degraded']),
    role: z.string(),
    dependencies: z.strictObject({ postgres: z.enum(['up', 'down']), redis: z.enum(['up', 'down']) }),
  }),
);
export type Health = z.infer<typeof healthSchema>;

/** `POST /api/admin/queues/link`: a sign-in link to the queue board, to open once before `expiresAt`. */
export const queueBoardLinkSchema = apiSchema('QueueBoardLink', z.strictObject({ url: z.string(), expiresAt: instant }));
export type QueueBoardLink = z.infer<typeof queueBoardLinkSchema>;

/** A body that is text, not JSON (`/metrics`, a webhook handshake, a server-sent event stream). */
export const textBodySchema = apiSchema('TextBody', z.string());

// Request bodies: what the engine validates and /api/docs documents inline.

const HOST = /^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** `PATCH /api/workspace`: rename the workspace or change its settings. */
export const updateWorkspaceSchema = z
  .object({
    name: z.string().trim().min(1, 'name must not be empty').max(200).optional(),
    settings: z
      .object({
        httpAllowedHosts: z
          .array(z.string().trim().regex(HOST, 'a host such as crm.internal, *.corp.example, 10.0.0.5 or 127.0.0.1:8080'))
          .max(100)
          .optional()
          .describe('Hosts HTTP request steps may call although they resolve to private, loopback or link-local addresses'),
      })
      .strict()
      .optional(),
  })
  .strict();
