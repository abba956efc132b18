import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { metaTemplateDefinition, StepError, templateParameters, type CreateTemplateRequest, type MetaTemplateDefinition, type TemplateView } from '@switchboard/shared';
import { DataSource } from 'typeorm';
import type { ProviderTemplate, SubmittedTemplate } from './provider-template';
import { ApiError } from '../../common/api-error';
import { jsonParam } from '../../persistence/json-param';
import type { ResolvedConnection } from '../connections/connections.service';
import { MessageTemplateEntity } from './message-template.entity';

/** Lists a sender's templates as a provider answers. */
export type TemplateSource = (connection: ResolvedConnection) => Promise<ProviderTemplate[]>;

/** Submits a new template to a sender's provider (Meta's create-template request). */
export type TemplateSubmitter = (connection: ResolvedConnection, definition: MetaTemplateDefinition) => Promise<SubmittedTemplate>;

/** A `message_template_status_update` (or a provider's equivalent), normalized. */
export interface TemplateStatusUpdate {
  templateId: string | null;
  name: string;
  language: string;
  /** Meta's event in upper case: APPROVED, REJECTED, PAUSED, DISABLED, REINSTATED, FLAGGED, … */
  event: string;
  reason: string | null;
  /** When the provider says it happened (ISO); now when it does not say. */
  at: string;
}

/** A `message_template_quality_update`, normalized. */
export interface TemplateQualityUpdate {
  templateId: string | null;
  name: string;
  language: string;
  quality: string;
}

/**
 * The status an event leaves a template in; null for events that change no status (FLAGGED and
 * LOCKED templates can still be sent; UNARCHIVED and LIMIT_EXCEEDED name no status to go to).
 */
export function statusAfter(event: string): string | null {
  if (event === 'REINSTATED') return 'APPROVED';
  if (['FLAGGED', 'LOCKED', 'UNARCHIVED', 'LIMIT_EXCEEDED'].includes(event)) return null;
  return event;
}

