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
import { sendOnSchedule } from './rate-sweep';
import { type Latencies, latencies } from './stored-runs';
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
 * CPU time of the API, each worker and the bench itself. Then the same costs under an open-loop
 * load of `BENCH_CLUSTER_RATE` events/s for `BENCH_CLUSTER_SECONDS`, the same in both
 * topologies: the engine batches what arrives together, so a run costs less the faster runs
 * come, and the burst's figures of two topologies that kept different rates do not compare alone.
 *
 * Environment: BENCH_EVENTS (5000), BENCH_CONCURRENCY (64), BENCH_CLUSTER_SHARDS (6),
 * BENCH_CLUSTER_RATE (200), BENCH_CLUSTER_SECONDS (15), BENCH_NODE_ARGS (extra node flags for the engines).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SHARDS = Number(process.env.BENCH_CLUSTER_SHARDS ?? 6);
const WORKERS = 2;
const MASTERS = 3;
const KEY_SAMPLE_MS = 200;
const IDLE_MS = 3000;
const STEADY_RATE = Number(process.env.BENCH_CLUSTER_RATE ?? 200);
const STEADY_SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 15);
const API_KEY = `sb_bench_${randomBytes(12).toString('hex')}`;
/** Commands the bench itself sends to the masters while it measures, left out of the engine's. */
const OWN_COMMANDS = ['info', 'dbsize'];

/** Everything read at one moment; what a phase cost is the difference of two readings. */
interface Reading {
  at: number;
  /** INFO of each master, by port. */
  redis: Map<number, string>;
  /** CPU seconds of each engine process, the API's first. */
  engines: number[];
  postgresCpu: Map<number, number>;
  lsn: string;
  bench: number;
}

/** What one phase cost, in all: divide by `runs` (or by the seconds, for the idle phase). */
interface PhaseCosts {
  runs: number;
  seconds: number;
  masters: Array<{ port: number; commands: number; calls: Map<string, number>; cpuSeconds: number }>;
  engineCpu: number[];
  postgresCpu: number;
  walBytes: number;
  benchCpu: number;
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
  burst: PhaseCosts;
  /** An open-loop load at `BENCH_CLUSTER_RATE`: the same rate in both topologies, so batches fill alike. */
  steady: { achievedRate: number; refused: number; latency: Latencies; costs: PhaseCosts };
  /** The engines with nothing to do, after the warm-up: BullMQ's blocking fetches and timers, per queue and worker. */
  idle: PhaseCosts;
  /** Per master: the highest DBSIZE during the burst; DBSIZE, the stage's keys and used_memory at the end. */
  keys: Map<number, { peak: number; atEnd: number; ours: number; usedMemory: number }>;
  /** Runs the Postgres table figures cover: every run of the stage. */
  postgresRuns: number;
  tables: TableFigures[];
  commits: number;
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

/** One topology: a stage on `services`, the bench flow, the idle stretch, the burst, the steady rate, and every reading around them. */
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
    const read = () => takeReading(stage.sql, stage.pids, masters, postmaster);
    // Postgres's rows from before the warm-up to after the engines stopped, divided by every
    // run: a backend reports its rows only now and then (and when its connection ends), so
    // readings between the phases would not split them cleanly.
    const postgresBefore = await readPostgres(stage.sql);
    let idle: PhaseCosts | undefined;
    let burstFrom: Reading | undefined;
    let keys: KeyWatch | undefined;
    progress(`${label.trim()}: burst of ${EVENTS} events`);
    const throughput = await measureThroughput(stage, `cluster-${shards}`, EVENTS, CONCURRENCY, async () => {
      const idleFrom = await read();
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      burstFrom = await read();
      idle = await phaseCosts(stage.sql, idleFrom, burstFrom, 0);
      keys = watchKeys(masters);
    });
    const peaks = await keys!.stop();
    const burstTo = await read();
    const burst = await phaseCosts(stage.sql, burstFrom!, burstTo, EVENTS);
    // Every key whose name holds the stage's id, whatever hash tag a queue shard wraps it in.
    const pattern = `*${stage.prefix.slice(1, -1)}*`;
    const keyFigures = new Map<number, { peak: number; atEnd: number; ours: number; usedMemory: number }>();
    for (const port of masters) {
      keyFigures.set(port, { peak: peaks.get(port) ?? 0, ...(await keysOf(port, pattern)), usedMemory: infoField(burstTo.redis.get(port)!, 'used_memory') });
    }
    progress(`${label.trim()}: ${STEADY_RATE} events/s for ${STEADY_SECONDS} s`);
    const steadyFrom = await read();
    const sent = new Map<string, number>();
    const { refused, achievedRate } = await sendOnSchedule(stage, 'steady', STEADY_RATE, STEADY_SECONDS, sent);
    await stage.waitForRuns(sent.size - refused);
    // Read before the latencies are queried: that query is the bench's, not the runs'.
    const steadyCosts = await phaseCosts(stage.sql, steadyFrom, await read(), sent.size - refused);
    const steady = { achievedRate, refused, latency: await latencies(stage.sql, sent), costs: steadyCosts };
    await stage.stopEngines();
    const postgresAfter = await readPostgres(stage.sql);
    return {
      label,
      throughput,
      burst,
      steady,
      idle: idle!,
      keys: keyFigures,
      postgresRuns: postgresAfter.runs - postgresBefore.runs,
      tables: tableDeltas(postgresBefore, postgresAfter),
      commits: postgresAfter.commits - postgresBefore.commits,
    };
  } finally {
    await stage.close();
  }
}

