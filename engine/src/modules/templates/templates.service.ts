import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { StepError, type TemplateView } from '@switchboard/shared';
import { DataSource } from 'typeorm';
import type { ProviderTemplate } from './provider-template';
import { ApiError } from '../../common/api-error';
import { jsonParam } from '../../persistence/json-param';
import type { ResolvedConnection } from '../connections/connections.service';
import { MessageTemplateEntity } from './message-template.entity';

/** Lists a sender's templates as a provider answers. */
export type TemplateSource = (connection: ResolvedConnection) => Promise<ProviderTemplate[]>;

const CACHE_MS = 30_000;
/** A template missing at send time triggers one sync at most this often per sender. */
const SYNC_ON_MISS_MS = 60_000;

/**
 * A sender's message templates, stored as last synced and kept current by the providers'
 * status webhooks. Only approved templates are offered to the editor and accepted at send.
 */
@Injectable()
export class TemplatesService {
  private readonly cache = new Map<string, { templates: MessageTemplateEntity[]; until: number }>();
  private readonly syncOnMiss = new Map<string, { at: number; done: Promise<unknown> }>();

  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(MessageTemplateEntity);
  }

  async list(connectionId: string, options: { all?: boolean } = {}): Promise<TemplateView[]> {
    const rows = await this.repository.find({ where: { connectionId }, order: { name: 'ASC', language: 'ASC' } });
    return rows.filter((row) => options.all || row.status === 'APPROVED').map(toView);
  }

  /** Replaces the stored list of a sender with what its provider lists now. */
  async sync(connection: ResolvedConnection, source: TemplateSource): Promise<TemplateView[]> {
    let listed: ProviderTemplate[];
    try {
      listed = await source(connection);
    } catch (error) {
      if (error instanceof StepError) throw new ApiError('UNPROCESSABLE', `The provider did not list the templates: ${error.message}`, error.toJSON());
      throw error;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO message_templates (id, connection_id, name, language, status, category, body, parameter_format, parameters, external_id, synced_at)
         SELECT x.id, $2, x.name, x.language, x.status, x.category, x.body, x.parameter_format, x.parameters, x.external_id, now()
           FROM json_to_recordset($1::json) AS x(id uuid, name text, language text, status text, category text, body text, parameter_format text, parameters jsonb, external_id text)
         ON CONFLICT (connection_id, name, language) DO UPDATE SET
           status = EXCLUDED.status, category = EXCLUDED.category, body = EXCLUDED.body, parameter_format = EXCLUDED.parameter_format,
           parameters = EXCLUDED.parameters, external_id = EXCLUDED.external_id, synced_at = now()`,
        [
          jsonParam(
            dedupe(listed).map((template) => ({
              id: randomUUID(),
              name: template.name,
              language: template.language,
              status: template.status.toUpperCase(),
              category: template.category,
              body: template.body,
              parameter_format: template.parameterFormat,
              parameters: template.parameters,
              external_id: template.externalId,
            })),
          ),
          connection.id,
        ],
      );
      // Templates the provider no longer lists are gone.
      await manager.query(
        `DELETE FROM message_templates WHERE connection_id = $1 AND NOT ((name, language) IN (SELECT x.name, x.language FROM json_to_recordset($2::json) AS x(name text, language text)))`,
        [connection.id, jsonParam(listed.map((template) => ({ name: template.name, language: template.language })))],
      );
    });
    this.cache.delete(connection.id);
    return this.list(connection.id, { all: true });
  }

  /**
   * The template a send names, or null when the sender has none by that name and language.
   * A miss syncs the sender once (rate-limited), since a template may have been approved since.
   */
  async find(connection: ResolvedConnection, name: string, language: string, source?: TemplateSource): Promise<MessageTemplateEntity | null> {
    const lookup = async () => (await this.cached(connection.id)).find((row) => row.name === name && row.language === language) ?? null;
    const found = await lookup();
    if (found || !source) return found;
    // Concurrent sends that miss share one sync; after it, misses wait a while before the next.
    let sync = this.syncOnMiss.get(connection.id);
    if (!sync || Date.now() - sync.at >= SYNC_ON_MISS_MS) {
      sync = { at: Date.now(), done: this.sync(connection, source).catch(() => undefined) };
      this.syncOnMiss.set(connection.id, sync);
    }
    await sync.done;
    return lookup();
  }

  /** Applies a template status change a provider's webhook reported (approved, rejected, paused, …). */
  async applyStatus(connectionId: string, name: string, language: string, status: string): Promise<void> {
    await this.repository.update({ connectionId, name, language }, { status: status.toUpperCase(), syncedAt: new Date() });
    this.cache.delete(connectionId);
  }

  private async cached(connectionId: string): Promise<MessageTemplateEntity[]> {
    const entry = this.cache.get(connectionId);
    if (entry && entry.until > Date.now()) return entry.templates;
    const templates = await this.repository.find({ where: { connectionId } });
    this.cache.set(connectionId, { templates, until: Date.now() + CACHE_MS });
    return templates;
  }
}

function dedupe(templates: ProviderTemplate[]): ProviderTemplate[] {
  const seen = new Map<string, ProviderTemplate>();
  for (const template of templates) seen.set(`${template.name}\u0000${template.language}`, template);
  return [...seen.values()];
}

function toView(row: MessageTemplateEntity): TemplateView {
  return {
    name: row.name,
    language: row.language,
    status: row.status,
    category: row.category,
    body: row.body,
    parameterFormat: row.parameterFormat,
    parameters: row.parameters,
    syncedAt: row.syncedAt.toISOString(),
  };
}
