import { Inject, Injectable } from '@nestjs/common';
import { FUNNEL_REPLY_HOURS, type FunnelBucket, type FunnelCounts, type FunnelGroupBy, type FunnelInterval } from '@switchboard/shared';
import type { Pool } from 'pg';
import { PG_POOL } from '../../runtime/tokens';

export interface FunnelFilter {
  groupBy: FunnelGroupBy;
  from: Date;
  to: Date;
  flowId?: string;
  connectionId?: string;
  campaignId?: string;
  template?: string;
  includeTests: boolean;
  interval?: FunnelInterval;
}

export interface FunnelGroupRow extends FunnelCounts {
  key: string | null;
  /** The flow's or sender's name, or the campaign's name as its event gave it; null for a template. */
  hint: string | null;
}

export interface FunnelRows {
  groups: FunnelGroupRow[];
  totals: FunnelCounts;
  series: FunnelBucket[] | null;
}

/**
 * The group key of each `groupBy`: a fixed SQL expression, never text from the request. A
 * campaign is the `data.campaign` of the event that started the run (`whatsapp.campaign`).
 */
const KEYS: Record<FunnelGroupBy, string> = {
  flow: 'r.flow_id::text',
  template: 'm.template',
  sender: 'm.connection_id::text',
  campaign: `e.data->'campaign'->>'id'`,
};

/**
 * A group's name: its flow's or sender's name now, in the workspace (a deleted flow keeps its
 * row); the name the campaign's event gave; none for a template (its name is its key).
 */
const NAMES: Record<FunnelGroupBy, (workspace: string) => string> = {
  flow: (workspace) => `(SELECT f.name FROM flows f WHERE f.workspace_id = ${workspace} AND f.id = key::uuid)`,
  template: () => 'NULL::text',
  sender: (workspace) => `(SELECT c.name FROM connections c WHERE c.workspace_id = ${workspace} AND c.id = key::uuid)`,
  campaign: () => 'max(hint)',
};

/** The funnel's stages over the furthest status a message reached (`switchboard_status_rank`: sent < failed < delivered < read < played). */
const STAGES = `
  count(*)::integer AS messages,
  count(*) FILTER (WHERE sent)::integer AS sent,
  count(*) FILTER (WHERE status IN ('delivered', 'read', 'played'))::integer AS delivered,
  count(*) FILTER (WHERE status IN ('read', 'played'))::integer AS read,
  count(*) FILTER (WHERE replied)::integer AS replied,
  count(*) FILTER (WHERE status = 'failed')::integer AS failed`;

/**
 * The delivery funnel, read in one query: the outbound messages of a workspace created in the
 * period are picked once (by `ix_messages_workspace_created` or `ix_messages_created`), each with
 * its stage flags, and counted per group, per error code and per time bucket. A reply is looked
 * up for sent messages only, by `ix_messages_customer` (the sender, the customer, inbound, within
 * 72 hours): one index probe per message was faster than sorting the period's messages by
 * customer (`engine/src/bench/funnel-bench.ts`).
 *
 * The query runs without JIT: its plan costs enough to be compiled, and compiling it took longer
 * than running it (seconds on a 300 000-message period).
 */
