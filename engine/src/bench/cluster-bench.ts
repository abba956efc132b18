import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Client } from 'pg';
import { startEmbeddedPostgres } from '../infra/embedded-postgres';
import { LocalRedisCluster } from '../infra/local-redis-cluster';
import { RedisServer } from '../infra/redis-server';
import { openStage } from './bench-stage';
import { cpuSeconds, parentPid, treeCpuSeconds, treeCpuSpent } from './process-cpu';
import { measureThroughput, publishBenchFlow, type Throughput } from './throughput';

/**
 * `pnpm bench:cluster`: what one run costs Redis and Postgres, and how the step queue spreads
 * over a Redis Cluster — the measured inputs of the README's scale-out model. A figure, not a
 * test.
 *
 * Two topologies, one after the other, with the same processes and the same load:
 * A. one `redis-server` of the bench's own, one API process and two worker processes, QUEUE_SHARDS=1;
 * B. a Redis Cluster of three masters (no replicas), the same three processes given every master
 *    in REDIS_CLUSTER_NODES (and a REDIS_URL that reaches nothing), QUEUE_SHARDS=`BENCH_CLUSTER_SHARDS`.
 * Both use one PostgreSQL of the bench's own (the embedded one, in a temp dir), a fresh database
 * per topology: on a server nothing else writes to, the WAL position and the server's CPU time
 * are this bench's alone. Redis servers run without persistence in both.
 *
 * Per topology: `BENCH_EVENTS` call.completed events (after a warm-up and 3 s with nothing to
 * do, whose Redis commands and CPU are printed as the idle cost) posted with
 * `BENCH_CONCURRENCY` to call.completed → flow.branch → whatsapp.send_template (sandbox), as
 * `pnpm bench` does; runs/s from the first event to the last run finished. Over the burst: per
 * Redis master the commands it processed (INFO's total_commands_processed, which counts the
 * commands a Lua script calls too, less the bench's own INFO and DBSIZE), the top commands
 * (INFO commandstats), its CPU time, its peak key count (DBSIZE every 200 ms) and its keys and
 * used_memory at the end; per Postgres table the rows inserted, updated and deleted
 * (pg_stat_user_tables, from before the warm-up to after the engines stopped, since a backend
 * reports them when its connection ends) and the bytes it grew; the WAL written (pg_current_wal_lsn), the
 * transactions committed and the server's CPU time (postmaster and backends, from /proc); the
 * CPU time of the API, each worker and the bench itself.
 *
 * Environment: BENCH_EVENTS (5000), BENCH_CONCURRENCY (64), BENCH_CLUSTER_SHARDS (6),
 * BENCH_NODE_ARGS (extra node flags for the engines).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SHARDS = Number(process.env.BENCH_CLUSTER_SHARDS ?? 6);
const WORKERS = 2;
const MASTERS = 3;
const KEY_SAMPLE_MS = 200;
const IDLE_MS = 3000;
const API_KEY = `sb_bench_${randomBytes(12).toString('hex')}`;
/** Commands the bench itself sends to the masters while it measures, left out of the engine's. */
const OWN_COMMANDS = ['info', 'dbsize'];

interface MasterFigures {
  port: number;
  /** Commands processed over the burst, those a script calls included, the bench's own excluded. */
  commands: number;
  /** Calls of each command over the burst (INFO commandstats), the bench's own excluded. */
  calls: Map<string, number>;
  cpuSeconds: number;
  peakKeys: number;
  keysAtEnd: number;
  /** Keys under the stage's prefix at the end (SCAN). */
  ourKeysAtEnd: number;
  usedMemory: number;
}

interface TableFigures {
  table: string;
  inserted: number;
  updated: number;
  deleted: number;
  bytes: number;
}

interface TopologyFigures {
  label: string;
  throughput: Throughput;
  masters: MasterFigures[];
  /** Runs the Postgres figures cover: the warm-up's and the burst's. */
  postgresRuns: number;
  tables: TableFigures[];
  walBytes: number;
  commits: number;
  postgresCpuSeconds: number;
  benchCpuSeconds: number;
  idle: IdleFigures;
}

