import { z } from 'zod';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { parseConnectionConfig, urlSetting } from '../../../modules/connections/provider-errors';

const optionalText = z.preprocess((value) => (value === '' || value === null ? undefined : value), z.string().trim().min(1).optional());

const aisensyConfigSchema = z.object({
  apiKey: z.string().trim().min(1),
  // Basic unless told otherwise: claiming Pro would only produce Project API failures.
  plan: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.enum(['basic', 'pro']).default('basic')),
  projectId: optionalText,
  projectApiPassword: optionalText,
  baseUrl: urlSetting('https://backend.aisensy.com'),
  projectApiBaseUrl: urlSetting('https://apis.aisensy.com'),
});

/** A `whatsapp.aisensy` connection's settings the adapter uses, defaults applied. */
export type AiSensyConfig = z.infer<typeof aisensyConfigSchema>;

/** What the Project API (Pro: free-form text, template listing) needs. */
export interface AiSensyProject {
  root: string;
  password: string;
}

/** Reads a `whatsapp.aisensy` connection; throws `CONFIG_INVALID` naming missing fields. */
export function aisensyConfig(connection: ResolvedConnection): AiSensyConfig {
  return parseConnectionConfig(aisensyConfigSchema, connection.config, 'aisensy');
}

/** The Project API of a Pro connection with a project id and password, else null. */
export function aisensyProject(config: AiSensyConfig): AiSensyProject | null {
  if (config.plan !== 'pro' || !config.projectId || !config.projectApiPassword) return null;
  return { root: `${config.projectApiBaseUrl}/project-apis/v1/project/${encodeURIComponent(config.projectId)}`, password: config.projectApiPassword };
}
