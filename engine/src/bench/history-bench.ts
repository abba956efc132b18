import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import pino from 'pino';
import { migrate } from '../database/data-source';
import { findFreePort } from '../infra/ports';
import { HistoryPartitions, WEEK_MS, weekStart, weekSuffix } from '../persistence/history-partitions';
import { PgExecutionStore } from '../persistence/pg-execution-store';

/**
 * `pnpm bench:history`: the history tables at scale (issue 19, "Postgres for years of history").
 *
 * 1. A private PostgreSQL 15 (the machine's binaries, a data directory of its own, durability
 *    settings off: it is thrown away) migrated to the current schema.
 * 2. N runs (default 10,000,000; BENCH_HISTORY_RUNS) over the last 52 weeks, each with its event
 *    and S steps (default 1; BENCH_HISTORY_STEPS), written week by week with INSERT … SELECT
 *    generate_series into the week's partitions. One big workspace holds 40 % of them, 400
 *    others share the rest, and a small one holds 2,000; 5 flows each, 90 % succeeded,
 *    7 % failed, the rest cancelled.
 * 3. The API's list queries (the runs page of `RunsService.list`, filtered by flow and by
 *    status, a page deep in the past through its cursor, a run by id with its steps, the
 *    Activity list and its search by phone), p50 and p95 of R repetitions (BENCH_HISTORY_REPEAT,
 *    default 30), for the big workspace and the small one.
 * 4. Retention: the oldest week dropped whole by the partition keeper, against the next week's
 *    rows deleted one by one by the row prune (`pruneFinished`, batches of 1,000, as every
 *    sweep did before partitioning) for BENCH_HISTORY_PRUNE_SECONDS (60), the rest extrapolated.
 *
 * Figures only: nothing is asserted.
 */
const RUNS = Number(process.env.BENCH_HISTORY_RUNS ?? 10_000_000);
const STEPS = Number(process.env.BENCH_HISTORY_STEPS ?? 1);
const REPEAT = Number(process.env.BENCH_HISTORY_REPEAT ?? 30);
/** `1`: each query's plan (EXPLAIN ANALYZE) in the big workspace is printed too; other text: the plans of the queries whose name holds it. */
const EXPLAIN = process.env.BENCH_HISTORY_EXPLAIN;
/** How long the row-by-row prune of a week is measured before the rest is extrapolated. */
const PRUNE_SECONDS = Number(process.env.BENCH_HISTORY_PRUNE_SECONDS ?? 60);
const WEEKS = 52;
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const BIG = '00000000-0000-4000-8000-00000000b16b';
const SMALL = '00000000-0000-4000-8000-0000000005aa';
const SMALL_RUNS = 2_000;
const OTHERS = 400;

