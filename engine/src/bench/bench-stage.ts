import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Agent } from 'undici';
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, type findServices } from '../infra/find-services';
import { type Api, apiClient } from './bench-api';
import { type EngineProcess, startEngineProcess } from './engine-process';
import { type MemoryReport, type MemoryWatch, watchMemory } from './process-memory';
import { storedTotals, waitForRuns } from './stored-runs';

/**
 * Where a stage creates its database, and its Redis: a URL (the stage deletes its keys at the
 * end) or the engines' settings for a Redis the caller owns and throws away (a cluster).
 */
type Services = Pick<Awaited<ReturnType<typeof findServices>>, 'adminUrl'> & ({ redisUrl: string } | { redisEnv: Record<string, string> });

/** `all`: one process (ROLE=all); `split`: an API process (ROLE=api) and worker processes (ROLE=worker). */
export type Topology = 'all' | 'split';

export interface StageOptions {
  /** Worker processes beside the API process in `split`: one unless said. */
  workers?: number;
  /** More settings for every engine process (`QUEUE_SHARDS`, …). */
  env?: Record<string, string>;
}

export const TOPOLOGY_LABEL: Record<Topology, string> = { all: 'one process', split: 'api + worker' };

/**
 * Enough connections that a slow answer never holds back the next event of the rate sweep
 * (open loop: up to rate × answer time requests are in flight).
 */
const CONNECTIONS = 256;

/**
 * One part of the bench on its own database and Redis prefix, so that what one part stored
 * (20,000 webhook runs, 1,000 flows) does not weigh on the next one's figures.
 */
export interface Stage {
  topology: Topology;
  url: string;
  api: Api;
  agent: Agent;
  sql: Client;
  memory: MemoryWatch;
  /** The Redis key prefix of this stage's engines (`{sbbench-<id>}`). */
  prefix: string;
  /** The engine processes' ids: the API's (or the only one's) first. */
  pids: number[];
  /** Waits for every run started so far plus `more` to finish; answers the last finish time. */
  waitForRuns(more: number): Promise<number>;
  /**
   * Stops the engine processes before `close`, for readings that need them gone: a Postgres
   * backend reports its table statistics when its connection ends, not at once.
   */
  stopEngines(): Promise<void>;
  /** Stops the engine processes (memory first, to read their high-water marks), drops the database and the keys. */
  close(): Promise<{ stored: { steps: number; notSucceeded: number }; memory: MemoryReport }>;
}

export async function openStage(services: Services, topology: Topology, apiKey: string, options: StageOptions = {}): Promise<Stage> {
  const id = randomBytes(4).toString('hex');
  const database = `switchboard_bench_${id}`;
  const prefix = `{sbbench-${id}}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  const engines: EngineProcess[] = [];
  const sql = new Client({ connectionString: dbUrl });
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  const stopEngines = async () => void (await Promise.all(engines.map((engine) => engine.stop().catch(() => {}))));
  const drop = async () => {
    await stopEngines();
    await sql.end().catch(() => {});
    await agent.close();
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if ('redisUrl' in services) await deleteKeys(services.redisUrl, prefix);
  };
  const workers = topology === 'split' ? (options.workers ?? 1) : 0;
  try {
    await migrate(dbUrl);
    // The per-address limit of /webhooks/in (100/s by default) would measure the limit, not the engine.
    const redisEnv = 'redisUrl' in services ? { REDIS_URL: services.redisUrl } : services.redisEnv;
    const env = { DATABASE_URL: dbUrl, ...redisEnv, QUEUE_PREFIX: prefix, BOOTSTRAP_API_KEY: apiKey, RATE_LIMIT_PER_SECOND: '0', ...options.env };
    engines.push(await startEngineProcess({ ...env, ROLE: topology === 'split' ? 'api' : 'all' }));
    engines.push(...(await Promise.all(Array.from({ length: workers }, () => startEngineProcess({ ...env, ROLE: 'worker' }, 'worker started')))));
    await sql.connect();
  } catch (error) {
    await drop();
    throw error;
  }
  const memory = watchMemory(Object.fromEntries(engines.map((engine, index) => [processLabel(topology, workers, index), engine.pid])));
  // What the processes hold before any load: the floor under every later phase.
  memory.phase('booted');
  let expected = 0;
  return {
    topology,
    url: engines[0]!.url,
    api: apiClient(engines[0]!.url, apiKey, agent),
    agent,
    sql,
    memory,
    prefix,
    pids: engines.map((engine) => engine.pid),
    stopEngines,
    waitForRuns: (more) => waitForRuns(sql, (expected += more)),
    async close() {
      const report = memory.stop();
      try {
        return { stored: await storedTotals(sql), memory: report };
      } finally {
        await drop();
      }
    },
  };
}

/** `engine`; `api`, `worker`; or `api`, `worker 1`, `worker 2`, …: the memory report's names. */
function processLabel(topology: Topology, workers: number, index: number): string {
  if (topology === 'all') return 'engine';
  if (index === 0) return 'api';
  return workers === 1 ? 'worker' : `worker ${index}`;
}

/** Removes the Redis keys under a bench's prefix (its queues and whatever else the engine kept there). */
export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
