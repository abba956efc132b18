import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventOutcome } from '../../execution/types';

export interface ActivityFilter {
  /** The customer's number, as E.164 and as typed (the event data holds it as the caller sent it). */
  phones?: string[];
  eventId?: string;
  callId?: string;
  flowId?: string;
  /** `started`, `not_started` or a run status; with `flowId`, of that flow's run. */
  status?: string;
  from?: string;
  to?: string;
  /** The page's last event: its received time in microseconds since the epoch (exact, unlike an ISO string) and id. */
  before?: { micros: string; id: string };
  limit: number;
}

export interface ActivityEventRow {
  id: string;
  type: string;
  source: string;
  externalId: string;
  receivedAt: Date;
  receivedMicros: string;
  data: Record<string, unknown>;
  outcomes: EventOutcome[];
  duplicates: number;
  lastDuplicateAt: Date | null;
}

export interface ActivityRunRow {
  id: string;
  eventId: string;
  flowId: string;
  versionId: string;
  version: number | null;
  versionName: string | null;
  status: string;
  isTest: boolean;
}

export interface ActivityFlowRow {
  id: string;
  name: string;
  publishedVersionId: string | null;
  createdAt: Date;
  /** The trigger types of the flow's draft among those asked for. */
  draftTypes: string[];
}

/**
 * Reads Activity: a workspace's events newest first (`ix_events_workspace_received`), with the
 * runs they started and the flows they concern. Every statement is scoped to the workspace.
 */
/** A draft's nodes; a draft is saved even when invalid, so its `nodes` may be no list. */
const NODES = `CASE WHEN jsonb_typeof(f.graph -> 'nodes') = 'array' THEN f.graph -> 'nodes' ELSE '[]'::jsonb END`;

@Injectable()
export class ActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async events(workspaceId: string, filter: ActivityFilter): Promise<ActivityEventRow[]> {
    const params: unknown[] = [workspaceId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = ['e.workspace_id = $1'];
    const flowParam = filter.flowId ? param(filter.flowId) : '';
    // A run of the event (of the filtered flow, when there is one).
    const runOf = (extra = '') => `SELECT 1 FROM runs r WHERE r.event_id = e.id${flowParam ? ` AND r.flow_id = ${flowParam}` : ''}${extra}`;
    if (filter.phones?.length) where.push(`COALESCE(e.data -> 'customer' ->> 'phone', e.data ->> 'from') = ANY(${param(filter.phones)}::text[])`);
    if (filter.eventId) where.push(`e.external_id = ${param(filter.eventId)}`);
    if (filter.callId) where.push(`e.data -> 'call' ->> 'id' = ${param(filter.callId)}`);
    // Events stored before outcomes were recorded name their flows through their runs only.
    if (filter.flowId) where.push(`(e.outcomes @> ${param(JSON.stringify([{ flowId: filter.flowId }]))}::jsonb OR EXISTS (${runOf()}))`);
    if (filter.status === 'started') where.push(`EXISTS (${runOf()})`);
    else if (filter.status === 'not_started') where.push(`NOT EXISTS (${runOf()})`);
    else if (filter.status) where.push(`EXISTS (${runOf(` AND r.status = ${param(filter.status)}`)})`);
    if (filter.from) where.push(`e.received_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`e.received_at < ${param(filter.to)}`);
    if (filter.before) where.push(`(e.received_at, e.id) < ('epoch'::timestamptz + ${param(filter.before.micros)}::bigint * interval '1 microsecond', ${param(filter.before.id)}::uuid)`);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT e.id, e.type, e.source, e.external_id, e.received_at, (extract(epoch FROM e.received_at) * 1000000)::bigint::text AS received_micros, e.data, e.outcomes, e.duplicates, e.last_duplicate_at
         FROM events e
        WHERE ${where.join(' AND ')}
        ORDER BY e.received_at DESC, e.id DESC
        LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id as string,
      type: row.type as string,
      source: row.source as string,
      externalId: row.external_id as string,
      receivedAt: row.received_at as Date,
      receivedMicros: row.received_micros as string,
      data: row.data as Record<string, unknown>,
      outcomes: (row.outcomes as EventOutcome[] | null) ?? [],
      duplicates: row.duplicates as number,
      lastDuplicateAt: row.last_duplicate_at as Date | null,
    }));
  }

  /** The runs the events started, with their status now. */
  async runs(workspaceId: string, eventIds: string[]): Promise<ActivityRunRow[]> {
    if (eventIds.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.id, r.event_id, r.flow_id, r.flow_version_id, r.status, r.is_test, v.version, v.name
         FROM runs r LEFT JOIN flow_versions v ON v.id = r.flow_version_id
        WHERE r.workspace_id = $1 AND r.event_id = ANY($2::uuid[])
        ORDER BY r.created_at, r.id`,
      [workspaceId, eventIds],
    );
    return rows.map((row) => ({
      id: row.id as string,
      eventId: row.event_id as string,
      flowId: row.flow_id as string,
      versionId: row.flow_version_id as string,
      version: (row.version as number | null) ?? null,
      versionName: (row.name as string | null) ?? null,
      status: row.status as string,
      isTest: row.is_test as boolean,
    }));
  }

  /**
   * The workspace's flows (not deleted) that are named in `flowIds`, or that are unpublished with
   * a draft trigger of one of `types`: the current names, and the "my flow was a draft" answer.
   */
  async flows(workspaceId: string, flowIds: string[], types: string[]): Promise<ActivityFlowRow[]> {
    if (flowIds.length === 0 && types.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT f.id, f.name, f.published_version_id, f.created_at,
              COALESCE((SELECT array_agg(DISTINCT n ->> 'type') FROM jsonb_array_elements(${NODES}) n WHERE n ->> 'type' = ANY($3::text[])), '{}') AS draft_types
         FROM flows f
        WHERE f.workspace_id = $1 AND f.deleted_at IS NULL
          AND (f.id = ANY($2::uuid[])
               OR (f.published_version_id IS NULL
                   AND EXISTS (SELECT 1 FROM jsonb_array_elements(${NODES}) n WHERE n ->> 'type' = ANY($3::text[]))))`,
      [workspaceId, flowIds, types],
    );
    return rows.map((row) => ({
      id: row.id as string,
      name: row.name as string,
      publishedVersionId: (row.published_version_id as string | null) ?? null,
      createdAt: row.created_at as Date,
      draftTypes: row.draft_types as string[],
    }));
  }
}
