import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { FlowGraph } from '@switchboard/shared';
import { Batcher } from '../execution/batcher';
import type { DueWaitpoint, ExecutionStore } from '../execution/ports';
import { UnstorableWrite } from '../execution/unstorable-write';
import {
  stepKey,
  type IngestOutcome,
  type LoadedRun,
  type NewEvent,
  type NewRun,
  type RunStatus,
  type RunTrace,
  type ScopedStep,
  type StepStatus,
  type StepLease,
  type StepWrite,
  type StepWriteResult,
  type StoredStep,
  type StoredVersion,
  type StoredWaitpoint,
  type StrandedStep,
} from '../execution/types';
import type { EngineMetrics } from '../runtime/metrics';
import type { EndedRun, EngineTracing } from '../runtime/tracing/engine-tracing';
import { hotStatement } from './hot-statement';
import { jsonParam, jsonRowsParam } from './json-param';
import { ACQUIRE_LEASES_SQL, CANCEL_RUNS_SQL, DUPLICATE_EVENTS_SQL, INGEST_SQL, LOAD_RUNS_SQL, RELEASE_LEASES_SQL, REPLAY_RUN_SQL, RETRY_RUN_SQL, STALE_RUNS_SQL, WRITE_STEPS_SQL } from './execution-sql';
import { uuidV7Floor } from '../execution/uuid-v7';
import { weekStart } from './history-partitions';
import { isDataError } from './pg-errors';

type IngestItem = { event: NewEvent; runs: NewRun[] };

/**
 * Deletes from `table` the oldest events received before $1 (at most $2) whose runs are all
 * finished, with their keys, runs, and the runs' steps and waitpoints (no foreign key cascades:
 * see the migration `HistoryPartitions1765200000000`). One row per event deleted.
 */
const PRUNE_EVENTS_SQL = (table: string, where: string) => `
  WITH gone AS (
    DELETE FROM ${table} WHERE id IN (
      SELECT e.id FROM ${table} e
       WHERE e.received_at < $1 ${where}
         AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.event_id = e.id AND r.finished_at IS NULL)
       ORDER BY e.received_at LIMIT $2)
    RETURNING id, workspace_id, source, external_id),
  keys AS (
    DELETE FROM event_keys k USING gone g
     WHERE k.workspace_id = g.workspace_id AND k.source = g.source AND k.external_id = g.external_id),
  runs_gone AS (DELETE FROM runs r USING gone g WHERE r.event_id = g.id RETURNING r.id),
  steps_gone AS (DELETE FROM steps s USING runs_gone r WHERE s.run_id = r.id),
  waits_gone AS (DELETE FROM waitpoints w USING runs_gone r WHERE w.run_id = r.id)
  SELECT 1 FROM gone`;

