import { z } from 'zod';
import { apiSchema, instant } from './registry';

/**
 * What an API key may do: `admin` everything; `read` the `GET` routes only; `events:write`
 * `POST /api/events` and `POST /api/functions/:name/invoke` only (what a sender of events or a
 * voice platform needs).
 */
export const API_KEY_SCOPES = ['admin', 'read', 'events:write'] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** One API key of the workspace; its secret is never shown again after creation. */
export const apiKeyViewSchema = apiSchema(
  'ApiKeyView',
  z.strictObject({
    id: z.string(),
    name: z.string(),
    /** The first characters of the key, to tell keys apart. */
    prefix: z.string(),
    scopes: z.array(apiKeyScopeSchema),
    createdAt: instant,
    lastUsedAt: instant.nullable(),
  }),
);
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

/** `POST /api/api-keys`: the new key, with its secret `key` (shown this once only). */
export const apiKeyCreatedSchema = apiSchema('ApiKeyCreated', apiKeyViewSchema.extend({ key: z.string() }));
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;

/** `GET /api/api-keys`: the workspace's keys, oldest first. */
export const apiKeyListSchema = apiSchema('ApiKeyList', z.strictObject({ apiKeys: z.array(apiKeyViewSchema) }));
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  scopes: z.array(apiKeyScopeSchema).min(1, 'give at least one scope').transform((scopes) => [...new Set(scopes)]),
});
export type CreateApiKey = z.input<typeof createApiKeySchema>;