async function takeReading(sql: Client, engines: number[], masters: number[], postmaster: number): Promise<Reading> {
  const redis = await infoOf(masters);
  const { rows } = await sql.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
  return { at: Date.now(), redis, engines: engines.map(cpuSeconds), postgresCpu: treeCpuSeconds(postmaster), lsn: rows[0].lsn, bench: cpuSeconds(process.pid) };
}

async function phaseCosts(sql: Client, from: Reading, to: Reading, runs: number): Promise<PhaseCosts> {
  return {
    runs,
    seconds: (to.at - from.at) / 1000,
    masters: [...to.redis].map(([port, after]) => {
      const before = from.redis.get(port)!;
      return { port, commands: engineCommands(before, after), calls: engineCalls(before, after), cpuSeconds: redisCpu(before, after) };
    }),
    engineCpu: to.engines.map((seconds, index) => seconds - from.engines[index]!),
    postgresCpu: treeCpuSpent(from.postgresCpu, to.postgresCpu),
    walBytes: await walBetween(sql, from.lsn, to.lsn),
    benchCpu: to.bench - from.bench,
  };
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

function infoField(info: string, field: string): number {
  return Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
}

/** Calls of each command from INFO commandstats (`cmdstat_evalsha:calls=12,…`). */
function commandCalls(info: string): Map<string, number> {
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((match) => [match[1]!, Number(match[2])]));
}