/** What an erased step or run error keeps: its code and whether it was retryable, not its message (which may quote the customer). */
const ERASED_ERROR = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN NULL ELSE jsonb_build_object('code', ${column} -> 'code', 'message', 'Erased with the customer''s data', 'retryable', ${column} -> 'retryable') END`;
/**
 * An event's outcomes without the customer's data: a reason keeps its code, loses its message and
 * details (the compared values, the AI's reason quoting the transcript).
 */
const ERASED_OUTCOMES = `COALESCE((SELECT jsonb_agg(CASE WHEN o ? 'reason'
    THEN o || jsonb_build_object('reason', jsonb_build_object('code', o -> 'reason' -> 'code', 'message', 'Erased with the customer''s data'))
    ELSE o END) FROM jsonb_array_elements(outcomes) o), '[]'::jsonb)`;
type LeaseRequest = { lease: StepLease; ms: number; seen: { status: StepStatus; attempt: number } | null };

/**
 * The execution store on PostgreSQL. The hot statements (ingest, load a run, write a step)
 * go through batchers: concurrent callers share one round trip and one transaction. They are
 * named prepared statements (`hotStatement`) unless a transaction-mode pooler forbids it.
 */
export class PgExecutionStore implements ExecutionStore {
  private readonly ingestBatcher: Batcher<IngestItem, IngestOutcome>;
  private readonly loadBatcher: Batcher<{ runId: string; scope?: string }, LoadedRun | null>;
  private readonly writeBatcher: Batcher<StepWrite, StepWriteResult>;
  private readonly leaseBatcher: Batcher<LeaseRequest, boolean>;
  private readonly releaseBatcher: Batcher<StepLease, void>;

  constructor(
    private readonly pool: Pool,
    private readonly metrics?: EngineMetrics,
    /** Hears of each traced run's end, stored by a write here, to emit the run's span. */
    private readonly tracing?: Pick<EngineTracing, 'runEnded'>,
    /** False behind a transaction-mode pooler (`PG_POOLER`), see `hotStatement`. */
    private readonly namedStatements = true,
  ) {
    this.ingestBatcher = new Batcher((items) => this.ingestMany(items), { maxBatch: 200, observe: metrics?.batcher('ingest') });
    this.loadBatcher = new Batcher((requests) => this.loadMany(requests), { maxBatch: 200, observe: metrics?.batcher('load_run') });
    this.writeBatcher = new Batcher((writes) => this.writeMany(writes), { maxBatch: 300, observe: metrics?.batcher('write_step') });
    this.leaseBatcher = new Batcher((requests) => this.acquireMany(requests), { maxBatch: 300, observe: metrics?.batcher('acquire_lease') });
    this.releaseBatcher = new Batcher((leases) => this.releaseMany(leases), { maxBatch: 300, observe: metrics?.batcher('release_lease') });
  }

  async loadVersion(versionId: string): Promise<StoredVersion | null> {
    const { rows } = await this.pool.query(
      'SELECT id, flow_id, workspace_id, name, version, graph, is_test FROM flow_versions WHERE id = $1',
      [versionId],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  async publishedVersions(workspaceId: string, triggerType: string): Promise<StoredVersion[]> {
    const { rows } = await this.pool.query(
      `SELECT v.id, v.flow_id, v.workspace_id, v.name, v.version, v.graph, v.is_test
         FROM flows f JOIN flow_versions v ON v.id = f.published_version_id
        WHERE f.workspace_id = $1 AND f.published_trigger_type = $2
          AND f.published_version_id IS NOT NULL AND f.deleted_at IS NULL`,
      [workspaceId, triggerType],
    );
    return rows.map(toVersion);
  }

  ingest(event: NewEvent, runs: NewRun[]): Promise<IngestOutcome> {
    return this.ingestBatcher.add({ event, runs });
  }

  loadRun(runId: string, scope?: string): Promise<LoadedRun | null> {
    return this.loadBatcher.add({ runId, scope });
  }

  async writeStep(write: StepWrite): Promise<StepWriteResult> {
    try {
      // A batch that fails is tried again row by row (Batcher), so only the bad row gets here.
      return await this.writeBatcher.add(write);
    } catch (error) {
      if (error instanceof UnstorableWrite) throw error;
      if (isDataError(error)) throw new UnstorableWrite(`the database refused the step's data: ${(error as Error).message}`, { cause: error });
      throw error;
    }
  }

  async scopedSteps(runId: string): Promise<ScopedStep[]> {
    const { rows } = await this.pool.query(`SELECT node_id, scope, status, handle, output, error FROM steps WHERE run_id = $1 AND scope <> ''`, [runId]);
    return rows.map((row) => ({ nodeId: row.node_id, scope: row.scope, status: row.status, handle: row.handle, output: row.output, error: row.error }));
  }

  async saveDynamicVariables(runId: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
    // The first extraction stored wins; a concurrent step of the same run reads it back.
    const { rows } = await this.pool.query(
      `WITH saved AS (UPDATE runs SET dynamic_variables = $2 WHERE id = $1 AND dynamic_variables IS NULL RETURNING dynamic_variables)
       SELECT dynamic_variables FROM saved UNION ALL SELECT dynamic_variables FROM runs WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM saved)`,
      [runId, jsonParam(values)],
    );
    return (rows[0]?.dynamic_variables as Record<string, unknown> | undefined) ?? values;
  }

  async stepStates(runId: string, nodeIds: string[], scope: string): Promise<Map<string, { status: StepStatus; handle: string | null }>> {
    const { rows } = await this.pool.query(
      'SELECT node_id, status, handle FROM steps WHERE run_id = $1 AND scope = $2 AND node_id = ANY($3::text[])',
      [runId, scope, nodeIds],
    );
    return new Map(rows.map((row) => [row.node_id as string, { status: row.status as StepStatus, handle: row.handle as string | null }]));
  }

  async resolveWaitpoint(waitpointId: string, resolution: string, payload?: unknown): Promise<StoredWaitpoint | null> {
    const { rows } = await this.pool.query(
      `WITH won AS (
         UPDATE waitpoints SET status = 'resolved', resolution = $2, resolved_at = now(), payload = COALESCE($3::jsonb, payload)
          WHERE id = $1 AND status = 'waiting'
            -- An alarm for an earlier wake-up time (a conversation's timer moved on) does nothing.
            AND ($2 <> 'alarm' OR wake_at IS NULL OR wake_at <= now() + interval '1 second')
          RETURNING *)
       SELECT * FROM won
       UNION ALL
       SELECT * FROM waitpoints
        WHERE id = $1 AND status = 'resolved' AND resolution = $2 AND NOT EXISTS (SELECT 1 FROM won)`,
      [waitpointId, resolution, payload === undefined ? null : jsonParam(payload)],
    );
    return rows[0] ? toWaitpoint(rows[0]) : null;
  }

  async openWaitpoint(runId: string, nodeId: string, scope: string): Promise<StoredWaitpoint | null> {
    const { rows } = await this.pool.query(
      `SELECT * FROM waitpoints WHERE run_id = $1 AND node_id = $2 AND scope = $3 AND status = 'waiting'`,
      [runId, nodeId, scope],
    );
    return rows[0] ? toWaitpoint(rows[0]) : null;
  }

  /**
   * A keyset page over the partial index of waiting waitpoints: each page costs the same however
   * many came before. Wake-up times are written from JS dates (whole milliseconds), so the page's
   * last row, read back as a JS date, is an exact cursor.
   */
  async dueWaitpoints(horizon: Date | null, limit: number, after?: DueWaitpoint): Promise<DueWaitpoint[]> {
    const { rows } = await this.pool.query(
      `SELECT id, wake_at, conversation_id FROM waitpoints
        WHERE status = 'waiting' AND wake_at <= $1 AND (wake_at, id) > ($2::timestamptz, $3::uuid)
        ORDER BY wake_at, id LIMIT $4`,
      [horizon ?? 'infinity', after?.wakeAt ?? '-infinity', after?.id ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return rows.map((row) => ({ id: row.id as string, wakeAt: (row.wake_at as Date).toISOString(), target: row.conversation_id ? ('conversation' as const) : ('run' as const) }));
  }

  async staleRuns(olderThan: Date, limit: number): Promise<string[]> {
    // Queued and running runs that stopped moving, and waiting runs that have more to do than
    // wait: a step waiting or retrying without an open waitpoint (a loop, a wait resolved whose
    // resume was lost) or a resolved step whose successor was never stored (its job was lost
    // while another branch waits). A run waiting only on its waitpoints is left to their alarms.
    const { rows } = await this.pool.query(hotStatement(this.namedStatements, 'stale_runs', STALE_RUNS_SQL, [olderThan, limit]));
    return rows.map((row) => row.id as string);
  }

  async strandedSteps(runId: string): Promise<StrandedStep[]> {
    const { rows } = await this.pool.query(
      `SELECT s.node_id, s.scope, s.status, s.attempt, w.id AS wp_id, w.status AS wp_status, w.resolution, w.wake_at, w.conversation_id
         FROM steps s
         LEFT JOIN LATERAL (
           SELECT id, status, resolution, wake_at, conversation_id FROM waitpoints
            WHERE run_id = s.run_id AND node_id = s.node_id AND scope = s.scope
            ORDER BY (status = 'waiting') DESC, COALESCE(resolved_at, created_at) DESC LIMIT 1) w ON true
        WHERE s.run_id = $1 AND s.status IN ('waiting', 'running') AND (w.id IS NULL OR w.status <> 'waiting')`,
      [runId],
    );
    return rows.map((row) => ({
      nodeId: row.node_id as string,
      scope: row.scope as string,
      status: row.status as StepStatus,
      attempt: row.attempt as number,
      waitpoint: row.wp_id
        ? { id: row.wp_id as string, status: row.wp_status as StoredWaitpoint['status'], resolution: (row.resolution as string | null) ?? null, wakeAt: row.wake_at ? (row.wake_at as Date).toISOString() : null }
        : null,
    }));
  }

  acquireLease(lease: StepLease, ms: number, seen: { status: StepStatus; attempt: number } | null): Promise<boolean> {
    return this.leaseBatcher.add({ lease, ms, seen });
  }

  async renewLease(lease: StepLease, ms: number): Promise<void> {
    await this.pool.query(`UPDATE step_leases SET until = now() + $5 * interval '1 millisecond' WHERE run_id = $1 AND node_id = $2 AND scope = $3 AND owner = $4`, [
      lease.runId,
      lease.nodeId,
      lease.scope,
      lease.owner,
      ms,
    ]);
  }

  releaseLease(lease: StepLease): Promise<void> {
    return this.releaseBatcher.add(lease);
  }

  async cancelRun(runId: string): Promise<boolean> {
    const cancelled = (await this.cancelRuns([runId])) > 0;
    if (cancelled) this.metrics?.run('cancelled', 1);
    return cancelled;
  }

  /**
   * `cancelRun` for several runs, in the transaction `db` holds (a customer's erasure); how many
   * it cancelled. The caller counts them in the metrics once its transaction committed.
   */
  async cancelRuns(runIds: string[], db: Pick<Pool, 'query'> = this.pool): Promise<number> {
    const { rowCount } = await db.query(CANCEL_RUNS_SQL, [runIds]);
    return rowCount ?? 0;
  }

  async failedSteps(runId: string): Promise<string[]> {
    const { rows } = await this.pool.query(`SELECT node_id FROM steps WHERE run_id = $1 AND scope = '' AND status = 'failed' AND handle IS NULL`, [runId]);
    return rows.map((row) => row.node_id as string);
  }

  async retryRun(runId: string, trace: RunTrace | null = null): Promise<boolean> {
    const { rowCount } = await this.pool.query(RETRY_RUN_SQL, [runId, trace ? JSON.stringify(trace) : null]);
    return (rowCount ?? 0) > 0;
  }

  /** A finished run's top-level steps as they ended: what a replay may keep. */
  async endedSteps(runId: string): Promise<Array<{ nodeId: string; nodeType: string; status: StepStatus; handle: string | null }>> {
    const { rows } = await this.pool.query(`SELECT node_id, node_type, status, handle FROM steps WHERE run_id = $1 AND scope = ''`, [runId]);
    return rows.map((row) => ({ nodeId: row.node_id as string, nodeType: row.node_type as string, status: row.status as StepStatus, handle: (row.handle as string | null) ?? null }));
  }

  /**
   * Stores a replay of the finished run `runId` on `versionId` (see `REPLAY_RUN_SQL`): the steps
   * `kept` are copied as they ended and `remaining` counts the rest. The run is `queued`; the
   * caller has it reconciled, which queues what is ready exactly as for a retried run.
   */
  async replayRun(runId: string, replay: { id: string; versionId: string; kept: string[]; remaining: number }): Promise<boolean> {
    const { rowCount } = await this.pool.query(REPLAY_RUN_SQL, [runId, replay.id, replay.versionId, replay.kept, replay.remaining]);
    const stored = (rowCount ?? 0) > 0;
    if (stored) this.metrics?.run('started', 1);
    return stored;
  }

  /**
   * The `flow.wait_for_reply` waitpoints a customer's message resolves, with their run's flow:
   * those waiting on `correlation` (see `replyCorrelation`) and, for a redelivered message
   * (`created` false), those it resolved the first time. Only runs of `workspaceId`.
   */
  async replyWaitpoints(workspaceId: string, correlation: string, message: { id: string; created: boolean }): Promise<Array<{ id: string; runId: string; flowId: string; status: StoredWaitpoint['status'] }>> {
    const { rows } = await this.pool.query<{ id: string; run_id: string; flow_id: string; status: StoredWaitpoint['status'] }>(
      `SELECT w.id, w.run_id, r.flow_id, w.status FROM waitpoints w JOIN runs r ON r.id = w.run_id
        WHERE w.kind = 'reply' AND r.workspace_id = $4
          AND ((w.correlation = $1 AND w.status = 'waiting') OR (NOT $3::boolean AND w.resolution = 'reply' AND w.payload ->> 'messageId' = $2))`,
      [correlation, message.id, message.created, workspaceId],
    );
    return rows.map((row) => ({ id: row.id, runId: row.run_id, flowId: row.flow_id, status: row.status }));
  }

  /**
   * Sets a conversation's inactivity timer (a waitpoint of no run) to `wakeAt`: creates it or
   * moves the waiting one. `db` lets it join the transaction that stores the customer's message.
   */
  async setConversationTimer(conversationId: string, wakeAt: Date, db: Pick<Pool, 'query'> = this.pool): Promise<{ id: string; wakeAt: Date }> {
    const { rows } = await db.query<{ id: string; wake_at: Date }>(
      `INSERT INTO waitpoints (id, run_id, conversation_id, node_id, scope, kind, status, attempt, wake_at)
       VALUES ($1, NULL, $2, 'inactivity', '', 'timeout', 'waiting', 1, $3)
       ON CONFLICT (conversation_id) WHERE status = 'waiting' AND conversation_id IS NOT NULL
       DO UPDATE SET wake_at = EXCLUDED.wake_at
       RETURNING id, wake_at`,
      [randomUUID(), conversationId, wakeAt],
    );
    return { id: rows[0]!.id, wakeAt: rows[0]!.wake_at };
  }

  /**
   * The waiting `outcome` waitpoints of a workspace's send whose idempotency key is `key`, once
   * the send's message on `connectionId` has a known outcome (not pending, not unknown).
   */
  async outcomeWaitpoints(workspaceId: string, connectionId: string, key: string, correlation: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT w.id FROM waitpoints w JOIN runs r ON r.id = w.run_id
        WHERE w.correlation = $1 AND w.kind = 'outcome' AND w.status = 'waiting' AND r.workspace_id = $2
          AND EXISTS (SELECT 1 FROM messages m WHERE m.idempotency_key = $3 AND m.connection_id = $4 AND m.status NOT IN ('pending', 'unknown'))`,
      [correlation, workspaceId, key, connectionId],
    );
    return rows.map((row) => row.id);
  }

  /** Cancels a conversation's waiting inactivity timer (the conversation is closed by hand). */
  async cancelConversationTimer(conversationId: string): Promise<void> {
    await this.pool.query(`UPDATE waitpoints SET status = 'cancelled', resolved_at = now() WHERE conversation_id = $1 AND status = 'waiting'`, [conversationId]);
  }

  /**
   * A customer's erasure, in its transaction (`db`): their events lose their data (and the
   * values their outcomes compared), and their
   * runs, steps and waits keep their status and timings but lose their data — inputs, outputs,
   * warnings, error messages (the code stays), `{{dyn_*}}` values, payloads.
   */
  async eraseRunData(eventIds: string[], runIds: string[], db: Pick<Pool, 'query'>): Promise<void> {
    await db.query(`UPDATE events SET data = '{}'::jsonb, outcomes = ${ERASED_OUTCOMES} WHERE id = ANY($1::uuid[])`, [eventIds]);
    await db.query(`UPDATE runs SET error = ${ERASED_ERROR('error')}, dynamic_variables = NULL, updated_at = now() WHERE id = ANY($1::uuid[])`, [runIds]);
    await db.query(`UPDATE steps SET input = NULL, output = NULL, warnings = NULL, error = ${ERASED_ERROR('error')} WHERE run_id = ANY($1::uuid[])`, [runIds]);
    await db.query(`UPDATE waitpoints SET payload = NULL, correlation = NULL WHERE run_id = ANY($1::uuid[])`, [runIds]);
  }

  /**
   * A customer's erasure, for finished runs that only mention them (a broadcast): the steps,
   * waits, run data and events whose text holds `text` lose it (an event only once none of its
   * runs is under way). Answers the runs whose steps were blanked.
   */
  async eraseMentions(runIds: string[], text: string, db: Pick<Pool, 'query'>): Promise<string[]> {
    const mentioned = `strpos(concat(input::text, output::text, error::text, warnings::text), $2) > 0`;
    const blanked = await db.query<{ run_id: string }>(
      `UPDATE steps SET input = NULL, output = NULL, warnings = NULL, error = ${ERASED_ERROR('error')} WHERE run_id = ANY($1::uuid[]) AND ${mentioned} RETURNING run_id`,
      [runIds, text],
    );
    await db.query(`UPDATE waitpoints SET payload = NULL, correlation = NULL WHERE run_id = ANY($1::uuid[]) AND strpos(concat(payload::text, correlation), $2) > 0`, [runIds, text]);
    await db.query(
      `UPDATE runs SET error = ${ERASED_ERROR('error')}, dynamic_variables = NULL WHERE id = ANY($1::uuid[]) AND strpos(concat(error::text, dynamic_variables::text), $2) > 0`,
      [runIds, text],
    );
    await db.query(
      `UPDATE events e SET data = '{}'::jsonb, outcomes = ${ERASED_OUTCOMES}
        WHERE e.id IN (SELECT event_id FROM runs WHERE id = ANY($1::uuid[])) AND strpos(concat(e.data::text, e.outcomes::text), $2) > 0
          AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.event_id = e.id AND r.finished_at IS NULL)`,
      [runIds, text],
    );
    return [...new Set(blanked.rows.map((row) => row.run_id))];
  }

  /** The conversation a waitpoint times, or null for a run's waitpoint. */
  async conversationOfWaitpoint(waitpointId: string): Promise<string | null> {
    const { rows } = await this.pool.query('SELECT conversation_id FROM waitpoints WHERE id = $1', [waitpointId]);
    return (rows[0]?.conversation_id as string | null | undefined) ?? null;
  }

  /**
   * Finished runs, their events and steps past the cutoff that their week's partition does not
   * take away (`HistoryPartitions` drops a week whose whole range is past it): rows of the
   * default partitions (stored before partitioning, or while their week had no partition) and
   * of a past week kept for a run under way. Rows of the week across the cutoff stay until
   * their week goes: deleting them here would delete every row one by one.
   */
  async pruneFinished(before: Date, limit: number): Promise<number> {
    // Ids below the floor of the cutoff's week: partitions of weeks wholly past it, and the default ones.
    const pastWeeks = await this.pool.query(PRUNE_EVENTS_SQL('events', 'AND e.id < $3'), [before, limit, uuidV7Floor(weekStart(before.getTime()))]);
    const defaults = await this.pool.query(PRUNE_EVENTS_SQL('events_default', ''), [before, limit]);
    // Leases left by executions that died holding them.
    await this.pool.query(`DELETE FROM step_leases WHERE until < now() - interval '1 hour'`);
    return (pastWeeks.rowCount ?? 0) + (defaults.rowCount ?? 0);
  }

  /** Waitpoints waiting, by kind (a conversation's inactivity timer as `inactivity`), for `/metrics`; the partial index of waiting waitpoints serves it. */
  async waitingWaitpoints(): Promise<Array<{ kind: string; count: number }>> {
    const { rows } = await this.pool.query(
      `SELECT CASE WHEN conversation_id IS NULL THEN kind ELSE 'inactivity' END AS kind, count(*)::integer AS count
         FROM waitpoints WHERE status = 'waiting' GROUP BY 1`,
    );
    return rows.map((row) => ({ kind: row.kind as string, count: row.count as number }));
  }

  async touchRun(runId: string): Promise<void> {
    await this.pool.query('UPDATE runs SET updated_at = now() WHERE id = $1', [runId]);
  }

  private async ingestMany(items: IngestItem[]): Promise<IngestOutcome[]> {
    // Within a batch, only the first delivery of an event id is inserted; the others are duplicates.
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const key = eventKey(item.event);
      if (!firstIndex.has(key)) firstIndex.set(key, index);
    });
    const unique = items.filter((item, index) => firstIndex.get(eventKey(item.event)) === index);
    const repeats = new Map<string, number>();
    items.forEach((item) => repeats.set(eventKey(item.event), (repeats.get(eventKey(item.event)) ?? -1) + 1));
    const events = unique.map(({ event }) => ({
      id: event.id,
      workspace_id: event.workspaceId,
      type: event.type,
      source: event.source,
      external_id: event.externalId,
      occurred_at: event.occurredAt,
      data: event.data,
      outcomes: event.outcomes ?? [],
      repeats: repeats.get(eventKey(event)) ?? 0,
    }));
    const runs = unique.flatMap(({ event, runs }) =>
      runs.map((run) => ({
        id: run.id,
        workspace_id: run.workspaceId,
        flow_id: run.flowId,
        flow_version_id: run.versionId,
        event_id: event.id,
        created_at: run.createdAt,
        is_test: run.isTest,
        remaining: run.remaining,
        status: run.remaining <= 0 ? 'succeeded' : 'queued',
        trace_context: run.trace ?? null,
      })),
    );
    const steps = unique.flatMap(({ runs }) =>
      runs.map((run) => ({ run_id: run.id, node_id: run.trigger.nodeId, node_type: run.trigger.nodeType })),
    );
    const { rows } = await this.pool.query(hotStatement(this.namedStatements, 'ingest', INGEST_SQL, [jsonParam(events), jsonParam(runs), jsonParam(steps)]));
    const inserted = new Set(rows.map((row) => row.id as string));

    for (const item of items) {
      const duplicate = !inserted.has(item.event.id);
      this.metrics?.event(item.event.type, duplicate ? 'duplicate' : 'accepted');
      if (duplicate) continue;
      this.metrics?.run('started', item.runs.length);
      // A flow of a trigger alone is done as it starts.
      this.metrics?.run('succeeded', item.runs.filter((run) => run.remaining <= 0).length);
      for (const run of item.runs) {
        if (run.remaining <= 0 && run.trace) this.tracing?.runEnded({ runId: run.id, workspaceId: run.workspaceId, flowId: run.flowId, status: 'succeeded', createdAt: run.createdAt, trace: run.trace });
      }
    }
    // An event whose first delivery in the batch was not inserted was known: each of its deliveries counts.
    const known = unique.filter((item) => !inserted.has(item.event.id)).map(({ event }) => ({ event, count: (repeats.get(eventKey(event)) ?? 0) + 1 }));
    const existing = known.length > 0 ? await this.duplicateEvents(known) : new Map();
    const runsOf = (item: IngestItem) => item.runs.map((run) => ({ runId: run.id, flowId: run.flowId }));
    return items.map((item) => {
      if (inserted.has(item.event.id)) return { duplicate: false, runs: runsOf(item) };
      // A repeat within the batch of an event it stored answers with the runs stored for its first delivery.
      const first = items[firstIndex.get(eventKey(item.event))!]!;
      return { duplicate: true, runs: inserted.has(first.event.id) ? runsOf(first) : (existing.get(eventKey(item.event)) ?? []) };
    });
  }

  /** Counts deliveries of known events on them (`DUPLICATE_EVENTS_SQL`); the runs of each one's first delivery. */
  private async duplicateEvents(deliveries: Array<{ event: NewEvent; count: number }>): Promise<Map<string, Array<{ runId: string; flowId: string }>>> {
    const { rows } = await this.pool.query(DUPLICATE_EVENTS_SQL, [
      JSON.stringify(deliveries.map(({ event, count }) => ({ workspace_id: event.workspaceId, source: event.source, external_id: event.externalId, count }))),
    ]);
    const byEvent = new Map<string, Array<{ runId: string; flowId: string }>>();
    for (const row of rows) {
      const key = eventKey({ workspaceId: row.workspace_id, source: row.source, externalId: row.external_id });
      const list = byEvent.get(key) ?? [];
      if (row.run_id) list.push({ runId: row.run_id, flowId: row.flow_id });
      byEvent.set(key, list);
    }
    return byEvent;
  }

  private async loadMany(requests: Array<{ runId: string; scope?: string }>): Promise<Array<LoadedRun | null>> {
    const values = [requests.map((request) => request.runId), requests.map((request) => request.scope ?? null)];
    const { rows } = await this.pool.query(hotStatement(this.namedStatements, 'load_runs', LOAD_RUNS_SQL, values));
    // WITH ORDINALITY numbers the requests from 1.
    const byRequest = new Map(rows.map((row) => [Number(row.request) - 1, toLoadedRun(row)]));
    return requests.map((_, index) => byRequest.get(index) ?? null);
  }

  private async acquireMany(requests: LeaseRequest[]): Promise<boolean[]> {
    // One statement cannot take a row twice: of several requests for one step, the first goes in.
    const first = new Map<string, number>();
    requests.forEach(({ lease }, index) => {
      const key = `${lease.runId}\u0000${stepKey(lease.nodeId, lease.scope)}`;
      if (!first.has(key)) first.set(key, index);
    });
    const rows = [...first.values()].map((index) => {
      const { lease, ms, seen } = requests[index]!;
      return { run_id: lease.runId, node_id: lease.nodeId, scope: lease.scope, owner: lease.owner, ms, seen_status: seen?.status ?? null, seen_attempt: seen?.attempt ?? null };
    });
    const { rows: taken } = await this.pool.query(hotStatement(this.namedStatements, 'acquire_step_leases', ACQUIRE_LEASES_SQL, [jsonParam(rows)]));
    const owners = new Set(taken.map((row) => row.owner as string));
    return requests.map(({ lease }, index) => first.get(`${lease.runId}\u0000${stepKey(lease.nodeId, lease.scope)}`) === index && owners.has(lease.owner));
  }

  private async releaseMany(leases: StepLease[]): Promise<void[]> {
    const rows = leases.map((lease) => ({ run_id: lease.runId, node_id: lease.nodeId, scope: lease.scope, owner: lease.owner }));
    await this.pool.query(hotStatement(this.namedStatements, 'release_step_leases', RELEASE_LEASES_SQL, [jsonParam(rows)]));
    return leases.map(() => undefined);
  }

  private async writeMany(writes: StepWrite[]): Promise<StepWriteResult[]> {
    // One statement cannot update a row twice: of several writes to one step, the terminal one
    // (else the last) goes in; the others are reported as not applied.
    const chosen = new Map<string, number>();
    writes.forEach((write, index) => {
      const key = `${write.runId}\u0000${stepKey(write.nodeId, write.scope)}`;
      const previous = chosen.get(key);
      if (previous === undefined || !isTerminal(writes[previous]!.status)) chosen.set(key, index);
    });
    const batch = [...chosen.values()].map((index) => toStepRow(writes[index]!));
    let values: string[];
    try {
      values = [jsonRowsParam(batch, { capped: STEP_VALUE_FIELDS, warningsField: 'warnings' })];
    } catch (error) {
      // A value JSON cannot hold (a BigInt, a cycle) fails the same way every time.
      throw new UnstorableWrite(`the step's data cannot be written as JSON: ${(error as Error).message}`, { cause: error });
    }
    const { rows } = await this.pool.query(hotStatement(this.namedStatements, 'write_steps', WRITE_STEPS_SQL, values));
    const results = new Map<string, StepWriteResult>();
    const finishedRuns = new Map<string, RunStatus>();
    const finishedTraces = new Map<string, EndedRun>();
    for (const row of rows) {
      if (row.run_finished === true) finishedRuns.set(row.run_id as string, row.run_status as RunStatus);
      if (row.finished_trace) finishedTraces.set(row.run_id as string, { runId: row.run_id as string, status: row.run_status as string, ...(row.finished_trace as Omit<EndedRun, 'runId' | 'status'>) });
      results.set(`${row.run_id}\u0000${stepKey(row.node_id, row.scope)}`, {
        applied: true,
        runStatus: (row.run_status as RunStatus | null) ?? null,
        waitpointStored: row.waitpoint_stored === true,
      });
    }
    for (const status of finishedRuns.values()) this.metrics?.run(status as 'succeeded' | 'failed' | 'cancelled');
    for (const run of finishedTraces.values()) this.tracing?.runEnded(run);
    const writtenAt = Date.now();
    return writes.map((write, index) => {
      const key = `${write.runId}\u0000${stepKey(write.nodeId, write.scope)}`;
      const result = chosen.get(key) === index ? results.get(key) : undefined;
      if (!result) return { applied: false, runStatus: null, waitpointStored: false };
      // One execution's time: from its start to its end, or to this write when it waits (a deferral, a delay).
      const seconds = write.startedAt ? ((write.finishedAt ? Date.parse(write.finishedAt) : writtenAt) - Date.parse(write.startedAt)) / 1000 : undefined;
      this.metrics?.step(write.nodeType, write.status, seconds);
      return result;
    });
  }
}

