import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Agent } from 'undici';
import { loadConfig } from '../config/config';
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, findServices } from '../infra/find-services';
import { startPrivateRedis } from '../infra/private-redis';
import { type Api, apiClient, callCompletedEvent, confirmationSend } from './bench-api';
import { startEngineProcess } from './engine-process';

/**
 * `pnpm bench`, waits: what a run waiting in a delay costs, and how fast the waits come back
 * after Redis lost its data.
 *
 * 1. N `call.completed` events (default 100,000) posted with concurrency C to a published flow
 *    call.completed → flow.delay (1 day) → whatsapp.send_template (sandbox); every run ends up
 *    `waiting` on a waitpoint in Postgres, its alarm a delayed job in Redis.
 * 2. Bytes per waiting run: Redis `used_memory` and Postgres `pg_total_relation_size` of every
 *    table, before the events and after, divided by N, and extrapolated to 1,000,000 runs.
 * 3. FLUSHALL, then the time until the sweep has armed all N alarms again.
 *
 * Redis is a private `redis-server` of this command's own (the benchmark empties it); Postgres
 * the machine's, in a database of its own dropped at the end. The engine runs with its default
 * SWEEP_INTERVAL_MS, as a user would have it.
 *
 * Environment: BENCH_WAITS, BENCH_CONCURRENCY, BENCH_REARM_TIMEOUT_MS, SWEEP_INTERVAL_MS.
 */
const WAITS = Number(process.env.BENCH_WAITS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const REARM_TIMEOUT_MS = Number(process.env.BENCH_REARM_TIMEOUT_MS ?? 180_000);
const MILLION = 1_000_000;
const GOAL_BYTES = 1024;
const GOAL_REARM_MS = 60_000;
const PREFIX = '{sbwaits}';
const DELAYED_KEY = `${PREFIX}:steps:delayed`;
const API_KEY = `sb_bench_${randomBytes(12).toString('hex')}`;

async function main(): Promise<void> {
  const sweepIntervalMs = loadConfig({ SWEEP_INTERVAL_MS: process.env.SWEEP_INTERVAL_MS }).SWEEP_INTERVAL_MS;
  const services = await findServices((message) => console.log(message));
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-waits-'));
  const database = `switchboard_waits_${randomBytes(4).toString('hex')}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  const privateRedis = await startPrivateRedis(dir, () => {});
  const redis = new Redis(privateRedis.url);
  const sql = new Client({ connectionString: dbUrl });
  const agent = new Agent({ connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
  let engine: Awaited<ReturnType<typeof startEngineProcess>> | undefined;
  try {
    await migrate(dbUrl);
    await sql.connect();
    console.log(`\nSwitchboard waits benchmark — ${WAITS} runs waiting in a 1-day delay, posted with concurrency ${CONCURRENCY}; SWEEP_INTERVAL_MS ${sweepIntervalMs}`);
    console.log(`private redis-server at ${privateRedis.url}; engine log in ${join(dir, 'engine.log')}`);
    engine = await startEngineProcess(
      { DATABASE_URL: dbUrl, REDIS_URL: privateRedis.url, QUEUE_PREFIX: PREFIX, BOOTSTRAP_API_KEY: API_KEY, ROLE: 'all', SWEEP_INTERVAL_MS: String(sweepIntervalMs) },
      undefined,
      { logFile: join(dir, 'engine.log') },
    );
    const api = apiClient(engine.url, API_KEY, agent);
    const connection = await api('POST', '/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: {} });
    const flow = await api('POST', '/api/flows', { name: 'Waits', graph: delayGraph(connection.body.id) });
    const published = await api('POST', `/api/flows/${flow.body.id}/publish`);
    if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);

    const redisBefore = await usedMemory(redis);
    const pgBefore = await tableSizes(sql);
    const startedAt = Date.now();
    await post(api, WAITS, CONCURRENCY);
    const postedAt = Date.now();
    await until(async () => (await waiting(sql)) >= WAITS && (await redis.zcard(DELAYED_KEY)) >= WAITS, 600_000, 'every run waiting with its alarm armed');
    const settledAt = Date.now();
    const redisAfter = await usedMemory(redis);
    const pgAfter = await tableSizes(sql);
    const keys = await redis.dbsize();
    const alarm = await sampleAlarm(redis);

    const flushedAt = Date.now();
    await redis.flushall();
    const rearmedAt = await rearmed(redis, flushedAt);
    const rearmedCount = await redis.zcard(DELAYED_KEY);

    const perRedis = (redisAfter - redisBefore) / WAITS;
    const pgRows = [...pgAfter].map(([table, after]) => ({ table, bytes: after - (pgBefore.get(table) ?? 0) })).filter((row) => row.bytes > 0).sort((a, b) => b.bytes - a.bytes);
    const perPg = pgRows.reduce((sum, row) => sum + row.bytes, 0) / WAITS;
    const rearmMs = rearmedAt.all === null ? null : rearmedAt.all - flushedAt;

    console.log('');
    console.log(`posting             ${WAITS} events in ${seconds(postedAt - startedAt)} (${(WAITS / ((postedAt - startedAt) / 1000)).toFixed(0)} events/s); all waiting ${seconds(settledAt - startedAt)} after the first`);
    console.log(`Redis per wait      ${bytes(perRedis)}  (used_memory ${mib(redisBefore)} → ${mib(redisAfter)}; ${keys} keys; 1M waits ≈ ${gib(perRedis * MILLION)})  goal ≤ 1 KiB: ${verdict(perRedis <= GOAL_BYTES)}`);
    console.log(`  one alarm         ${alarm}`);
    console.log(`Postgres per run    ${bytes(perPg)}  (1M waiting runs ≈ ${gib(perPg * MILLION)})  goal ≤ 1 KiB: ${verdict(perPg <= GOAL_BYTES)}`);
    for (const row of pgRows) console.log(`  ${row.table.padEnd(18)}${bytes(row.bytes / WAITS).padStart(10)}  (${mib(row.bytes)}: ${pgAfter.get(row.table) === undefined ? '' : await tableParts(sql, row.table)})`);
    console.log(
      `re-arm after loss   ${rearmMs === null ? `not done: ${rearmedCount} of ${WAITS} alarms after ${seconds(REARM_TIMEOUT_MS)}` : `${WAITS} alarms in ${seconds(rearmMs)}`} from FLUSHALL  goal ≤ 60 s: ${verdict(rearmMs !== null && rearmMs <= GOAL_REARM_MS)}`,
    );
    if (rearmedAt.first !== null) {
      const arming = `${seconds((rearmedAt.all ?? Date.now()) - rearmedAt.first)} to arm them (${rearmedAt.all === null ? 'unfinished' : `${(WAITS / (((rearmedAt.all - rearmedAt.first) || 1) / 1000)).toFixed(0)} alarms/s`})`;
      console.log(`  of which          ${seconds(rearmedAt.first - flushedAt)} until the next sweep tick, ${arming}; at worst one SWEEP_INTERVAL_MS plus the arming`);
    }
    console.log(`  how               each tick (every ${seconds(sweepIntervalMs)}) sets a sentinel key if absent; finding it gone means Redis lost its data, and that worker arms every waiting waitpoint's alarm from Postgres, due first`);
  } finally {
    await engine?.stop().catch(() => {});
    await sql.end().catch(() => {});
    await agent.close();
    redis.disconnect();
    await privateRedis.stop();
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await services.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A flow whose every run waits a day before its message: the wait is what is measured. */
function delayGraph(connectionId: string) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: { callType: 'connected' } },
      { id: 'later', type: 'flow.delay', config: { amount: 1, unit: 'days' } },
      confirmationSend('remind', connectionId),
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'later' },
      { id: 'e2', source: 'later', target: 'remind' },
    ],
  };
}