async function main(): Promise<void> {
  const server = await startPrivatePostgres();
  const pool = new Pool({ connectionString: server.url, max: 4 });
  try {
    await migrate(server.url);
    console.log(`\nSwitchboard history benchmark — ${RUNS.toLocaleString('en')} runs over ${WEEKS} weeks, ${STEPS} step(s) each; private PostgreSQL 15 at ${server.url}`);
    const partitions = new HistoryPartitions(pool, pino({ level: 'silent' }), { RETENTION_DAYS: 365 });
    const now = Date.now();
    const first = weekStart(now) - (WEEKS - 1) * WEEK_MS;

    const loadStart = Date.now();
    // One connection: the generator's temporary table lives in its session.
    await pool.query(`INSERT INTO workspaces (id, name) VALUES ($1, 'Big'), ($2, 'Small')`, [BIG, SMALL]);
    const loader = await pool.connect();
    try {
      for (let week = 0; week < WEEKS; week++) {
        const monday = first + week * WEEK_MS;
        await partitions.createWeek(monday);
        await generateWeek(loader, monday, Math.min(now, monday + WEEK_MS), week);
        if (week % 13 === 12) console.log(`  generated ${week + 1} weeks (${seconds(Date.now() - loadStart)})`);
      }
    } finally {
      loader.release();
    }
    await pool.query('ANALYZE events, runs, steps, event_keys');
    const sizes = (await pool.query(`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_class c WHERE c.relkind = 'r' AND c.relname ~ '^(events|runs|steps)_'`)).rows[0].size;
    const counts = (await pool.query(`SELECT (SELECT count(*) FROM runs)::bigint AS runs, (SELECT count(*) FROM runs WHERE workspace_id = $1)::bigint AS big, (SELECT count(*) FROM runs WHERE workspace_id = $2)::bigint AS small, (SELECT count(*) FROM steps)::bigint AS steps`, [BIG, SMALL])).rows[0];
    console.log(`loaded              ${Number(counts.runs).toLocaleString('en')} runs (${Number(counts.big).toLocaleString('en')} in the big workspace, ${Number(counts.small).toLocaleString('en')} in the small one), ${Number(counts.steps).toLocaleString('en')} steps, their events, in ${seconds(Date.now() - loadStart)}; ${sizes} on disk; ${(await partitions.weeks()).length} weekly partitions per table`);

    console.log(`\nqueries             p50 / p95 of ${REPEAT} (ms)       big workspace         small workspace`);
    for (const query of QUERIES) {
      const big = await time(pool, query, BIG);
      const small = await time(pool, query, SMALL);
      if (EXPLAIN && (EXPLAIN === '1' || query.name.includes(EXPLAIN))) {
        const { text, values } = await query.prepare(pool, BIG);
        const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
        console.log(plan.rows.map((row) => `      ${row['QUERY PLAN']}`).join('\n'));
      }
      console.log(`  ${query.name.padEnd(34)}${`${big.p50.toFixed(2)} / ${big.p95.toFixed(2)}`.padStart(18)}${`${small.p50.toFixed(2)} / ${small.p95.toFixed(2)}`.padStart(22)}`);
    }

    // Retention: the oldest week dropped whole, the next one's rows deleted one by one.
    const [oldest, next] = [first, first + WEEK_MS];
    const rows = async (monday: number) => Number((await pool.query(`SELECT count(*) FROM runs_p${weekSuffix(monday)}`)).rows[0].count);
    const [oldestRuns, nextRuns] = [await rows(oldest), await rows(next)];
    const dropStart = Date.now();
    const dropped = await partitions.dropWeek(weekSuffix(oldest));
    const dropMs = Date.now() - dropStart;
    console.log(`\nretention           one week (${oldestRuns.toLocaleString('en')} runs, their events and steps) dropped whole in ${seconds(dropMs)}${dropped ? '' : ' (NOT dropped)'}`);
    // Row by row as every sweep did before partitioning, for at most PRUNE_SECONDS; the rest of the week extrapolated.
    const store = new PgExecutionStore(pool);
    const pruneStart = Date.now();
    let pruned = 0;
    for (let batch = -1; batch !== 0 && Date.now() - pruneStart < PRUNE_SECONDS * 1000; pruned += batch) batch = Math.max(0, await store.pruneFinished(new Date(next + WEEK_MS), 1000));
    const pruneMs = Date.now() - pruneStart;
    const weekMs = (pruneMs / Math.max(pruned, 1)) * nextRuns;
    console.log(
      `                    row by row (the row prune, batches of 1,000): ${pruned.toLocaleString('en')} of the next week's ${nextRuns.toLocaleString('en')} events with their runs and steps in ${seconds(pruneMs)} (${(pruned / (pruneMs / 1000)).toFixed(0)} events/s); the whole week ≈ ${seconds(weekMs)} (${(weekMs / Math.max(dropMs, 1)).toFixed(0)}× the drop)`,
    );
  } finally {
    await pool.end().catch(() => {});
    server.stop();
  }
}