@Injectable()
export class MessageFunnelRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async funnel(workspaceId: string, filter: FunnelFilter): Promise<FunnelRows> {
    const campaigns = filter.groupBy === 'campaign' || filter.campaignId !== undefined;
    const values: unknown[] = [];
    /** Binds a value and answers its placeholder: only the filters that are given reach the SQL. */
    const bind = (value: unknown, cast: string) => {
      values.push(value);
      return `$${values.length}::${cast}`;
    };
    const workspace = bind(workspaceId, 'uuid');
    const from = bind(filter.from, 'timestamptz');
    const to = bind(filter.to, 'timestamptz');
    const where = [`m.workspace_id = ${workspace}`, `m.direction = 'outbound'`, `m.created_at >= ${from}`, `m.created_at < ${to}`];
    if (!filter.includeTests) where.push('r.is_test IS NOT TRUE');
    if (filter.flowId !== undefined) where.push(`r.flow_id = ${bind(filter.flowId, 'uuid')}`);
    if (filter.connectionId !== undefined) where.push(`m.connection_id = ${bind(filter.connectionId, 'uuid')}`);
    if (filter.template !== undefined) where.push(`m.template = ${bind(filter.template, 'text')}`);
    if (filter.campaignId !== undefined) where.push(`e.data->'campaign'->>'id' = ${bind(filter.campaignId, 'text')}`);
    const unit = filter.interval ? bind(filter.interval, 'text') : null;
    const series = filter.interval
      ? `,
       buckets AS (
         SELECT date_trunc(${unit}, created_at AT TIME ZONE 'UTC') AS at, ${STAGES} FROM picked GROUP BY 1),
       series AS (
         SELECT at, COALESCE(b.messages, 0) AS messages, COALESCE(b.sent, 0) AS sent, COALESCE(b.delivered, 0) AS delivered,
                COALESCE(b.read, 0) AS read, COALESCE(b.replied, 0) AS replied, COALESCE(b.failed, 0) AS failed
           FROM generate_series(date_trunc(${unit}, ${from} AT TIME ZONE 'UTC'), ${to} AT TIME ZONE 'UTC' - interval '1 microsecond', ('1 ' || ${unit})::interval) AS s(at)
           LEFT JOIN buckets b USING (at))`
      : '';
    const { rows } = await this.withoutJit(
      `WITH picked AS (
         SELECT m.id, m.created_at, m.status, ${KEYS[filter.groupBy]} AS key,
                ${campaigns ? `e.data->'campaign'->>'name'` : 'NULL::text'} AS hint,
                COALESCE(m.error->>'code', 'UNKNOWN') AS code,
                m.status IN ('sent', 'delivered', 'read', 'played') AS sent,
                CASE WHEN m.status IN ('sent', 'delivered', 'read', 'played') THEN EXISTS (
                  SELECT 1 FROM messages i
                   WHERE i.connection_id = m.connection_id AND i.customer_phone = m.customer_phone AND i.direction = 'inbound'
                     AND i.created_at > m.created_at AND i.created_at <= m.created_at + interval '${FUNNEL_REPLY_HOURS} hours'
                     AND i.workspace_id = m.workspace_id)
                ELSE false END AS replied
           FROM messages m
           LEFT JOIN runs r ON r.id = m.run_id AND r.workspace_id = m.workspace_id
           ${campaigns ? 'LEFT JOIN events e ON e.id = r.event_id AND e.workspace_id = m.workspace_id' : ''}
          WHERE ${where.join(' AND ')}),
       groups AS (SELECT key, ${NAMES[filter.groupBy](workspace)} AS hint, ${STAGES} FROM picked GROUP BY key),
       codes AS (SELECT key, code, count(*)::integer AS count FROM picked WHERE status = 'failed' GROUP BY key, code),
       totals AS (SELECT ${STAGES} FROM picked)${series}
       SELECT
         (SELECT COALESCE(json_agg(json_build_object(
                   'key', g.key, 'hint', g.hint, 'messages', g.messages, 'sent', g.sent, 'delivered', g.delivered, 'read', g.read,
                   'replied', g.replied, 'failed', g.failed,
                   'failures', (SELECT COALESCE(json_agg(json_build_object('code', c.code, 'count', c.count) ORDER BY c.count DESC, c.code), '[]'::json)
                                  FROM codes c WHERE c.key IS NOT DISTINCT FROM g.key))
                 ORDER BY g.messages DESC, g.key NULLS LAST), '[]'::json) FROM groups g) AS groups,
         (SELECT row_to_json(t) FROM totals t) AS totals,
         (SELECT COALESCE(json_agg(json_build_object('code', code, 'count', count) ORDER BY count DESC, code), '[]'::json)
            FROM (SELECT code, sum(count)::integer AS count FROM codes GROUP BY code) c) AS failures,
         ${filter.interval
           ? `(SELECT COALESCE(json_agg(json_build_object('at', to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS".000Z"'), 'messages', messages, 'sent', sent,
                     'delivered', delivered, 'read', read, 'replied', replied, 'failed', failed) ORDER BY at), '[]'::json) FROM series)`
           : 'NULL::json'} AS series`,
      values,
    );
    const row = rows[0] as { groups: FunnelGroupRow[]; totals: Omit<FunnelCounts, 'failures'>; failures: FunnelCounts['failures']; series: FunnelBucket[] | null };
    return { groups: row.groups, totals: { ...row.totals, failures: row.failures }, series: row.series };
  }

  private async withoutJit(text: string, values: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query('SET LOCAL jit = off');
      const result = await client.query(text, values);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
