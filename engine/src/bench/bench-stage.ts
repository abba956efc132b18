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

/** `all`: one process (ROLE=all); `split`: an API process (ROLE=api) and a worker process (ROLE=worker). */
type Services = Pick<Awaited<ReturnType<typeof findServices>>, 'adminUrl' | 'redisUrl'>;

export type Topology = 'all' | 'split';

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
  /** The engine processes' ids: the API's (or the only one's) first. */
  pids: number[];
  /** Waits for every run started so far plus `more` to finish; answers the last finish time. */
  waitForRuns(more: number): Promise<number>;
  /** Stops the engine processes (memory first, to read their high-water marks), drops the database and the keys. */
  close(): Promise<{ stored: { steps: number; notSucceeded: number }; memory: MemoryReport }>;
}

export async function openStage(services: Services, topology: Topology, apiKey: string): Promise<Stage> {
  const id = randomBytes(4).toString('hex');
  const database = `switchboard_bench_${id}`;
  const prefix = `{sbbench-${id}}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  const engines: EngineProcess[] = [];
  const sql = new Client({ connectionString: dbUrl });
  const agent = new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  const drop = async () => {
    await Promise.all(engines.map((engine) => engine.stop().catch(() => {})));
    await sql.end().catch(() => {});
    await agent.close();
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await deleteKeys(services.redisUrl, prefix);
  };
  try {
    await migrate(dbUrl);
    // The per-address limit of /webhooks/in (100/s by default) would measure the limit, not the engine.
    const env = { DATABASE_URL: dbUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX: prefix, BOOTSTRAP_API_KEY: apiKey, RATE_LIMIT_PER_SECOND: '0' };
    engines.push(await startEngineProcess({ ...env, ROLE: topology === 'split' ? 'api' : 'all' }));
    if (topology === 'split') engines.push(await startEngineProcess({ ...env, ROLE: 'worker' }, 'worker started'));
    await sql.connect();
  } catch (error) {
    await drop();
    throw error;
  }
  const memory = watchMemory(topology === 'split' ? { api: engines[0]!.pid, worker: engines[1]!.pid } : { engine: engines[0]!.pid });
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
    pids: engines.map((engine) => engine.pid),
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
