import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { renderDeep } from '@switchboard/shared';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { EngineConfig } from '../../config/config';
import { EventIngestor } from '../../execution/event-ingestor';
import { withTransaction } from '../../persistence/checked-out';
import { CONFIG, LOGGER, PG_POOL } from '../../runtime/tokens';
import { ConnectionsService } from '../connections/connections.service';
import { CAMPAIGN_TRIGGER } from './campaigns.service';

/** A sender without a configured rate (a sandbox) is dispatched at Meta's default. */
const DEFAULT_RATE_PER_SECOND = 80;
/** Campaigns one tick looks at; the others wait for the next tick. */
const CAMPAIGNS_PER_TICK = 20;

interface ActiveCampaign {
  id: string;
  workspace_id: string;
  workspace_name: string;
  name: string;
  connection_id: string;
  template: string;
  language: string;
  parameters: string[] | Record<string, string>;
  flow_id: string;
  status: 'scheduled' | 'running';
  last_dispatch_at: Date | null;
}

interface DueRecipient {
  phone: string;
  name: string | null;
  attributes: Record<string, unknown>;
  contact_name: string | null;
  tags: string[] | null;
  contact_attributes: Record<string, unknown> | null;
}

/**
 * Starts campaign recipients' runs when they are due, at the sender's pace. Durable in Postgres,
 * one loop per worker process: each tick locks the active campaigns it takes with `FOR UPDATE
 * SKIP LOCKED` (so two workers never dispatch one campaign at once, and a pause, which takes the
 * same lock, waits for the batch in hand and then stops the next), claims up to the tokens its
 * sender's rate earned since the campaign's last dispatch (`sendRatePerSecond`, carried over
 * between ticks, at most two ticks' worth), and ingests one `whatsapp.campaign` event per
 * recipient for the campaign's own flow — inside the claim's transaction: a crash before the
 * commit leaves the recipients pending, and their event ids (`campaign:<id>:<phone>`) make the
 * redispatch a duplicate that starts nothing new. The gateway's own limiter still has the last
 * word on each send (several campaigns on one sender share it).
 */