async function post(api: Api, count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const id = `wait-${next++}`;
      const answer = await api('POST', '/api/events', callCompletedEvent(id));
      if (answer.status !== 202 || answer.body.runs.length !== 1) throw new Error(`event ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function waiting(sql: Client): Promise<number> {
  const { rows } = await sql.query(`SELECT count(*)::int AS n FROM waitpoints WHERE status = 'waiting'`);
  return rows[0].n as number;
}

/**
 * When the first alarm came back (the sweep's tick noticed the loss) and when the delayed set
 * held every alarm again (null: not within `REARM_TIMEOUT_MS`).
 */
async function rearmed(redis: Redis, since: number): Promise<{ first: number | null; all: number | null }> {
  let first: number | null = null;
  while (Date.now() - since < REARM_TIMEOUT_MS) {
    const armed = await redis.zcard(DELAYED_KEY);
    if (armed > 0) first ??= Date.now();
    if (armed >= WAITS) return { first, all: Date.now() };
    await sleep(100);
  }
  return { first, all: null };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Every table's size with its indexes and TOAST. */
async function tableSizes(sql: Client): Promise<Map<string, number>> {
  const { rows } = await sql.query(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`,
  );
  return new Map(rows.map((row) => [row.name as string, Number(row.bytes)]));
}

/** A table's heap (with TOAST) and each index, for the breakdown. */
async function tableParts(sql: Client, table: string): Promise<string> {
  const heap = await sql.query(`SELECT pg_table_size($1::regclass)::bigint AS bytes`, [table]);
  const indexes = await sql.query(
    `SELECT i.relname AS name, pg_relation_size(i.oid)::bigint AS bytes FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = $1::regclass ORDER BY 2 DESC`,
    [table],
  );
  return [`heap ${mib(Number(heap.rows[0].bytes))}`, ...indexes.rows.map((row) => `${row.name} ${mib(Number(row.bytes))}`)].join(', ');
}

/** One alarm's job hash: its MEMORY USAGE and fields, to explain the per-wait figure. */
async function sampleAlarm(redis: Redis): Promise<string> {
  const [id] = await redis.zrange(DELAYED_KEY, 0, 0);
  const key = `${PREFIX}:steps:${id}`;
  const usage = await redis.memory('USAGE', key, 'SAMPLES', '0');
  const fields = await redis.hgetall(key);
  const described = Object.entries(fields).map(([field, value]) => `${field}=${value}`).join(' ');
  return `key ${key} (${key.length} chars): MEMORY USAGE ${usage} B; the delayed set ${mibOrBytes(await redis.memory('USAGE', DELAYED_KEY, 'SAMPLES', '0'))} in all; fields ${described}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const bytes = (value: number) => `${value.toFixed(0)} B`;
const mib = (value: number) => `${(value / 1024 / 1024).toFixed(1)} MiB`;
const gib = (value: number) => (value >= 1024 ** 3 ? `${(value / 1024 ** 3).toFixed(2)} GiB` : mib(value));
const mibOrBytes = (value: number | null) => (value === null ? 'unknown' : value >= 1024 * 1024 ? mib(value) : bytes(value));
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