/** Keys a master holds at the end, all of them and those matching the stage's prefix. */
async function keysOf(port: number, pattern: string): Promise<{ atEnd: number; ours: number }> {
  return onNode(port, async (redis) => {
    const atEnd = await redis.dbsize();
    let ours = 0;
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      ours += batch.length;
    } while (cursor !== '0');
    return { atEnd, ours };
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
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log('');
  for (const topology of figures) {
    const { throughput: t, steady } = topology;
    console.log(
      `${topology.label}: burst ${t.runsPerSecond.toFixed(0)} runs/s${topology === figures[0] ? '' : ` (${(t.runsPerSecond / single).toFixed(2)} of A)`} ` +
        `(${t.runs} runs in ${t.seconds.toFixed(2)} s, posting ${t.postingSeconds.toFixed(2)} s; p50 ${ms(t.latency.p50)}, p99 ${ms(t.latency.p99)}); ` +
        `steady ${STEADY_RATE}/s for ${STEADY_SECONDS} s: sent ${steady.achievedRate.toFixed(0)}/s, event → message p50 ${ms(steady.latency.p50)}, p99 ${ms(steady.latency.p99)}, ${steady.refused} not answered 202`,
    );
    console.log(`  per run                   API      workers           Redis CPU  commands  busiest master  Postgres CPU  WAL      load generator`);
    for (const [name, costs] of [[`burst (${t.runs})`, topology.burst], [`steady ${STEADY_RATE}/s (${steady.costs.runs})`, steady.costs]] as const) {
      console.log(`  ${name.padEnd(26)}${describeRun(costs)}`);
    }
    const idle = topology.idle;
    const idleCommands = idle.masters.reduce((sum, master) => sum + master.commands, 0) / idle.seconds;
    const idleRedis = idle.masters.reduce((sum, master) => sum + master.cpuSeconds, 0) / idle.seconds;
    console.log(
      `  idle, per second          ${idle.engineCpu.map((seconds) => ms((seconds / idle.seconds) * 1000)).join(' + ')} of engine CPU; ` +
        `Redis ${idleCommands.toFixed(0)} commands, ${ms(idleRedis * 1000)} of CPU (blocking fetches count when they return)`,
    );
    console.log(`  Redis master  peak keys  keys at end (ours)  used_memory  burst: commands/run  share  CPU/run  top commands per run`);
    const commands = topology.burst.masters.reduce((sum, master) => sum + master.commands, 0);
    for (const master of topology.burst.masters) {
      const keys = topology.keys.get(master.port)!;
      const perRun = (value: number) => value / topology.burst.runs;
      const top = [...master.calls].filter(([, calls]) => perRun(calls) >= 0.05).sort((a, b) => b[1] - a[1]).slice(0, 6);
      console.log(
        `  ${String(master.port).padEnd(12)}  ${String(keys.peak).padStart(9)}  ${`${keys.atEnd} (${keys.ours})`.padStart(18)}  ${`${(keys.usedMemory / 1024 / 1024).toFixed(1)} MiB`.padStart(11)}  ` +
          `${perRun(master.commands).toFixed(1).padStart(19)}  ${`${((master.commands / commands) * 100).toFixed(0)} %`.padStart(5)}  ${`${(perRun(master.cpuSeconds) * 1e6).toFixed(0)} µs`.padStart(7)}  ` +
          `${top.map(([command, calls]) => `${command} ${perRun(calls).toFixed(1)}`).join(', ') || '—'}`,
      );
    }
    const perStoredRun = (value: number) => value / topology.postgresRuns;
    console.log(`  Postgres, per run of all ${topology.postgresRuns}: rows inserted, updated, deleted; bytes grown (table, indexes, TOAST)`);
    for (const row of topology.tables) {
      console.log(
        `  ${row.table.padEnd(24)}  ${perStoredRun(row.inserted).toFixed(2).padStart(6)}  ${perStoredRun(row.updated).toFixed(2).padStart(6)}  ${perStoredRun(row.deleted).toFixed(2).padStart(6)}  ${perStoredRun(row.bytes).toFixed(0).padStart(6)} B`,
      );
    }
    const rows = topology.tables.reduce((sum, row) => sum + row.inserted + row.updated + row.deleted, 0);
    const bytes = topology.tables.reduce((sum, row) => sum + row.bytes, 0);
    console.log(
      `  in all                    ${perStoredRun(rows).toFixed(1)} rows, ${perStoredRun(bytes).toFixed(0)} B stored, ` +
        `${perStoredRun(topology.commits).toFixed(2)} commits per run (the bench's own polling of the runs included)`,
    );
  }
  console.log(
    `\nEverything above shares this machine's ${cpus().length} cores (engines, Redis, Postgres, the load generator): the cluster cannot show more capacity here than ` +
      `one box gives. Its figures are what a run costs each part, and how the queue spreads over the masters.`,
  );
}

/** One phase's cost per run: each engine process's CPU, Redis's CPU and commands (and the busiest master's share), Postgres's CPU and WAL. */
function describeRun(costs: PhaseCosts): string {
  const us = (seconds: number) => `${((seconds / costs.runs) * 1e6).toFixed(0)} µs`;
  const [api, ...workers] = costs.engineCpu;
  const commands = costs.masters.reduce((sum, master) => sum + master.commands, 0);
  const busiest = Math.max(...costs.masters.map((master) => master.commands)) / commands;
  return [
    us(api!).padEnd(9),
    workers.map(us).join(' + ').padEnd(18),
    us(costs.masters.reduce((sum, master) => sum + master.cpuSeconds, 0)).padEnd(11),
    (commands / costs.runs).toFixed(1).padEnd(10),
    `${(busiest * 100).toFixed(0)} %`.padEnd(16),
    us(costs.postgresCpu).padEnd(14),
    `${(costs.walBytes / costs.runs).toFixed(0)} B`.padEnd(9),
    us(costs.benchCpu),
  ].join('');
}

/** Where the bench is, on stderr: a run takes a few minutes and prints its figures at the end. */
function progress(what: string): void {
  console.error(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
