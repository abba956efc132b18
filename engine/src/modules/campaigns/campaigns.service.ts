import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  campaignDetailQuerySchema,
  checkTemplate,
  createCampaignSchema,
  isValidTimeZone,
  isWhatsApp,
  type AuditActor,
  type CampaignCounts,
  type CampaignDetail,
  type CampaignRecipient,
  type CampaignView,
  type FlowGraph,
  type RecipientStatus,
} from '@switchboard/shared';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { EngineConfig } from '../../config/config';
import { ApiError, type FieldProblem } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { withTransaction } from '../../persistence/checked-out';
import { CONFIG, LOGGER, PG_POOL } from '../../runtime/tokens';
import { TemplateSources } from '../adapter-ports';
import { AuditService } from '../audit/audit.service';
import { ConnectionsService, type ResolvedConnection } from '../connections/connections.service';
import { ContactsRepository } from '../conversations/contacts.repository';
import { FlowsService } from '../flows/flows.service';
import { TemplatesService } from '../templates/templates.service';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { csvRows, readAudience, type AudienceMember } from './audience';
import { dueTime, isLocalTime } from './send-time';

export const CAMPAIGN_TRIGGER = 'whatsapp.campaign';

/**
 * A recipient's status as the API shows it: the dispatcher's own (`pending`, `skipped_opted_out`,
 * `cancelled`), else what became of its run's first outbound message, which the provider's status
 * webhooks move along (sent → delivered → read, or failed). A run that failed before sending
 * anything (an opt-out found at send time, a template that stopped being approved) is `failed`
 * with the run's error code.
 */
const RECIPIENTS_SQL = `
SELECT r.phone, r.name, r.run_id, r.due_at, r.started_at,
       CASE WHEN r.status <> 'started' THEN r.status
            WHEN m.status IN ('sent', 'delivered', 'read', 'failed') THEN m.status
            WHEN m.status IS NULL AND (run.status = 'failed' OR r.error_code IS NOT NULL) THEN 'failed'
            ELSE 'started' END AS status,
       COALESCE(m.error ->> 'code', CASE WHEN m.status IS NULL THEN run.error ->> 'code' END, r.error_code) AS error_code
  FROM campaign_recipients r
  LEFT JOIN LATERAL (
    SELECT status, error FROM messages WHERE run_id = r.run_id AND direction = 'outbound' ORDER BY created_at LIMIT 1
  ) m ON r.run_id IS NOT NULL
  LEFT JOIN runs run ON run.id = r.run_id
 WHERE r.campaign_id = $1`;