/** Per second of a quiet stretch after the warm-up: what the engines cost with no run to do. */
interface IdleFigures {
  commandsPerSecond: number;
  redisCpuPerSecond: number;
  engineCpuPerSecond: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-bench-'));
  // The embedded PostgreSQL runs as the `postgres` user when this runs as root: it must reach its data.
  chmodSync(dir, 0o755);
  const log = join(dir, 'bench.log');
  const note = (message: string) => appendFileSync(log, `${new Date().toISOString()} ${message}\n`);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nSwitchboard cluster benchmark — ${EVENTS} events, concurrency ${CONCURRENCY}, one API and ${WORKERS} worker processes; ` +
      `A: one redis-server, QUEUE_SHARDS=1; B: a Redis Cluster of ${MASTERS} masters, QUEUE_SHARDS=${SHARDS}; ` +
      `a private PostgreSQL, fresh database each. ${cpus().length} × ${cpu}, everything on this one machine.`,
  );
  const postgres = await startEmbeddedPostgres(dir, note);
  const figures: TopologyFigures[] = [];
  try {
    progress('A: one redis-server');
    const server = await RedisServer.start();
    try {
      figures.push(await measure('A  one redis-server', { adminUrl: postgres.url, redisUrl: server.url }, [server.port], '1'));
    } finally {
      await server.destroy();
    }
    progress(`B: a cluster of ${MASTERS} masters`);
    const cluster = await LocalRedisCluster.start({ masters: MASTERS });
    try {
      const masters = await cluster.masters();
      // Every master listed, the last started first: the engines learn the slot map from whichever answers.
      const redisEnv = { REDIS_CLUSTER_NODES: cluster.nodesList([...masters].reverse()), REDIS_URL: 'redis://127.0.0.1:1' };
      figures.push(await measure(`B  cluster, ${MASTERS} masters`, { adminUrl: postgres.url, redisEnv }, masters, String(SHARDS)));
    } finally {
      await cluster.stop();
    }
    print(figures);
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One topology: a stage on `services`, the bench flow, the burst, and every reading around it. */
async function measure(
  label: string,
  services: Parameters<typeof openStage>[0],
  masters: number[],
  shards: string,
): Promise<TopologyFigures> {
  const stage = await openStage(services, 'split', API_KEY, { workers: WORKERS, env: { QUEUE_SHARDS: shards } });
  try {
    await publishBenchFlow(stage.api);
    const postmaster = await postmasterPid(stage.sql);
    // Postgres's rows and WAL from before the warm-up to after the engines stopped, divided by
    // every run: a backend reports its rows only now and then (and when its connection ends),
    // so a reading between the warm-up and the burst would not split them cleanly.
    const postgresBefore = await readPostgres(stage.sql);
    let redisBefore: Map<number, string> = new Map();
    let postgresCpuBefore = new Map<number, number>();
    let benchCpuBefore = 0;
    let idle: IdleFigures = { commandsPerSecond: NaN, redisCpuPerSecond: NaN, engineCpuPerSecond: NaN };
    let keys: KeyWatch | undefined;
    progress(`${label.trim()}: burst of ${EVENTS} events`);
    const throughput = await measureThroughput(stage, `cluster-${shards}`, EVENTS, CONCURRENCY, async () => {
      // What the engines cost Redis with nothing to do (BullMQ's blocking fetches and its timers, per queue and worker).
      const idleFrom = await infoOf(masters);
      const idleCpuFrom = stage.pids.map(cpuSeconds);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      redisBefore = await infoOf(masters);
      idle = {
        commandsPerSecond: sumOver(masters, (port) => engineCommands(idleFrom.get(port)!, redisBefore.get(port)!)) / (IDLE_MS / 1000),
        redisCpuPerSecond: sumOver(masters, (port) => redisCpu(idleFrom.get(port)!, redisBefore.get(port)!)) / (IDLE_MS / 1000),
        engineCpuPerSecond: stage.pids.reduce((sum, pid, index) => sum + cpuSeconds(pid) - idleCpuFrom[index]!, 0) / (IDLE_MS / 1000),
      };
      postgresCpuBefore = treeCpuSeconds(postmaster);
      benchCpuBefore = cpuSeconds(process.pid);
      keys = watchKeys(masters);
    });
    const sampled = await keys!.stop();
    const redisAfter = await infoOf(masters);
    const postgresCpuSeconds = treeCpuSpent(postgresCpuBefore, treeCpuSeconds(postmaster));
    const benchCpuSeconds = cpuSeconds(process.pid) - benchCpuBefore;
    await stage.stopEngines();
    const postgresAfter = await readPostgres(stage.sql);
    // Every key whose name holds the stage's id, whatever hash tag a queue shard wraps it in.
    const pattern = `*${stage.prefix.slice(1, -1)}*`;
    const figuresOfMasters: MasterFigures[] = [];
    for (const port of masters) {
      const before = redisBefore.get(port)!;
      const after = redisAfter.get(port)!;
      figuresOfMasters.push({
        port,
        commands: engineCommands(before, after),
        calls: engineCalls(before, after),
        cpuSeconds: redisCpu(before, after),
        peakKeys: sampled.get(port) ?? 0,
        ...(await keysOf(port, pattern)),
        usedMemory: infoField(after, 'used_memory'),
      });
    }
    return {
      label,
      throughput,
      masters: figuresOfMasters,
      postgresRuns: postgresAfter.runs - postgresBefore.runs,
      tables: tableDeltas(postgresBefore, postgresAfter),
      walBytes: await walBetween(stage.sql, postgresBefore.lsn, postgresAfter.lsn),
      commits: postgresAfter.commits - postgresBefore.commits,
      postgresCpuSeconds,
      benchCpuSeconds,
      idle,
    };
  } finally {
    await stage.close();
  }
}

interface PostgresReading {
  runs: number;
  lsn: string;
  commits: number;
  tables: Map<string, { inserted: number; updated: number; deleted: number; bytes: number }>;
}

async function readPostgres(sql: Client): Promise<PostgresReading> {
  const tables = await sql.query(
    `SELECT relname, n_tup_ins::bigint AS ins, n_tup_upd::bigint AS upd, n_tup_del::bigint AS del, pg_total_relation_size(relid)::bigint AS bytes FROM pg_stat_user_tables`,
  );
  const server = await sql.query(
    `SELECT pg_current_wal_lsn()::text AS lsn, xact_commit::bigint AS commits, (SELECT count(*) FROM runs)::int AS runs FROM pg_stat_database WHERE datname = current_database()`,
  );
  return {
    runs: server.rows[0].runs,
    lsn: server.rows[0].lsn,
    commits: Number(server.rows[0].commits),
    tables: new Map(tables.rows.map((row) => [row.relname as string, { inserted: Number(row.ins), updated: Number(row.upd), deleted: Number(row.del), bytes: Number(row.bytes) }])),
  };
}

/** What each table gained, the tables that only the set-up touched (flows, keys) left out. */
function tableDeltas(before: PostgresReading, after: PostgresReading): TableFigures[] {
  const runs = after.runs - before.runs;
  const zero = { inserted: 0, updated: 0, deleted: 0, bytes: 0 };
  return [...after.tables]
    .map(([table, now]) => {
      const then = before.tables.get(table) ?? zero;
      return { table, inserted: now.inserted - then.inserted, updated: now.updated - then.updated, deleted: now.deleted - then.deleted, bytes: now.bytes - then.bytes };
    })
    .filter((row) => (row.inserted + row.updated + row.deleted) / runs >= 0.005 || Math.abs(row.bytes / runs) >= 1)
    .sort((a, b) => b.inserted + b.updated + b.deleted - (a.inserted + a.updated + a.deleted));
}

async function walBetween(sql: Client, from: string, to: string): Promise<number> {
  const { rows } = await sql.query(`SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn)::bigint AS bytes`, [from, to]);
  return Number(rows[0].bytes);
}

/** The postmaster of the server `sql` is connected to: the parent of its backend. */
async function postmasterPid(sql: Client): Promise<number> {
  const { rows } = await sql.query(`SELECT pg_backend_pid() AS pid`);
  return parentPid(rows[0].pid);
}

/** `INFO everything` of each master, by port. */
async function infoOf(ports: number[]): Promise<Map<number, string>> {
  return new Map(await Promise.all(ports.map(async (port) => [port, String(await onNode(port, (redis) => redis.info('everything')))] as const)));
}

/** Calls of each command between two INFO readings of one master, the bench's own left out. */
function engineCalls(before: string, after: string): Map<string, number> {
  const then = commandCalls(before);
  const calls = new Map([...commandCalls(after)].map(([command, count]) => [command, count - (then.get(command) ?? 0)]));
  for (const command of OWN_COMMANDS) calls.delete(command);
  return calls;
}

/** Commands processed between two INFO readings (those scripts call included), the bench's own left out. */
function engineCommands(before: string, after: string): number {
  const then = commandCalls(before);
  const now = commandCalls(after);
  const own = OWN_COMMANDS.reduce((sum, command) => sum + (now.get(command) ?? 0) - (then.get(command) ?? 0), 0);
  return infoField(after, 'total_commands_processed') - infoField(before, 'total_commands_processed') - own;
}

/** CPU seconds (user and system) a master spent between two INFO readings. */
function redisCpu(before: string, after: string): number {
  const used = (info: string) => infoField(info, 'used_cpu_sys') + infoField(info, 'used_cpu_user');
  return used(after) - used(before);
}

function sumOver(ports: number[], value: (port: number) => number): number {
  return ports.reduce((sum, port) => sum + value(port), 0);
}

function infoField(info: string, field: string): number {
  return Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
}

/** Calls of each command from INFO commandstats (`cmdstat_evalsha:calls=12,…`). */
function commandCalls(info: string): Map<string, number> {
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((match) => [match[1]!, Number(match[2])]));
}

/** Keys a master holds at the end, all of them and those matching the stage's prefix. */
async function keysOf(port: number, pattern: string): Promise<{ keysAtEnd: number; ourKeysAtEnd: number }> {
  return onNode(port, async (redis) => {
    const keysAtEnd = await redis.dbsize();
    let ourKeysAtEnd = 0;
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      ourKeysAtEnd += batch.length;
    } while (cursor !== '0');
    return { keysAtEnd, ourKeysAtEnd };
  });
}

interface KeyWatch {
  /** Stops sampling; the highest DBSIZE seen on each master. */
  stop(): Promise<Map<number, number>>;
}

/** DBSIZE of each master every 200 ms (one cheap command each), for the peak key count. */
function watchKeys(ports: number[]): KeyWatch {
  const connections = ports.map((port) => ({ port, redis: new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 }) }));
  const peaks = new Map<number, number>();
  let sampling = Promise.resolve();
  const sample = () => {
    sampling = Promise.all(
      connections.map(async ({ port, redis }) => {
        const keys = await redis.dbsize();
        if (keys > (peaks.get(port) ?? 0)) peaks.set(port, keys);
      }),
    ).then(() => {});
  };
  const timer = setInterval(sample, KEY_SAMPLE_MS);
  sample();
  return {
    async stop() {
      clearInterval(timer);
      await sampling.catch(() => {});
      for (const { redis } of connections) redis.disconnect();
      return peaks;
    },
  };
}

async function onNode<T>(port: number, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

function print(figures: TopologyFigures[]): void {
  const single = figures[0]!.throughput.runsPerSecond;
  console.log('');
  for (const topology of figures) {
    const { throughput: t, masters } = topology;
    const runs = t.runs;
    const perRun = (value: number) => value / runs;
    const perStoredRun = (value: number) => value / topology.postgresRuns;
    const us = (seconds: number) => `${((seconds / runs) * 1e6).toFixed(0)} µs`;
    const [api, ...workers] = t.cpuPerRun;
    const commands = masters.reduce((sum, master) => sum + master.commands, 0);
    const redisCpu = masters.reduce((sum, master) => sum + master.cpuSeconds, 0);
    const busiest = Math.max(...masters.map((master) => master.commands)) / commands;
    console.log(
      `${topology.label.padEnd(28)}${t.runsPerSecond.toFixed(0)} runs/s${topology === figures[0] ? '' : ` (${(t.runsPerSecond / single).toFixed(2)} of A)`}  ` +
        `(${runs} runs in ${t.seconds.toFixed(2)} s; posting took ${t.postingSeconds.toFixed(2)} s; burst p50 ${t.latency.p50.toFixed(0)} ms, p99 ${t.latency.p99.toFixed(0)} ms)`,
    );
    console.log(
      `  CPU per run               API ${api!.toFixed(0)} µs, workers ${workers.map((value) => `${value.toFixed(0)} µs`).join(' + ')}, ` +
        `Redis ${us(redisCpu)} (all masters), Postgres ${us(topology.postgresCpuSeconds)}, the bench (load generator) ${us(topology.benchCpuSeconds)}`,
    );
    console.log(
      `  idle (${IDLE_MS / 1000} s, no runs)      Redis ${topology.idle.commandsPerSecond.toFixed(0)} commands/s, ${(topology.idle.redisCpuPerSecond * 1000).toFixed(1)} ms CPU/s; ` +
        `engines ${(topology.idle.engineCpuPerSecond * 1000).toFixed(1)} ms CPU/s`,
    );
    console.log(`  Redis master  peak keys  keys at end (ours)  commands  per run  share  CPU/run   used_memory  top commands per run`);
    for (const master of masters) {
      const top = [...master.calls].filter(([, calls]) => perRun(calls) >= 0.05).sort((a, b) => b[1] - a[1]).slice(0, 6);
      const described = top.map(([command, calls]) => `${command} ${perRun(calls).toFixed(1)}`).join(', ') || '—';
      console.log(
        `  ${String(master.port).padEnd(12)}  ${String(master.peakKeys).padStart(9)}  ${`${master.keysAtEnd} (${master.ourKeysAtEnd})`.padStart(18)}  ` +
          `${String(master.commands).padStart(8)}  ${perRun(master.commands).toFixed(1).padStart(7)}  ${`${((master.commands / commands) * 100).toFixed(0)} %`.padStart(5)}  ` +
          `${us(master.cpuSeconds).padStart(8)}  ${`${(master.usedMemory / 1024 / 1024).toFixed(1)} MiB`.padStart(11)}  ${described}`,
      );
    }
    console.log(`  Postgres table, per run of the ${topology.postgresRuns} (warm-up and burst): rows inserted, updated, deleted; bytes grown (table, indexes, TOAST)`);
    for (const row of topology.tables) {
      console.log(
        `  ${row.table.padEnd(24)}  ${perStoredRun(row.inserted).toFixed(2).padStart(6)}  ${perStoredRun(row.updated).toFixed(2).padStart(6)}  ${perStoredRun(row.deleted).toFixed(2).padStart(6)}  ${perStoredRun(row.bytes).toFixed(0).padStart(6)} B`,
      );
    }
    const rows = topology.tables.reduce((sum, row) => sum + row.inserted + row.updated + row.deleted, 0);
    const bytes = topology.tables.reduce((sum, row) => sum + row.bytes, 0);
    console.log(
      `  model inputs              Redis ${perRun(commands).toFixed(1)} commands/run (busiest master ${(busiest * 100).toFixed(0)} %), ${us(redisCpu)} CPU/run; ` +
        `Postgres ${perStoredRun(rows).toFixed(1)} rows/run, ${perStoredRun(topology.walBytes).toFixed(0)} B WAL/run, ${perStoredRun(bytes).toFixed(0)} B stored/run, ` +
        `${perStoredRun(topology.commits).toFixed(2)} commits/run (the bench's polling included), ${us(topology.postgresCpuSeconds)} CPU/run; ` +
        `API ${api!.toFixed(0)} µs/run, workers ${workers.reduce((sum, value) => sum + value, 0).toFixed(0)} µs/run`,
    );
  }
  console.log(
    `\nEverything above shares this machine's ${cpus().length} cores (engines, Redis, Postgres, the load generator): the cluster cannot show more capacity here than one box gives; its figures are the per-run costs and the spread.`,
  );
}

/** Where the bench is, on stderr: a run takes a few minutes and prints its figures at the end. */
function progress(what: string): void {
  console.error(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
