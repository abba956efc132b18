import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardLayout } from '../queue/shards';
import { callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { EngineProcess, TestEnvironment, type ApiClient } from '../testing/test-engine';

const DELAY_SECONDS = 6;

/**
 * Changing `QUEUE_SHARDS` loses nothing and leaves nothing behind: runs wait in a delay (their
 * alarms in six shards) when the workers stop; workers on two shards, then on one, take over
 * while an API still on six keeps adding to the old layout. Every run sends once, and the
 * retired shards end empty: their jobs were moved, not merely re-armed from Postgres.
 */
describe('changing the number of queue shards', () => {
  let environment: TestEnvironment;
  let redis: Redis;
  let api: ApiClient;
  const processes: EngineProcess[] = [];
  let connectionId: string;
  const runIds: string[] = [];

  const start = async (env: Record<string, string>) => {
    const process = await new EngineProcess(environment, env).start();
    processes.push(process);
    return process;
  };
  const post = async (id: string) => {
    const response = await api.post('/api/events', callCompletedEvent({ id, phone: `+1415777${String(1000 + runIds.length)}` }));
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    runIds.push(response.body.runs[0].runId);
  };
  const waitingRuns = async () => (await environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'waiting'`))[0]!.n;
  /** Jobs of any state still in the shards of `count`. */
  const jobsIn = async (count: number) => {
    let jobs = 0;
    for (const { prefix } of shardLayout(environment.queuePrefix, count)) {
      jobs += (await redis.zcard(`${prefix}:steps:delayed`)) + (await redis.llen(`${prefix}:steps:wait`)) + (await redis.llen(`${prefix}:steps:active`)) + (await redis.zcard(`${prefix}:steps:prioritized`));
    }
    return jobs;
  };

  beforeAll(async () => {
    environment = await new TestEnvironment().create();
    redis = new Redis(environment.redisUrl);
    api = (await start({ ROLE: 'api', QUEUE_SHARDS: '6' })).api();
    connectionId = (await api.post('/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: {} })).body.id;
    await api.publish('Delayed confirmation', delayedConfirmation(connectionId, DELAY_SECONDS));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.filter((process) => process.running).map((process) => process.kill('SIGTERM')));
    redis?.disconnect();
    await environment?.destroy();
  });

  it('moves the waiting alarms of six shards into two, then into one, and every run sends once', async () => {
    const six = await start({ ROLE: 'worker', QUEUE_SHARDS: '6' });
    for (let i = 0; i < 24; i++) await post(`six-${i}`);
    await waitUntil(async () => (await waitingRuns()) === 24);
    await six.kill('SIGTERM');
    // The alarms sit in the six shards' delayed sets, spread over them.
    expect(await jobsIn(6)).toBe(24);
    const spread = await Promise.all(shardLayout(environment.queuePrefix, 6).map(({ prefix }) => redis.zcard(`${prefix}:steps:delayed`)));
    expect(spread.filter((alarms) => alarms > 0).length).toBeGreaterThan(1);

    const two = await start({ ROLE: 'worker', QUEUE_SHARDS: '2' });
    // The API still on six shards goes on adding there, as during a rolling change of the count.
    for (let i = 0; i < 6; i++) await post(`six-api-${i}`);
    await waitUntil(async () => (await jobsIn(6)) === 0, 30_000);
    expect(two.log).toMatch(/moved jobs out of a retired queue shard|a retired queue shard was emptied/);
    await waitUntil(async () => (await waitingRuns()) === 0, 30_000);

    // Two shards down to one (QUEUE_PREFIX's own queue, as before shards).
    for (let i = 0; i < 8; i++) await post(`two-${i}`);
    await waitUntil(async () => (await waitingRuns()) === 8);
    await two.kill('SIGTERM');
    expect(await jobsIn(2)).toBe(8);
    await start({ ROLE: 'worker', QUEUE_SHARDS: '1' });
    await waitUntil(async () => (await jobsIn(2)) === 0, 30_000);

    for (const runId of runIds) {
      const run = await api.waitForRun(runId, undefined, 60_000);
      expect(run.status, JSON.stringify(run.error ?? run)).toBe('succeeded');
    }
    const sent = await environment.sql<{ run_id: string; n: number }>(`SELECT run_id, count(*)::int AS n FROM messages WHERE direction = 'outbound' GROUP BY run_id`);
    expect(sent.map((row) => row.run_id).sort()).toEqual([...runIds].sort());
    expect(sent.filter((row) => row.n !== 1)).toEqual([]);
    // The two-shard layout, no longer used by any process, is forgotten and deleted.
    const twoShards = shardLayout(environment.queuePrefix, 2).map((shard) => shard.prefix);
    await waitUntil(async () => Object.keys(await redis.hgetall(`${environment.queuePrefix}:queues`)).every((prefix) => !twoShards.includes(prefix)));
    for (const prefix of twoShards) expect(await redis.keys(`${prefix}*`)).toEqual([]);
  }, 180_000);
});

async function waitUntil(ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