/** An event's identity: its id within its workspace and source. */
function eventKey(event: Pick<NewEvent, 'workspaceId' | 'source' | 'externalId'>): string {
  return `${event.workspaceId}\u0000${event.source}\u0000${event.externalId}`;
}

/** The columns of a step row that hold user data: each is kept within the stored-value cap. */
const STEP_VALUE_FIELDS = ['input', 'output', 'error', 'wp_payload', 'warnings'] as const;

function isTerminal(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'skipped';
}

function toStepRow(write: StepWrite) {
  return {
    run_id: write.runId,
    node_id: write.nodeId,
    scope: write.scope,
    node_type: write.nodeType,
    status: write.status,
    handle: write.handle ?? null,
    input: write.input ?? null,
    output: write.output ?? null,
    error: write.error ?? null,
    warnings: write.warnings && write.warnings.length > 0 ? write.warnings : null,
    attempt: write.attempt,
    started_at: write.startedAt ?? null,
    finished_at: write.finishedAt ?? null,
    fail_run: write.failRun === true,
    lease_owner: write.lease?.owner ?? null,
    wp_id: write.waitpoint?.id ?? null,
    wp_kind: write.waitpoint?.kind ?? null,
    wp_wake_at: write.waitpoint?.wakeAt ?? null,
    wp_correlation: write.waitpoint?.correlation ?? null,
    wp_attempt: write.waitpoint?.attempt ?? null,
    wp_payload: write.waitpoint?.payload ?? null,
  };
}