const EMPTY_COUNTS: CampaignCounts = { total: 0, pending: 0, skippedOptedOut: 0, started: 0, sent: 0, delivered: 0, read: 0, failed: 0, cancelled: 0 };
const COUNT_KEY: Record<RecipientStatus, keyof CampaignCounts> = {
  pending: 'pending',
  skipped_opted_out: 'skippedOptedOut',
  started: 'started',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** How many recipients one INSERT carries. */
const INSERT_CHUNK = 5_000;

/**
 * Broadcast campaigns: validated and stored here (with their recipients, each due at its send
 * time), started recipient by recipient by the `CampaignDispatcher` in the worker role. Every
 * recipient's send is a run of the campaign's flow (a `whatsapp.campaign` trigger), so a campaign
 * continues into a flow: wait for the reply, follow up.
 */
@Injectable()
export class CampaignsService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly connections: ConnectionsService,
    private readonly templates: TemplatesService,
    private readonly sources: TemplateSources,
    private readonly contacts: ContactsRepository,
    private readonly flows: FlowsService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(workspace: WorkspaceRef, actor: AuditActor, body: unknown): Promise<CampaignDetail> {
    const input = parseInput(createCampaignSchema, body);
    const connection = await this.connections.resolve(workspace.id, input.connectionId);
    if (!connection || !isWhatsApp(connection.provider)) throw ApiError.invalid([{ field: 'connectionId', message: `no WhatsApp sender ${input.connectionId} in this workspace` }]);
    const marketing = await this.checkTemplate(connection, input.template, input.language, input.parameters);
    const now = new Date();
    this.checkSendAt(input.sendAt, input.timeZone, now);
    if (input.flowId) await this.checkFlow(workspace.id, input.flowId);

    const members = await this.audience(workspace.id, input.audience);
    const optedOut = marketing ? await this.optedOut(workspace.id, members.map((member) => member.phone)) : new Set<string>();
    const contactZones = input.timeZone === 'contact' ? await this.contactZones(workspace.id, members) : new Map<string, unknown>();
    const recipients = members.map((member) => ({
      phone: member.phone,
      name: member.name,
      attributes: member.attributes,
      status: optedOut.has(member.phone) ? 'skipped_opted_out' : 'pending',
      dueAt: dueTime(input.sendAt, input.timeZone, contactZones.get(member.phone), now),
    }));
    const firstDue = Math.min(...recipients.filter((recipient) => recipient.status === 'pending').map((recipient) => recipient.dueAt.getTime()));
    const status = firstDue > now.getTime() + 1000 ? 'scheduled' : 'running';

    // The default flow last, once everything else is valid: a refused campaign leaves no flow behind.
    const flowId = input.flowId ?? (await this.defaultFlow(workspace.id, actor, input.name, connection.id, input.template, input.language, input.parameters));
    const id = randomUUID();
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO campaigns (id, workspace_id, name, connection_id, template, language, parameters, flow_id, status, send_at, time_zone, total, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          id,
          workspace.id,
          input.name,
          connection.id,
          input.template,
          input.language,
          JSON.stringify(input.parameters),
          flowId,
          status,
          input.sendAt === undefined ? null : isLocalTime(input.sendAt) ? (Number.isFinite(firstDue) ? new Date(firstDue) : null) : new Date(input.sendAt),
          input.timeZone ?? null,
          recipients.length,
          actorName(actor),
        ],
      );
      for (let start = 0; start < recipients.length; start += INSERT_CHUNK) {
        const chunk = recipients.slice(start, start + INSERT_CHUNK);
        await client.query(
          `INSERT INTO campaign_recipients (campaign_id, phone, name, attributes, status, due_at)
           SELECT $1, x.phone, x.name, x.attributes, x.status, x.due_at FROM json_to_recordset($2::json) AS x(phone text, name text, attributes jsonb, status text, due_at timestamptz)`,
          [id, JSON.stringify(chunk.map((recipient) => ({ ...recipient, due_at: recipient.dueAt.toISOString() })))],
        );
      }
    });
    const skipped = optedOut.size;
    await this.audit.record(workspace, actor, 'campaign.create', { kind: 'campaign', id, name: input.name }, `Created the campaign for ${recipients.length} recipient(s)${skipped ? `, ${skipped} opted out` : ''}`);
    return this.get(workspace.id, id, {});
  }

  async list(workspaceId: string): Promise<{ campaigns: CampaignView[] }> {
    const { rows } = await this.pool.query(`SELECT * FROM campaigns WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT 200`, [workspaceId]);
    const counts = await this.counts(rows.map((row) => row.id as string));
    return { campaigns: rows.map((row) => toView(row, counts.get(row.id) ?? { ...EMPTY_COUNTS, total: row.total })) };
  }

  async get(workspaceId: string, id: string, query: unknown): Promise<CampaignDetail> {
    const filter = parseInput(campaignDetailQuerySchema, query);
    const row = await this.find(workspaceId, id);
    const counts = (await this.counts([id])).get(id) ?? { ...EMPTY_COUNTS, total: row.total };
    const { rows } = await this.pool.query(
      `SELECT * FROM (${RECIPIENTS_SQL}) s WHERE ($2::text IS NULL OR s.status = $2) AND ($3::text IS NULL OR s.phone > $3) ORDER BY s.phone LIMIT $4`,
      [id, filter.recipients ?? null, filter.cursor ?? null, filter.limit + 1],
    );
    const page = rows.slice(0, filter.limit);
    return {
      ...toView(row, counts),
      recipients: page.map(toRecipient),
      nextCursor: rows.length > filter.limit && page.length > 0 ? page[page.length - 1]!.phone : null,
    };
  }

  /** Stops starting new runs; the runs already started go on. Answers 409 unless it is scheduled or running. */
  async pause(workspace: WorkspaceRef, actor: AuditActor, id: string): Promise<CampaignDetail> {
    return this.transition(workspace, actor, id, 'pause', ['scheduled', 'running'], `status = 'paused'`, 'Paused the campaign');
  }

  /** Goes on where it stopped: the recipients still pending start at the sender's pace. */
  async resume(workspace: WorkspaceRef, actor: AuditActor, id: string): Promise<CampaignDetail> {
    return this.transition(
      workspace,
      actor,
      id,
      'resume',
      ['paused'],
      `status = CASE WHEN EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.status = 'pending' AND r.due_at <= now()) THEN 'running'
                     WHEN EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.status = 'pending') THEN 'scheduled' ELSE 'running' END,
       last_dispatch_at = NULL`,
      'Resumed the campaign',
    );
  }

  /** Recipients not started yet are cancelled; runs already started finish. */
  async cancel(workspace: WorkspaceRef, actor: AuditActor, id: string): Promise<CampaignDetail> {
    return this.transition(workspace, actor, id, 'cancel', ['draft', 'scheduled', 'running', 'paused'], `status = 'cancelled', finished_at = now()`, 'Cancelled the campaign', async (client) => {
      await client.query(`UPDATE campaign_recipients SET status = 'cancelled' WHERE campaign_id = $1 AND status = 'pending'`, [id]);
    });
  }

  /**
   * Changes a campaign's status under its row lock: the dispatcher holds that lock while it
   * starts a batch, so once a pause answers, no further run of the campaign starts.
   */
  private async transition(
    workspace: WorkspaceRef,
    actor: AuditActor,
    id: string,
    action: 'pause' | 'resume' | 'cancel',
    from: string[],
    set: string,
    summary: string,
    also?: (client: PoolClient) => Promise<void>,
  ): Promise<CampaignDetail> {
    const row = await this.find(workspace.id, id);
    await this.transaction(async (client) => {
      const { rows } = await client.query(`SELECT status FROM campaigns WHERE id = $1 FOR UPDATE`, [id]);
      const status = rows[0]?.status as string;
      if (!from.includes(status)) {
        throw new ApiError('CONFLICT', `The campaign is ${status}; only a ${from.join(' or ')} campaign can be ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'cancelled'}`);
      }
      await client.query(`UPDATE campaigns c SET ${set}, updated_at = now() WHERE id = $1`, [id]);
      await also?.(client);
    });
    await this.audit.record(workspace, actor, `campaign.${action}`, { kind: 'campaign', id, name: row.name }, summary);
    return this.get(workspace.id, id, {});
  }

  private transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    return withTransaction(this.pool, (error) => this.logger.warn({ err: error }, 'campaigns: a transaction lost its Postgres connection'), work);
  }

  private async find(workspaceId: string, id: string): Promise<Record<string, any>> {
    const { rows } = z.uuid().safeParse(id).success ? await this.pool.query(`SELECT * FROM campaigns WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]) : { rows: [] };
    if (!rows[0]) throw ApiError.notFound('campaign', id);
    return rows[0];
  }

  /** Each campaign's recipients counted by their status as the API shows it. */
  private async counts(ids: string[]): Promise<Map<string, CampaignCounts>> {
    const counts = new Map<string, CampaignCounts>();
    for (const id of ids) {
      const { rows } = await this.pool.query<{ status: RecipientStatus; n: number }>(`SELECT s.status, count(*)::int AS n FROM (${RECIPIENTS_SQL}) s GROUP BY s.status`, [id]);
      const entry = { ...EMPTY_COUNTS };
      for (const row of rows) {
        entry[COUNT_KEY[row.status]] = row.n;
        entry.total += row.n;
      }
      counts.set(id, entry);
    }
    return counts;
  }

  /**
   * The template must be one of the sender's approved templates, with as many parameters as it
   * takes (named ones by name); each parameter must be a valid template. Answers whether it is a
   * marketing template (opted-out customers are skipped). A sender that cannot list its templates
   * (AiSensy Basic) is taken at its word, and its template counts as marketing: the safe side.
   */
  private async checkTemplate(connection: ResolvedConnection, name: string, language: string, parameters: string[] | Record<string, string>): Promise<boolean> {
    const problems: FieldProblem[] = [];
    const values = Array.isArray(parameters) ? parameters.map((value, index) => [String(index), value] as const) : Object.entries(parameters);
    for (const [key, value] of values) {
      const problem = checkTemplate(value);
      if (problem) problems.push({ field: `parameters.${key}`, message: problem });
    }
    if (problems.length > 0) throw ApiError.invalid(problems);
    const source = this.sources.templateSource(connection);
    if (!source) return true;
    const template = await this.templates.find(connection, name, language, source);
    if (!template || template.status !== 'APPROVED') {
      throw ApiError.invalid([{ field: 'template', message: template ? `"${name}" (${language}) is ${template.status.toLowerCase()}, not approved` : `the sender has no template "${name}" in language "${language}"; sync its templates or check the name` }]);
    }
    if (template.parameterFormat === 'named') {
      const given = Array.isArray(parameters) ? [] : Object.keys(parameters);
      const missing = template.parameters.filter((key) => !given.includes(key));
      const extra = given.filter((key) => !template.parameters.includes(key));
      if (Array.isArray(parameters) || missing.length > 0 || extra.length > 0) {
        throw ApiError.invalid([{ field: 'parameters', message: `"${name}" takes the named parameters ${template.parameters.join(', ') || '(none)'}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unknown ${extra.join(', ')}` : ''}` }]);
      }
    } else if (values.length !== template.parameters.length) {
      throw ApiError.invalid([{ field: 'parameters', message: `"${name}" has ${template.parameters.length} parameter(s) ({{1}}…), but ${values.length} were given` }]);
    }
    return template.category === 'MARKETING';
  }

  private checkSendAt(sendAt: string | undefined, timeZone: string | undefined, now: Date): void {
    if (timeZone !== undefined && timeZone !== 'contact' && !isValidTimeZone(timeZone)) {
      throw ApiError.invalid([{ field: 'timeZone', message: 'use an IANA time zone such as Europe/Berlin, or "contact" for each contact\'s timezone attribute' }]);
    }
    if (sendAt === undefined) return;
    if (isLocalTime(sendAt)) {
      if (timeZone === undefined) throw ApiError.invalid([{ field: 'timeZone', message: 'a local sendAt (YYYY-MM-DDTHH:mm) needs a timeZone: an IANA zone or "contact"' }]);
      if (timeZone !== 'contact' && dueTime(sendAt, timeZone, undefined, now).getTime() < now.getTime() - 60_000) {
        throw ApiError.invalid([{ field: 'sendAt', message: `${sendAt} in ${timeZone} has passed; omit sendAt to send now` }]);
      }
      return;
    }
    const at = z.iso.datetime({ offset: true }).safeParse(sendAt);
    if (!at.success) throw ApiError.invalid([{ field: 'sendAt', message: 'use an ISO time (2026-12-24T09:00:00Z) or a local time YYYY-MM-DDTHH:mm with timeZone' }]);
    if (new Date(sendAt).getTime() < now.getTime() - 60_000) throw ApiError.invalid([{ field: 'sendAt', message: `${sendAt} has passed; omit sendAt to send now` }]);
  }

  /** A given flow must be published with the campaign trigger. */
  private async checkFlow(workspaceId: string, flowId: string): Promise<void> {
    const version = await this.flows.publishedVersion(workspaceId, flowId).catch(() => null);
    const trigger = (version?.graph as FlowGraph | undefined)?.nodes.find((node) => node.type === CAMPAIGN_TRIGGER);
    if (!version || !trigger) throw ApiError.invalid([{ field: 'flowId', message: `flow ${flowId} is not a published flow with the WhatsApp campaign trigger` }]);
  }

  /**
   * The recipients. A CSV or rows are validated all together (a 400 names every bad row) and
   * imported as contacts (name, tags added, attributes merged), so a flow and later segments
   * know them; a segment takes the workspace's contacts with all its tags and equal attributes.
   */
  private async audience(workspaceId: string, audience: z.output<typeof createCampaignSchema>['audience']): Promise<AudienceMember[]> {
    if ('segment' in audience) {
      const { tags = [], attributes = {} } = audience.segment;
      if (tags.length === 0 && Object.keys(attributes).length === 0) throw ApiError.invalid([{ field: 'audience.segment', message: 'choose at least one tag or attribute' }]);
      const members = await this.contacts.segment(workspaceId, tags, attributes);
      if (members.length === 0) throw ApiError.invalid([{ field: 'audience.segment', message: 'no contact has these tags and attributes' }]);
      return members.map((member) => ({ ...member, attributes: {} }));
    }
    const given = 'csv' in audience ? csvRows(audience.csv) : { rows: audience.rows.map((values, index) => ({ label: `audience.rows[${index}]`, values })), problems: [] };
    if (given.problems.length > 0) throw ApiError.invalid(given.problems);
    const { members, problems } = readAudience(given.rows, this.config.DEFAULT_PHONE_COUNTRY);
    if (problems.length > 0) throw ApiError.invalid(problems);
    if (members.length === 0) throw ApiError.invalid([{ field: 'csv' in audience ? 'audience.csv' : 'audience.rows', message: 'the audience is empty' }]);
    await this.contacts.upsertMany(workspaceId, members);
    return members;
  }

  private async optedOut(workspaceId: string, phones: string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ phone: string }>(`SELECT phone FROM contacts WHERE workspace_id = $1 AND phone = ANY($2::text[]) AND opted_out_at IS NOT NULL`, [workspaceId, phones]);
    return new Set(rows.map((row) => row.phone));
  }

  /** Each member's `timezone` attribute: the row's, else the contact's. */
  private async contactZones(workspaceId: string, members: AudienceMember[]): Promise<Map<string, unknown>> {
    const { rows } = await this.pool.query<{ phone: string; zone: unknown }>(`SELECT phone, attributes -> 'timezone' AS zone FROM contacts WHERE workspace_id = $1 AND phone = ANY($2::text[])`, [
      workspaceId,
      members.map((member) => member.phone),
    ]);
    const zones = new Map(rows.map((row) => [row.phone, row.zone]));
    for (const member of members) if (member.attributes.timezone !== undefined) zones.set(member.phone, member.attributes.timezone);
    return zones;
  }

  /**
   * "Campaign: <name>", published: the campaign trigger and a template send to the contact with
   * the campaign's parameters (rendered per contact by the dispatcher). A user adds steps after
   * the send (wait for the reply, follow up) and publishes; the rest of the campaign runs them.
   */
  private async defaultFlow(workspaceId: string, actor: AuditActor, name: string, connectionId: string, template: string, language: string, parameters: string[] | Record<string, string>): Promise<string> {
    const mapped = Array.isArray(parameters) ? parameters.map((_, index) => `{{trigger.parameters.${index}}}`) : Object.fromEntries(Object.keys(parameters).map((key) => [key, `{{trigger.parameters.${key}}}`]));
    const graph: FlowGraph = {
      nodes: [
        { id: 'campaign', type: CAMPAIGN_TRIGGER, typeVersion: 1, config: {}, position: { x: 0, y: 0 } },
        {
          id: 'send',
          type: 'whatsapp.send_template',
          typeVersion: 1,
          config: { connectionId, template, language, to: '{{trigger.contact.phone}}', recipientName: '{{trigger.contact.name}}', parameters: mapped },
          position: { x: 0, y: 160 },
        },
      ],
      edges: [{ id: 'campaign-send', source: 'campaign', target: 'send' }],
    };
    const flow = await this.flows.create(workspaceId, { name: `Campaign: ${name}`.slice(0, 200), description: 'Sends the campaign\u2019s template to each recipient. Add steps after the send (wait for the reply, follow up) and publish.', graph });
    await this.flows.publish(workspaceId, flow.id, actor);
    return flow.id;
  }
}

function actorName(actor: AuditActor): string {
  return actor.kind === 'user' ? actor.email : `api key ${actor.name}`;
}

function toView(row: Record<string, any>, counts: CampaignCounts): CampaignView {
  return {
    id: row.id,
    name: row.name,
    connectionId: row.connection_id,
    template: row.template,
    language: row.language,
    parameters: row.parameters,
    flowId: row.flow_id,
    status: row.status,
    sendAt: row.send_at?.toISOString() ?? null,
    timeZone: row.time_zone,
    counts,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

function toRecipient(row: Record<string, any>): CampaignRecipient {
  return {
    phone: row.phone,
    name: row.name,
    status: row.status,
    runId: row.run_id,
    errorCode: row.error_code,
    dueAt: row.due_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
  };
}
