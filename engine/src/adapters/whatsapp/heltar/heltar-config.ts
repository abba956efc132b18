import { z } from 'zod';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { parseConnectionConfig, urlSetting } from '../../../modules/connections/provider-errors';

const heltarConfigSchema = z.object({
  apiKey: z.string().trim().min(1),
  baseUrl: urlSetting('https://api.heltar.com'),
});

/** A `whatsapp.heltar` connection's settings the adapter uses, defaults applied. */
export type HeltarConfig = z.infer<typeof heltarConfigSchema>;

/** Reads a `whatsapp.heltar` connection; throws `CONFIG_INVALID` naming missing fields. */
export function heltarConfig(connection: ResolvedConnection): HeltarConfig {
  return parseConnectionConfig(heltarConfigSchema, connection.config, 'heltar');
}