function toVersion(row: Record<string, unknown>): StoredVersion {
  return {
    id: row.id as string,
    flowId: row.flow_id as string,
    workspaceId: row.workspace_id as string,
    name: row.name as string,
    version: (row.version as number | null | undefined) ?? null,
    graph: row.graph as FlowGraph,
    isTest: row.is_test as boolean,
  };
}

function toWaitpoint(row: Record<string, unknown>): StoredWaitpoint {
  return {
    id: row.id as string,
    runId: (row.run_id as string | null) ?? '',
    nodeId: row.node_id as string,
    scope: row.scope as string,
    kind: row.kind as StoredWaitpoint['kind'],
    status: row.status as StoredWaitpoint['status'],
    resolution: (row.resolution as string | null) ?? null,
    attempt: row.attempt as number,
    wakeAt: row.wake_at ? (row.wake_at as Date).toISOString() : null,
    payload: row.payload ?? null,
  };
}

function toLoadedRun(row: Record<string, unknown>): LoadedRun {
  const steps = new Map<string, StoredStep>();
  for (const step of (row.steps as Array<Record<string, unknown>>) ?? []) {
    const stored: StoredStep = {
      nodeId: step.n as string,
      scope: step.c as string,
      status: step.s as StepStatus,
      handle: (step.h as string | null) ?? null,
      output: step.o ?? null,
      attempt: step.a as number,
    };
    steps.set(stepKey(stored.nodeId, stored.scope), stored);
  }
  return {
    id: row.id as string,
    workspaceId: row.workspace_id as string,
    workspaceName: row.workspace_name as string,
    flowId: row.flow_id as string,
    versionId: row.flow_version_id as string,
    status: row.status as RunStatus,
    isTest: row.is_test as boolean,
    createdAt: (row.created_at as Date).toISOString(),
    dynamicVariables: (row.dynamic_variables as Record<string, unknown> | null) ?? null,
    trace: (row.trace_context as RunTrace | null) ?? null,
    event: {
      type: row.event_type as string,
      id: row.external_id as string,
      occurredAt: (row.occurred_at as Date).toISOString(),
      data: row.event_data as Record<string, unknown>,
    },
    steps,
  };
}
