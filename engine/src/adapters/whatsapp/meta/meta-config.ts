import { z } from 'zod';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { parseConnectionConfig, urlSetting } from '../../../modules/connections/provider-errors';

const required = z.string().trim().min(1);

const metaConfigSchema = z.object({
  accessToken: required,
  phoneNumberId: required,
  /** Only template listing needs it: a sender without it can still send. */
  wabaId: required.optional(),
  apiVersion: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().regex(/^v\d+\.\d+$/).default('v23.0')),
  baseUrl: urlSetting('https://graph.facebook.com'),
});

/** A `whatsapp.meta` connection's settings the adapter uses, defaults applied. */
export type MetaConfig = z.infer<typeof metaConfigSchema>;

/** Reads a `whatsapp.meta` connection; throws `CONFIG_INVALID` naming missing fields. */
export function metaConfig(connection: ResolvedConnection): MetaConfig {
  return parseConnectionConfig(metaConfigSchema, connection.config, 'meta');
}

/** `{baseUrl}/{apiVersion}` — every Graph path hangs below it. */
export function graphRoot(config: MetaConfig): string {
  return `${config.baseUrl}/${encodeURIComponent(config.apiVersion)}`;
}