/** Statuses whose reason is worth showing: why it was refused, paused or switched off. */
const WITH_REASON = ['REJECTED', 'PAUSED', 'DISABLED'];

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
    await this.settleSandboxReviews(connectionId);
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
        `INSERT INTO message_templates (id, connection_id, name, language, status, category, body, parameter_format, parameters, external_id, components, synced_at)
         SELECT x.id, $2, x.name, x.language, x.status, x.category, x.body, x.parameter_format, x.parameters, x.external_id, x.components, now()
           FROM json_to_recordset($1::json) AS x(id uuid, name text, language text, status text, category text, body text, parameter_format text, parameters jsonb, external_id text, components jsonb)
         ON CONFLICT (connection_id, name, language) DO UPDATE SET
           status = EXCLUDED.status, category = EXCLUDED.category, body = EXCLUDED.body, parameter_format = EXCLUDED.parameter_format,
           parameters = EXCLUDED.parameters, external_id = EXCLUDED.external_id, components = EXCLUDED.components, synced_at = now(),
           status_updated_at = CASE WHEN message_templates.status = EXCLUDED.status THEN message_templates.status_updated_at ELSE now() END,
           rejection_reason = CASE WHEN EXCLUDED.status IN ('REJECTED', 'PAUSED', 'DISABLED') THEN message_templates.rejection_reason END`,
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
              components: template.components ?? [],
            })),
          ),
          connection.id,
        ],
      );
      // Templates the provider no longer lists are gone; the sandbox's own creations (reviewed here, never listed by it) stay.
      await manager.query(
        `DELETE FROM message_templates WHERE connection_id = $1 AND auto_approve_at IS NULL AND NOT ((name, language) IN (SELECT x.name, x.language FROM json_to_recordset($2::json) AS x(name text, language text)))`,
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

  /**
   * Creates a template: refuses a name and language the sender already has (409), submits it to
   * the provider in Meta's format and stores it with the provider's answer (usually PENDING), its
   * components and the provider's id, which status webhooks name it by.
   */
  async create(connection: ResolvedConnection, input: CreateTemplateRequest, submit: TemplateSubmitter): Promise<TemplateView> {
    const taken = await this.repository.exists({ where: { connectionId: connection.id, name: input.name, language: input.language } });
    if (taken) throw new ApiError('CONFLICT', `The sender already has a template "${input.name}" in language "${input.language}"`);
    const definition = metaTemplateDefinition(input);
    let submitted: SubmittedTemplate;
    try {
      submitted = await submit(connection, definition);
    } catch (error) {
      if (error instanceof StepError) throw new ApiError('UNPROCESSABLE', `The provider did not accept the template: ${error.message}`, error.toJSON());
      throw error;
    }
    const now = new Date();
    // A concurrent create of the same name wins the row; this one answers 409 like the check above.
    const inserted = (await this.dataSource.query(
      `INSERT INTO message_templates (id, connection_id, name, language, status, category, body, parameter_format, parameters, external_id, components, submitted_at, status_updated_at, auto_approve_at, synced_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $12)
       ON CONFLICT (connection_id, name, language) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        connection.id,
        input.name,
        input.language,
        submitted.status,
        submitted.category ?? input.category,
        input.body,
        input.parameterFormat,
        jsonParam(templateParameters(input.body, input.parameterFormat)),
        submitted.externalId,
        jsonParam(definition.components),
        now,
        submitted.autoApproveAt ?? null,
      ],
    )) as Array<{ id: string }>;
    if (inserted.length === 0) throw new ApiError('CONFLICT', `The sender already has a template "${input.name}" in language "${input.language}"`);
    this.cache.delete(connection.id);
    const row = await this.repository.findOneByOrFail({ id: inserted[0]!.id });
    return toView(row);
  }

  /**
   * Applies a status change a provider's webhook reported to the template on each of the
   * connections (the senders of one WABA share its templates), found by the provider's id or by
   * name and language. An unknown template changes nothing; a report older than the status
   * already stored (Meta does not promise order) is ignored. Returns how many rows changed.
   */
  async applyStatus(connectionIds: string[], update: TemplateStatusUpdate): Promise<number> {
    const status = statusAfter(update.event.toUpperCase());
    if (!status || connectionIds.length === 0) return 0;
    const reason = WITH_REASON.includes(status) ? update.reason : null;
    // Meta's webhook time is in whole seconds: a report in the second of the creation still applies.
    const changed = (await this.dataSource.query(
      `UPDATE message_templates SET status = $4, rejection_reason = $5, status_updated_at = GREATEST(status_updated_at, $6::timestamptz), synced_at = now()
        WHERE connection_id = ANY($1::uuid[]) AND ((external_id IS NOT NULL AND external_id = $2) OR (name = $3 AND language = $7))
          AND status_updated_at < $6::timestamptz + interval '1 second'
        RETURNING connection_id`,
      [connectionIds, update.templateId, update.name, status, reason, update.at, update.language],
    )) as [unknown[], number] | unknown[];
    for (const id of connectionIds) this.cache.delete(id);
    return rowCount(changed);
  }

  /** Applies a quality score (GREEN, YELLOW, RED, UNKNOWN) to the template on each of the connections. */
  async applyQuality(connectionIds: string[], update: TemplateQualityUpdate): Promise<number> {
    if (connectionIds.length === 0) return 0;
    const changed = (await this.dataSource.query(
      `UPDATE message_templates SET quality = $4 WHERE connection_id = ANY($1::uuid[]) AND ((external_id IS NOT NULL AND external_id = $2) OR (name = $3 AND language = $5)) RETURNING connection_id`,
      [connectionIds, update.templateId, update.name, update.quality.toUpperCase(), update.language],
    )) as [unknown[], number] | unknown[];
    return rowCount(changed);
  }

  /**
   * The sandbox's review: its templates still PENDING at their `auto_approve_at` become APPROVED,
   * as of that instant. Done on every read instead of by a timer, so it survives restarts and
   * needs no job; a webhook-like change before then (none exist for the sandbox today) wins.
   */
  private async settleSandboxReviews(connectionId: string): Promise<void> {
    const result = (await this.dataSource.query(
      `UPDATE message_templates SET status = 'APPROVED', status_updated_at = auto_approve_at
        WHERE connection_id = $1 AND status = 'PENDING' AND auto_approve_at IS NOT NULL AND auto_approve_at <= now() RETURNING id`,
      [connectionId],
    )) as [unknown[], number] | unknown[];
    if (rowCount(result) > 0) this.cache.delete(connectionId);
  }

  private async cached(connectionId: string): Promise<MessageTemplateEntity[]> {
    const entry = this.cache.get(connectionId);
    // A cached sandbox template whose review is due is read again, approved.
    const due = entry?.templates.some((row) => row.status === 'PENDING' && row.autoApproveAt && row.autoApproveAt.getTime() <= Date.now());
    if (entry && entry.until > Date.now() && !due) return entry.templates;
    await this.settleSandboxReviews(connectionId);
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

// TypeORM's raw UPDATE … RETURNING answers [rows, count]; an INSERT answers the rows.
function rowCount(result: [unknown[], number] | unknown[]): number {
  return Array.isArray(result[0]) ? (result[0] as unknown[]).length : result.length;
}

function toView(row: MessageTemplateEntity): TemplateView {
  return {
    name: row.name,
    language: row.language,
    status: row.status,
    rejectionReason: row.rejectionReason,
    quality: row.quality,
    category: row.category,
    body: row.body,
    parameterFormat: row.parameterFormat,
    parameters: row.parameters,
    components: row.components,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    statusUpdatedAt: row.statusUpdatedAt.toISOString(),
    syncedAt: row.syncedAt.toISOString(),
  };
}