/** A week's history: runs spread over its time, each with its event (same millisecond) and steps. */
async function generateWeek(pool: PoolClient, from: number, to: number, week: number): Promise<void> {
  const perWeek = Math.round(RUNS / WEEKS);
  const smallPerWeek = Math.round(SMALL_RUNS / WEEKS);
  // Row g: its millisecond, its workspace (40 % big, a few small, the rest spread), one of its workspace's 5 flows.
  await pool.query(
    `CREATE TEMP TABLE IF NOT EXISTS gen (g bigint, ms bigint, ws uuid, flow uuid, status text, received timestamptz, event_id uuid, run_id uuid, phone text);
     TRUNCATE gen;`,
  );
  await pool.query(
    `INSERT INTO gen
     SELECT g, ms,
            ws, md5(ws::text || (g / 7) % 5)::uuid,
            CASE WHEN g % 100 < 90 THEN 'succeeded' WHEN g % 100 < 97 THEN 'failed' ELSE 'cancelled' END,
            to_timestamp(ms / 1000.0),
            (lpad(to_hex(ms), 12, '0') || '7' || substr(md5('e' || g), 1, 3) || '8' || substr(md5('e' || g), 4, 15))::uuid,
            (lpad(to_hex(ms), 12, '0') || '7' || substr(md5('r' || g), 1, 3) || '9' || substr(md5('r' || g), 4, 15))::uuid,
            '+1415' || lpad((g % 9000000)::text, 7, '0')
       FROM (SELECT g, ms,
                    CASE WHEN g % 5 < 2 THEN $4::uuid WHEN g % 5 = 2 AND (g / 5) % 10000 < $6 THEN $5::uuid
                         ELSE ('00000000-0000-4000-8000-' || lpad(to_hex(g % ${OTHERS}), 12, '0'))::uuid END AS ws
               FROM (SELECT g, ($1::bigint + (g - $7::bigint) * (($2::bigint - $1::bigint) / $3::bigint)) AS ms
                       FROM generate_series($7::bigint, $7::bigint + $3::bigint - 1) g) t) u`,
    [from, to, perWeek, BIG, SMALL, Math.max(1, Math.round((smallPerWeek / (perWeek / 5)) * 10000)), week * perWeek],
  );
  const suffix = weekSuffix(from);
  await pool.query(
    `INSERT INTO events_p${suffix} (id, workspace_id, type, source, external_id, occurred_at, data, received_at, outcomes)
     SELECT event_id, ws, 'call.completed', 'api', 'call-' || g, received,
            jsonb_build_object('customer', jsonb_build_object('phone', phone, 'name', 'Customer ' || g), 'call', jsonb_build_object('id', 'c' || g, 'durationSeconds', g % 600), 'summary', 'The customer asked about their appointment.'),
            received, jsonb_build_array(jsonb_build_object('flowId', flow, 'started', true))
       FROM gen`,
  );
  await pool.query(`INSERT INTO event_keys (workspace_id, source, external_id, event_id) SELECT ws, 'api', 'call-' || g, event_id FROM gen`);
  await pool.query(
    `INSERT INTO runs_p${suffix} (id, workspace_id, flow_id, flow_version_id, event_id, status, remaining, created_at, started_at, finished_at, updated_at, error)
     SELECT run_id, ws, flow, flow, event_id, status, 0, received, received, received + interval '2 seconds', received + interval '2 seconds',
            CASE WHEN status = 'failed' THEN '{"code": "PROVIDER_ERROR", "message": "The provider answered 500", "retryable": true}'::jsonb END
       FROM gen`,
  );
  for (let step = 0; step < STEPS; step++) {
    await pool.query(
      `INSERT INTO steps_p${suffix} (run_id, node_id, node_type, status, handle, input, output, started_at, finished_at, updated_at)
       SELECT run_id, 'step_${step}', 'whatsapp.send_template', 'succeeded', 'default',
              jsonb_build_object('to', phone, 'template', 'follow_up'), jsonb_build_object('messageId', 'wamid.' || g),
              received, received + interval '1 second', received + interval '1 second'
         FROM gen`,
    );
  }
}

