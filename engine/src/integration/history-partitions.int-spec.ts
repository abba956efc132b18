import { randomUUID } from 'node:crypto';
import { migrations } from '@switchboard/migrations';
import { Pool } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../database/data-source';
import { startEngine } from '../engine';
import { uuidV7 } from '../execution/uuid-v7';
import { HistoryPartitions, WEEK_MS, weekStart, weekSuffix } from '../persistence/history-partitions';
import { PgExecutionStore } from '../persistence/pg-execution-store';
import { ApiClient, TestEnvironment } from '../testing/test-engine';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Events, runs and steps partitioned by week (issue 19): retention drops old weeks whole; the default partitions are pruned row by row. */
describe('history partitions', () => {
  let environment: TestEnvironment;
  let pool: Pool;
  let partitions: HistoryPartitions;
  let store: PgExecutionStore;
  const workspaceId = randomUUID();
  const sql = <T = any>(text: string, values: unknown[] = []) => environment.sql<T>(text, values);
  const count = async (text: string, values: unknown[] = []) => Number((await sql<{ count: string }>(text, values))[0]!.count);
  const tables = async (suffix: string) => count(`SELECT count(*) FROM pg_class WHERE relname = ANY($1::text[])`, [['events', 'runs', 'steps'].map((table) => `${table}_p${suffix}`)]);

  /** An event received at `at` with one run (its step and a waitpoint), ids of `ms` (a UUIDv7 millisecond) or UUIDv4 (null, as before partitioning). */
  async function history(ms: number | null, at: Date, options: { finished?: boolean; replayOf?: string; eventId?: string } = {}) {
    const eventId = options.eventId ?? (ms === null ? randomUUID() : uuidV7(ms));
    const runId = ms === null ? randomUUID() : uuidV7(ms);
    if (!options.eventId) {
      await sql(`INSERT INTO events (id, workspace_id, type, source, external_id, occurred_at, data, received_at) VALUES ($1::uuid, $2, 'manual', 'api', $1::text, $3, '{}', $3)`, [eventId, workspaceId, at]);
      await sql(`INSERT INTO event_keys (workspace_id, source, external_id, event_id) VALUES ($2, 'api', $1::text, $1::uuid)`, [eventId, workspaceId]);
    }
    const finished = options.finished ?? true;
    await sql(
      `INSERT INTO runs (id, workspace_id, flow_id, flow_version_id, event_id, status, remaining, created_at, finished_at, replay_of)
       VALUES ($1, $2, $3, $3, $4, $5, 0, $6, CASE WHEN $7::boolean THEN $6::timestamptz END, $8)`,
      [runId, workspaceId, randomUUID(), eventId, finished ? 'succeeded' : 'waiting', at, finished, options.replayOf ?? null],
    );
    await sql(`INSERT INTO steps (run_id, node_id, node_type, status) VALUES ($1, 'trigger', 'manual', 'succeeded')`, [runId]);
    await sql(`INSERT INTO waitpoints (id, run_id, node_id, kind, status, created_at) VALUES ($1, $2, 'trigger', 'delay', $3, $4)`, [
      randomUUID(),
      runId,
      finished ? 'resolved' : 'waiting',
      at,
    ]);
    return { eventId, runId };
  }

  beforeAll(async () => {
    environment = await new TestEnvironment().create();
    pool = new Pool({ connectionString: environment.databaseUrl, max: 2 });
    partitions = new HistoryPartitions(pool, pino({ level: 'silent' }), { RETENTION_DAYS: 30 });
    store = new PgExecutionStore(pool);
    await sql(`INSERT INTO workspaces (id, name) VALUES ($1, 'History')`, [workspaceId]);
  });
  afterAll(async () => {
    await pool?.end();
    await environment?.destroy();
  });

  it('drops a week past retention whole, keeps a live week and a week with a run under way, and prunes the default partitions row by row', async () => {
    const now = Date.now();
    const [oldWeek, busyWeek] = [weekStart(now - 60 * DAY_MS), weekStart(now - 50 * DAY_MS)];
    expect(await partitions.createWeek(oldWeek)).toBe(true);
    expect(await partitions.createWeek(busyWeek)).toBe(true);
    const old = await history(oldWeek + DAY_MS, new Date(oldWeek + DAY_MS));
    const busyDone = await history(busyWeek + DAY_MS, new Date(busyWeek + DAY_MS));
    const busyWaiting = await history(busyWeek + DAY_MS + 1, new Date(busyWeek + DAY_MS), { finished: false });
    const live = await history(now, new Date(now));
    // A replay, made this week, of the old week's event: it goes with its event, as it always did.
    const replay = await history(now, new Date(now), { eventId: old.eventId, replayOf: old.runId });
    // Stored before partitioning (UUIDv4 ids): the default partitions, old and recent.
    const legacyOld = await history(null, new Date(now - 40 * DAY_MS));
    const legacyRecent = await history(null, new Date(now));
    expect(await count(`SELECT count(*) FROM runs_default WHERE id = ANY($1::uuid[])`, [[legacyOld.runId, legacyRecent.runId]])).toBe(2);
    expect(await count(`SELECT count(*) FROM runs_p${weekSuffix(oldWeek)}`)).toBe(1);

    const kept = await partitions.keep(new Date(now));
    expect(kept.dropped).toEqual([weekSuffix(oldWeek)]);
    expect(kept.kept).toEqual([weekSuffix(busyWeek)]);
    // The old week's tables are gone, and with them its run, step, waitpoint, event and key, and the replay of its event.
    expect(await tables(weekSuffix(oldWeek))).toBe(0);
    expect(await count(`SELECT count(*) FROM runs WHERE id = ANY($1::uuid[])`, [[old.runId, replay.runId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM steps WHERE run_id = ANY($1::uuid[])`, [[old.runId, replay.runId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM waitpoints WHERE run_id = ANY($1::uuid[])`, [[old.runId, replay.runId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM events WHERE id = $1`, [old.eventId])).toBe(0);
    expect(await count(`SELECT count(*) FROM event_keys WHERE event_id = $1`, [old.eventId])).toBe(0);
    // The live week is untouched; the busy week stays whole until its run ends.
    expect(await tables(weekSuffix(busyWeek))).toBe(3);
    for (const { runId, eventId } of [live, busyDone, busyWaiting, legacyOld, legacyRecent]) {
      expect(await count(`SELECT count(*) FROM runs r JOIN events e ON e.id = r.event_id JOIN steps s ON s.run_id = r.id WHERE r.id = $1 AND e.id = $2`, [runId, eventId])).toBe(1);
    }

    // Row by row: the default partitions' rows past the cutoff, and the busy week's finished runs; not the run under way.
    const pruned = await store.pruneFinished(new Date(now - 30 * DAY_MS), 1000);
    expect(pruned).toBe(2);
    expect(await count(`SELECT count(*) FROM runs WHERE id = ANY($1::uuid[])`, [[legacyOld.runId, busyDone.runId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM event_keys WHERE event_id = ANY($1::uuid[])`, [[legacyOld.eventId, busyDone.eventId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM steps WHERE run_id = ANY($1::uuid[])`, [[legacyOld.runId, busyDone.runId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM waitpoints WHERE run_id = ANY($1::uuid[])`, [[legacyOld.runId, busyDone.runId]])).toBe(0);
    expect(await count(`SELECT count(*) FROM runs WHERE id = ANY($1::uuid[])`, [[live.runId, legacyRecent.runId, busyWaiting.runId]])).toBe(3);
    expect(await count(`SELECT count(*) FROM steps WHERE run_id = ANY($1::uuid[])`, [[live.runId, legacyRecent.runId, busyWaiting.runId]])).toBe(3);

    // Once the run ends, its week goes whole.
    await sql(`UPDATE runs SET status = 'succeeded', finished_at = now() WHERE id = $1`, [busyWaiting.runId]);
    expect((await partitions.keep(new Date(now))).dropped).toEqual([weekSuffix(busyWeek)]);
    expect(await tables(weekSuffix(busyWeek))).toBe(0);
    expect(await count(`SELECT count(*) FROM runs WHERE id = $1`, [busyWaiting.runId])).toBe(0);
  });

  it('makes the current and the next two weeks, and moves into a week the default rows that have ids in it', async () => {
    const now = Date.now();
    const monday = weekStart(now);
    // This week and the next two were made by the migration.
    for (const week of [0, 1, 2]) expect(await tables(weekSuffix(monday + week * WEEK_MS))).toBe(3);
    // A week far ahead, as a UUIDv4 of the default partition may fall in: its event, run and step are stored before the week has partitions.
    const ahead = monday + 200 * WEEK_MS;
    const early = await history(ahead + DAY_MS, new Date(now), { finished: false });
    const where = async (table: string, key: string, id: string) =>
      (await sql<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM ${table} WHERE ${key} = $1`, [id])).map((row) => row.part);
    expect(await where('runs', 'id', early.runId)).toEqual(['runs_default']);
    // Then the keeper runs as if that week had come: it makes it with those rows in it.
    const result = await partitions.keep(new Date(ahead + DAY_MS));
    expect(result.blocked).toEqual([]);
    expect(result.created).toEqual([weekSuffix(ahead), weekSuffix(ahead + WEEK_MS), weekSuffix(ahead + 2 * WEEK_MS)]);
    const suffix = weekSuffix(ahead);
    expect(await tables(suffix)).toBe(3);
    expect(await where('events', 'id', early.eventId)).toEqual([`events_p${suffix}`]);
    expect(await where('runs', 'id', early.runId)).toEqual([`runs_p${suffix}`]);
    expect(await where('steps', 'run_id', early.runId)).toEqual([`steps_p${suffix}`]);
    // The moved run is whole and still under way: its waitpoint, its event's key, and a week that keeps its indexes.
    expect(await count(`SELECT count(*) FROM waitpoints WHERE run_id = $1 AND status = 'waiting'`, [early.runId])).toBe(1);
    expect(await count(`SELECT count(*) FROM event_keys WHERE event_id = $1`, [early.eventId])).toBe(1);
    expect(await count(`SELECT count(*) FROM pg_indexes WHERE tablename = $1`, [`runs_p${suffix}`])).toBeGreaterThan(1);
    // A new row of that week now goes to its partition.
    const later = await history(ahead + 2 * DAY_MS, new Date(now));
    expect(await where('runs', 'id', later.runId)).toEqual([`runs_p${suffix}`]);
  });
  it('gives way to a request in a lock cycle with it, and makes the week at the next try', async () => {
    const ahead = weekStart(Date.now()) + 300 * WEEK_MS;
    await history(ahead + DAY_MS, new Date());
    // A request holds the default runs partition and is about to read the default events one.
    const request = await pool.connect();
    try {
      await request.query('BEGIN');
      await request.query('SELECT count(*) FROM runs_default');
      // The keeper locks the default partitions, events first, and waits for runs_default.
      const keeping = partitions.createWeek(ahead);
      await expect.poll(async () => count(`SELECT count(*) FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).toBe(1);
      // The request now waits for the keeper: a cycle. The keeper gives up at its lock timeout, before Postgres's deadlock check would abort either.
      // (With a lock timeout above deadlock_timeout, Postgres aborts this read instead: 40P01.)
      await request.query('SELECT count(*) FROM events_default');
      expect(await keeping).toBe(false);
      await request.query('COMMIT');
    } finally {
      request.release();
    }
    expect(await tables(weekSuffix(ahead))).toBe(0);
    expect(await partitions.createWeek(ahead)).toBe(true);
    expect(await tables(weekSuffix(ahead))).toBe(3);
  });
});

describe('the partitioning migration on a database that holds history', () => {
  it('keeps every event, run and step, and the API still reads an old run', async () => {
    const environment = await new TestEnvironment().create({ empty: true });
    try {
      const index = migrations.findIndex((migration) => migration.name === 'HistoryPartitions1765200000000');
      const before = new DataSource({ ...dataSourceOptions(environment.databaseUrl, { poolSize: 2, connectMs: 5_000, statementMs: 0 }), migrations: migrations.slice(0, index) });
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      await before.destroy();

      const [workspaceId, flowId, versionId] = [randomUUID(), randomUUID(), randomUUID()];
      const sql = <T = any>(text: string, values: unknown[] = []) => environment.sql<T>(text, values);
      const graph = JSON.stringify({ nodes: [{ id: 'trigger', type: 'manual', config: {} }], edges: [] });
      await sql(`INSERT INTO workspaces (id, name) VALUES ($1, 'Before')`, [workspaceId]);
      await sql(`INSERT INTO flows (id, workspace_id, name, graph) VALUES ($1, $2, 'Old flow', $3)`, [flowId, workspaceId, graph]);
      await sql(`INSERT INTO flow_versions (id, flow_id, workspace_id, version, name, graph, trigger_type) VALUES ($1, $2, $3, 1, 'Old flow', $4, 'manual')`, [versionId, flowId, workspaceId, graph]);
      await sql(
        `INSERT INTO events (id, workspace_id, type, source, external_id, occurred_at, data)
         SELECT gen_random_uuid(), $1, 'manual', 'api', 'old-' || g, now(), jsonb_build_object('n', g) FROM generate_series(1, 500) g`,
        [workspaceId],
      );
      await sql(
        `INSERT INTO runs (id, workspace_id, flow_id, flow_version_id, event_id, status, remaining, finished_at)
         SELECT gen_random_uuid(), workspace_id, $1, $2, id, 'succeeded', 0, now() FROM events`,
        [flowId, versionId],
      );
      await sql(`INSERT INTO steps (run_id, node_id, node_type, status, output) SELECT id, 'trigger', 'manual', 'succeeded', '{"ok": true}' FROM runs`);
      await sql(`INSERT INTO steps (run_id, node_id, node_type, status) SELECT id, 'send', 'flow.delay', 'succeeded' FROM runs`);
      const [{ id: runId }] = await sql<{ id: string }>(`SELECT r.id FROM runs r JOIN events e ON e.id = r.event_id WHERE e.external_id = 'old-7'`);

      const engine = await startEngine(environment.config(), pino({ level: 'silent' }));
      try {
        expect(await sql(`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM runs)::int AS runs, (SELECT count(*) FROM steps)::int AS steps, (SELECT count(*) FROM event_keys)::int AS keys`)).toEqual([
          { events: 500, runs: 500, steps: 1000, keys: 500 },
        ]);
        expect(await sql(`SELECT relkind FROM pg_class WHERE relname = 'runs'`)).toEqual([{ relkind: 'p' }]);
        const api = new ApiClient(engine.url!, environment.apiKey);
        const run = (await api.get(`/api/runs/${runId}`)).body;
        expect(run).toMatchObject({ id: runId, status: 'succeeded', event: { id: 'old-7', type: 'manual' } });
        expect(run.steps).toEqual([expect.objectContaining({ nodeId: 'trigger', status: 'succeeded', output: { ok: true } })]);
        // An old event's id is still known: delivered again, it starts nothing and counts as a duplicate.
        const again = await api.post('/api/events', { type: 'manual', id: 'old-7', data: {} });
        expect(again.body).toMatchObject({ duplicate: true });
        expect(await sql(`SELECT duplicates FROM events WHERE external_id = 'old-7'`)).toEqual([{ duplicates: 1 }]);
      } finally {
        await engine.close();
      }
    } finally {
      await environment.destroy();
    }
  });
});