@Injectable()
export class CampaignDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly ingestor: EventIngestor,
    private readonly connections: ConnectionsService,
  ) {}

  onApplicationBootstrap(): void {
    this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  private run(): void {
    this.current = this.tick()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, 'campaign dispatch failed'))
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => this.run(), this.config.CAMPAIGN_DISPATCH_INTERVAL_MS);
      });
  }

  /** One round over the due campaigns; then the campaigns with nobody left to start are completed. */
  async tick(now: Date = new Date()): Promise<number> {
    const started = await withTransaction(
      this.pool,
      (error) => this.logger.warn({ err: error }, 'campaigns: the dispatch transaction lost its Postgres connection'),
      async (client) => {
        const { rows } = await client.query<ActiveCampaign>(
          `SELECT c.id, c.workspace_id, w.name AS workspace_name, c.name, c.connection_id, c.template, c.language, c.parameters, c.flow_id, c.status, c.last_dispatch_at
             FROM campaigns c JOIN workspaces w ON w.id = c.workspace_id
            WHERE c.status IN ('scheduled', 'running')
              AND EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.status = 'pending' AND r.due_at <= $1)
            ORDER BY c.last_dispatch_at NULLS FIRST
            LIMIT ${CAMPAIGNS_PER_TICK}
            FOR UPDATE OF c SKIP LOCKED`,
          [now],
        );
        let count = 0;
        for (const campaign of rows) count += await this.dispatch(client, campaign, now);
        return count;
      },
    );
    await this.pool.query(
      `UPDATE campaigns c SET status = 'completed', finished_at = now(), updated_at = now()
        WHERE c.status IN ('scheduled', 'running') AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.status = 'pending')`,
    );
    return started;
  }

  private async dispatch(client: PoolClient, campaign: ActiveCampaign, now: Date): Promise<number> {
    const rate = await this.rate(campaign);
    // Tokens earned since the last dispatch, at most two ticks' worth (a slow tick is caught up
    // by the next; a campaign that waited, started or resumes does not burst): no second holds
    // more than the sender's rate and two ticks of it.
    const interval = this.config.CAMPAIGN_DISPATCH_INTERVAL_MS;
    const capacity = Math.min(2 * interval, 1000);
    const since = campaign.last_dispatch_at ? Math.max(now.getTime() - campaign.last_dispatch_at.getTime(), 0) : interval;
    const budget = Math.floor((Math.min(since, capacity) * rate) / 1000);
    if (budget < 1) return 0;
    const { rows } = await client.query<DueRecipient>(
      `WITH due AS (
         SELECT phone FROM campaign_recipients WHERE campaign_id = $1 AND status = 'pending' AND due_at <= $2
          ORDER BY due_at, phone LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE campaign_recipients r SET status = 'started', started_at = now()
         FROM due LEFT JOIN contacts k ON k.workspace_id = $4 AND k.phone = due.phone
        WHERE r.campaign_id = $1 AND r.phone = due.phone
       RETURNING r.phone, r.name, r.attributes, k.name AS contact_name, k.tags, k.attributes AS contact_attributes`,
      [campaign.id, now, budget, campaign.workspace_id],
    );
    // The clock moves by the tokens spent, so a fraction of a send left over carries to the next tick.
    const spentMs = Math.ceil((rows.length * 1000) / rate);
    const from = campaign.last_dispatch_at ? Math.max(campaign.last_dispatch_at.getTime(), now.getTime() - capacity) : now.getTime() - interval;
    await client.query(`UPDATE campaigns SET last_dispatch_at = $2, status = 'running', updated_at = now() WHERE id = $1`, [campaign.id, new Date(Math.min(from + spentMs, now.getTime()))]);
    const results = await Promise.all(rows.map((recipient) => this.start(campaign, recipient)));
    const runIds = results.map((result) => result.runId);
    const errors = results.map((result) => result.error);
    await client.query(
      `UPDATE campaign_recipients r SET run_id = x.run_id, error_code = x.error
         FROM unnest($2::text[], $3::uuid[], $4::text[]) AS x(phone, run_id, error)
        WHERE r.campaign_id = $1 AND r.phone = x.phone`,
      [campaign.id, rows.map((row) => row.phone), runIds, errors],
    );
    return rows.length;
  }

  /** One recipient's run: its event names the campaign's flow, so only that flow starts. */
  private async start(campaign: ActiveCampaign, recipient: DueRecipient): Promise<{ runId: string | null; error: string | null }> {
    const contact = {
      phone: recipient.phone,
      name: recipient.name ?? recipient.contact_name,
      tags: recipient.tags ?? [],
      attributes: { ...(recipient.contact_attributes ?? {}), ...recipient.attributes },
    };
    const parameters = renderDeep(campaign.parameters, { contact, campaign: { id: campaign.id, name: campaign.name } }).value;
    const result = await this.ingestor.ingest(
      { id: campaign.workspace_id, name: campaign.workspace_name },
      {
        type: CAMPAIGN_TRIGGER,
        source: 'campaign',
        id: `campaign:${campaign.id}:${recipient.phone}`,
        flowId: campaign.flow_id,
        data: {
          campaign: { id: campaign.id, name: campaign.name },
          contact,
          customer: { phone: contact.phone, name: contact.name },
          connectionId: campaign.connection_id,
          template: campaign.template,
          language: campaign.language,
          parameters,
        },
      },
    );
    const runId = result.runs[0]?.runId ?? null;
    return { runId, error: runId ? null : 'FLOW_NOT_PUBLISHED' };
  }

  private async rate(campaign: ActiveCampaign): Promise<number> {
    const connection = await this.connections.resolve(campaign.workspace_id, campaign.connection_id);
    const configured = Number(connection?.config.sendRatePerSecond);
    return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_RATE_PER_SECOND;
  }
}