/** One of the workspace's flows, as the generator names them. */
function flowOf(workspace: string): string {
  const hex = createHash('md5').update(`${workspace}3`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface Query {
  name: string;
  /** SQL and values for a workspace; values may be read from the data first. */
  prepare(pool: Pool, workspace: string): Promise<{ text: string; values: unknown[] }>;
}

/** The runs page as `RunsService.list` builds it (TypeORM: every column, newest first, a page of 50 plus one). */
const RUNS_PAGE = (extra: string) =>
  `SELECT run.* FROM runs run WHERE run.workspace_id = $1 ${extra} ORDER BY run.created_at DESC, run.id DESC LIMIT 51`;

const QUERIES: Query[] = [
  { name: 'runs, newest page', prepare: async (_, workspace) => ({ text: RUNS_PAGE(''), values: [workspace] }) },
  {
    name: 'runs of one flow, newest page',
    prepare: async (_, workspace) => ({ text: RUNS_PAGE('AND run.flow_id = $2'), values: [workspace, flowOf(workspace)] }),
  },
  { name: 'runs failed, newest page', prepare: async (_, workspace) => ({ text: RUNS_PAGE('AND run.status = $2'), values: [workspace, 'failed'] }) },
  {
    name: 'runs, a page 6 months back (cursor)',
    prepare: async (pool, workspace) => {
      const at = new Date(Date.now() - 26 * WEEK_MS);
      const row = (await pool.query(`SELECT created_at, id FROM runs WHERE workspace_id = $1 AND created_at < $2 ORDER BY created_at DESC, id DESC LIMIT 1`, [workspace, at])).rows[0];
      return { text: RUNS_PAGE('AND (run.created_at, run.id) < ($2, $3)'), values: [workspace, row?.created_at ?? at, row?.id ?? '00000000-0000-0000-0000-000000000000'] };
    },
  },
  {
    name: 'one run by id, with its steps',
    prepare: async (pool, workspace) => {
      const row = (await pool.query(`SELECT id FROM runs WHERE workspace_id = $1 AND created_at < now() - interval '90 days' ORDER BY created_at DESC LIMIT 1`, [workspace])).rows[0];
      return {
        text: `SELECT r.*, (SELECT json_agg(s) FROM steps s WHERE s.run_id = r.id) AS steps FROM runs r WHERE r.id = $1 AND r.workspace_id = $2`,
        values: [row?.id, workspace],
      };
    },
  },
  {
    name: 'activity, newest events',
    prepare: async (_, workspace) => ({
      text: `SELECT e.id, e.type, e.source, e.external_id, e.received_at, e.data, e.outcomes, e.duplicates, e.last_duplicate_at
               FROM events e WHERE e.workspace_id = $1 ORDER BY e.received_at DESC, e.id DESC LIMIT 51`,
      values: [workspace],
    }),
  },
  {
    name: 'activity, search by phone',
    prepare: async (pool, workspace) => {
      const row = (await pool.query(`SELECT data -> 'customer' ->> 'phone' AS phone FROM events WHERE workspace_id = $1 AND received_at < now() - interval '60 days' ORDER BY received_at DESC LIMIT 1`, [workspace])).rows[0];
      return {
        text: `SELECT e.id, e.type, e.received_at, e.data FROM events e
                WHERE e.workspace_id = $1 AND COALESCE(e.data -> 'customer' ->> 'phone', e.data ->> 'from') = ANY($2::text[])
                ORDER BY e.received_at DESC, e.id DESC LIMIT 51`,
        values: [workspace, [row?.phone ?? '+0']],
      };
    },
  },
];

async function time(pool: Pool, query: Query, workspace: string): Promise<{ p50: number; p95: number }> {
  const { text, values } = await query.prepare(pool, workspace);
  const client = await pool.connect();
  try {
    await client.query(text, values);
    const samples: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const start = process.hrtime.bigint();
      await client.query(text, values);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    return { p50: samples[Math.floor(samples.length * 0.5)]!, p95: samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]! };
  } finally {
    client.release();
  }
}

/**
 * A PostgreSQL of this benchmark's own on a free port (as user `postgres` when run as root),
 * tuned for loading: no fsync, large WAL. Removed with its data when stopped.
 */
async function startPrivatePostgres(): Promise<{ url: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-history-'));
  const data = join(dir, 'data');
  const port = await findFreePort(55432);
  const root = process.getuid?.() === 0;
  const owner = root ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
  if (root) chownSync(dir, owner.uid!, owner.gid!);
  const run = (binary: string, args: string[]) => {
    const result = spawnSync(join(PG_BIN, binary), args, { ...owner, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=1GB',
    '-c maintenance_work_mem=512MB',
    '-c work_mem=64MB',
    '-c max_wal_size=16GB',
    '-c checkpoint_timeout=1h',
    '-c autovacuum=off',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      spawnSync(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], { ...owner });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
