import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmationSend } from '../bench/bench-api';
import { shardIndex, shardLayout } from '../queue/shards';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { LocalRedisCluster } from '../infra/local-redis-cluster';
import { EngineProcess, TestEnvironment, type ApiClient } from '../testing/test-engine';

const RUNS = 50;
const SHARDS = 6;
const RATE_RUNS = 60;
const RATE_PER_SECOND = 10;
const META_NUMBER_ID = '106540352242977';
const META_WABA_ID = '102290129340377';
/** How much later than its slot a send may reach the fake Meta (see the rate test). */
const ARRIVAL_JITTER_MS = 500;

/**
 * The README's scale-out path, for real: a Redis Cluster of three masters, one API process and
 * two worker processes on six queue shards, every one of them given the cluster through a node
 * that does not own `QUEUE_PREFIX`'s slot (so each must follow the cluster's redirections), and
 * `REDIS_URL` pointing at nothing (so no connection may fall back to a single server). Delays,
 * sends, the rate limiter's script, the job scheduler and pub/sub all run on the cluster while
 * a worker is killed; the queues spread over every master while the limits stay one key each.
 */
describe('scale-out on a Redis Cluster: one API, two workers, six queue shards', () => {
  let environment: TestEnvironment;
  let cluster: LocalRedisCluster;
  let owner: number;
  let apiProcess: EngineProcess;
  let api: ApiClient;
  const workers: EngineProcess[] = [];
  let connectionId: string;
  let meta: FakeProvider;

  // Every key of this test's prefix and its shards' seen on each master while the test runs.
  const seen = new Map<number, Set<string>>();
  let census: NodeJS.Timeout | undefined;
  const takeCensus = async () => {
    for (const port of cluster.ports) {
      const keys = await cluster.keysOn(port, `${environment.queuePrefix.slice(0, -1)}*`).catch(() => []);
      for (const key of keys) seen.get(port)!.add(key);
    }
  };

  beforeAll(async () => {
    environment = await new TestEnvironment().create();
    cluster = await LocalRedisCluster.start();
    for (const port of cluster.ports) seen.set(port, new Set());
    owner = await cluster.ownerOf(environment.queuePrefix);
    const others = cluster.ports.filter((port) => port !== owner);
    const env = { REDIS_CLUSTER_NODES: cluster.nodesList([...others, owner]), REDIS_URL: 'redis://127.0.0.1:1', QUEUE_SHARDS: String(SHARDS) };
    apiProcess = await new EngineProcess(environment, { ROLE: 'api', ...env }).start();
    api = apiProcess.api();
    workers.push(...(await Promise.all([1, 2].map(() => new EngineProcess(environment, { ROLE: 'worker', ...env }).start()))));
    // A sandbox with a send rate: each send reserves its slot by the limiter's script on the cluster.
    const created = await api.post('/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: { sendRatePerSecond: 500 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    connectionId = created.body.id;
    meta = await fakeMeta({ phoneNumberId: META_NUMBER_ID, wabaId: META_WABA_ID, templates: [{ name: 'appointment_confirmation', body: 'Hi {{1}}, see you on {{2}} at {{3}}.' }] }).start();
    const sample = async (): Promise<void> => {
      await takeCensus();
      census = setTimeout(() => void sample(), 100);
    };
    void sample();
  }, 120_000);

  afterAll(async () => {
    clearTimeout(census);
    census = undefined;
    await Promise.all([apiProcess, ...workers].filter(Boolean).map((process) => process.kill('SIGTERM')));
    await meta?.stop();
    await cluster?.stop();
    await environment?.destroy();
  });

  it(`sends no faster than a sender's ${RATE_PER_SECOND}/s although its sends are spread over ${SHARDS} shards and two workers`, async () => {
    const created = await api.post('/api/connections', {
      name: 'Meta, 10/s',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: META_NUMBER_ID, wabaId: META_WABA_ID, appSecret: 'meta-app-secret', verifyToken: 'verify-me', baseUrl: meta.url, sendRatePerSecond: RATE_PER_SECOND },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const flowId = await api.publish('Confirmation at 10/s', {
      nodes: [{ id: 'call', type: 'call.completed', config: {} }, confirmationSend('confirm', created.body.id)],
      edges: [{ id: 'e1', source: 'call', target: 'confirm' }],
    });
    const runIds: string[] = [];
    for (let i = 0; i < RATE_RUNS; i++) {
      const response = await api.post('/api/events', callCompletedEvent({ id: `rate-${i}`, phone: `+1415666${String(1000 + i)}` }));
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      runIds.push(response.body.runs[0].runId);
    }
    for (const runId of runIds) {
      const run = await api.waitForRun(runId, undefined, 60_000);
      expect(run.status, JSON.stringify(run.error ?? run)).toBe('succeeded');
    }
    expect((await api.post(`/api/flows/${flowId}/unpublish`)).status).toBe(200);

    // The runs' steps went to every shard, and both workers sent.
    const shardsUsed = new Set(runIds.map((runId) => shardIndex(runId, SHARDS)));
    expect(shardsUsed.size).toBe(SHARDS);
    const sends = meta.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${META_NUMBER_ID}/messages`));
    expect(sends).toHaveLength(RATE_RUNS);
    // The limiter (GCRA; a burst of one second's worth, as its doc says) hands out slots 10 at
    // once, then one every 100 ms: at most burst + rate in any second, and the 60th no sooner
    // than 4.9 s after the first. A send reaches Meta some time after its slot (the first ones
    // open connections and read the sender's health): that much more may fall in one second.
    const at = sends.map((send) => send.at).sort((a, b) => a - b);
    const busiest = Math.max(...at.map((start) => at.filter((time) => time >= start && time < start + 1000).length));
    const burst = RATE_PER_SECOND;
    expect(busiest).toBeLessThanOrEqual(burst + (RATE_PER_SECOND * (1000 + ARRIVAL_JITTER_MS)) / 1000);
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(((RATE_RUNS - burst - 1) * 1000) / RATE_PER_SECOND - ARRIVAL_JITTER_MS);
  });

  it('passes every run through a delay and a send, once each, although a worker is killed while they wait', async () => {
    await api.publish('Delayed confirmation', delayedConfirmation(connectionId, 2));
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const response = await api.post('/api/events', callCompletedEvent({ id: `cluster-${i}`, phone: `+1415555${String(1000 + i)}` }));
      expect(response.status, JSON.stringify(response.body)).toBe(202);
      runIds.push(response.body.runs[0].runId);
    }
    // Kill a worker while most runs wait in their delay and the first alarms fire: the jobs it
    // holds must come back to the other worker, the alarms still waiting must fire there.
    const sent = async () => (await environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE direction = 'outbound' AND customer_phone LIKE '+1415555%'`))[0]!.n;
    await waitUntil(async () => (await sent()) > 0);
    await workers[0]!.kill('SIGKILL');
    const waiting = await environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'waiting'`);
    expect(waiting[0]!.n).toBeGreaterThan(0);

    for (const runId of runIds) {
      const run = await api.waitForRun(runId, undefined, 60_000);
      expect(run.status, JSON.stringify(run.error ?? run)).toBe('succeeded');
    }
    const perRun = await environment.sql<{ run_id: string; n: number }>(
      `SELECT run_id, count(*)::int AS n FROM messages WHERE direction = 'outbound' AND run_id = ANY($1) GROUP BY run_id`,
      [runIds],
    );
    expect(perRun.map((row) => row.run_id).sort()).toEqual([...runIds].sort());
    expect(perRun.filter((row) => row.n !== 1)).toEqual([]);
  });

  it("answers a function's caller in the API from the worker that ran the step, over the cluster's pub/sub", async () => {
    const created = await api.post('/api/flows', { name: 'Payment link', fromTemplate: 'send_payment_link' });
    expect(created.body.problems).toEqual([]);
    expect((await api.post(`/api/flows/${created.body.id}/publish`)).status).toBe(200);
    const response = await fetch(`${api.baseUrl}/api/functions/send_payment_link/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: 'cluster-call', customer: { phone: '+14155551234', name: 'Alex' }, arguments: { amount: 499 } }),
    });
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 200, body: { sent: true, messageId: expect.any(String) } });
  });

  it('shows every shard on the queue board, and counts them all under one queue in /metrics', async () => {
    const queues = await fetch(`${api.baseUrl}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${api.apiKey}` } });
    expect(queues.status).toBe(200);
    expect(((await queues.json()) as any).queues.map((queue: any) => queue.name).sort()).toEqual([...Array(SHARDS).keys()].map((index) => `${index}of${SHARDS} steps`));
    const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_queue_jobs\{[^}]*queue="steps"/);
    expect(metrics).not.toMatch(/switchboard_queue_jobs\{[^}]*queue="(?!steps")/);
  });

  it("spreads the queue's shards over every master, each shard's keys on one, while the limits stay one key each on the prefix's master", async () => {
    await takeCensus();
    const shards = shardLayout(environment.queuePrefix, SHARDS);
    const holders = new Set<number>();
    for (const shard of shards) {
      const home = await cluster.ownerOf(shard.prefix);
      holders.add(home);
      // Its queue and delayed jobs (the alarms) were there, and nowhere else.
      expect([...seen.get(home)!]).toEqual(expect.arrayContaining([`${shard.prefix}:steps:meta`, `${shard.prefix}:steps:delayed`, `${shard.prefix}:sentinel`]));
      for (const port of cluster.ports.filter((port) => port !== home)) expect([...seen.get(port)!].filter((key) => key.startsWith(shard.prefix))).toEqual([]);
    }
    // Six shards over three masters: two on each (their tags' slots are chosen so).
    expect(holders.size).toBe(3);
    // One key per sender's rate however many shards send, next to the shards' registry.
    const rateKeys = [...seen.values()].flatMap((keys) => [...keys]).filter((key) => key.startsWith(`${environment.queuePrefix}:rate:`));
    expect(rateKeys.length).toBeGreaterThanOrEqual(2);
    expect([...seen.get(owner)!]).toEqual(expect.arrayContaining([...rateKeys, `${environment.queuePrefix}:queues`]));
    // Nothing of the one-shard layout: the queue under QUEUE_PREFIX itself was never used.
    expect([...seen.values()].flatMap((keys) => [...keys]).filter((key) => key.startsWith(`${environment.queuePrefix}:steps:`))).toEqual([]);
  });
});

/**
 * Availability. With a replica per master and six queue shards, the master that owns
 * `QUEUE_PREFIX`'s slot (the limits, and two shards) is killed while runs wait in their delay;
 * its replica takes over, the engine's connections follow, and every run still finishes once.
 * What the old master had not yet copied to its replica (replication is asynchronous) is
 * re-armed from Postgres by the sweep.
 */
describe('scale-out on a Redis Cluster: the master owning the queue prefix fails over to its replica', () => {
  let environment: TestEnvironment;
  let cluster: LocalRedisCluster;
  const processes: EngineProcess[] = [];

  beforeAll(async () => {
    environment = await new TestEnvironment().create();
    cluster = await LocalRedisCluster.start({ replicas: 1, nodeTimeoutMs: 2_000 });
  }, 120_000);

  afterAll(async () => {
    // Known defect (see issue 19): after a failover, a worker's SIGTERM sometimes never finishes
    // closing: BullMQ's worker.close() waits for a blocking read that its closed cluster client
    // (status close, no nodes) never ends. SIGKILL after a grace period keeps this test from
    // hanging on it.
    await Promise.all(
      processes.map(async (process) => {
        const timer = setTimeout(() => void process.kill('SIGKILL'), 15_000);
        await process.kill('SIGTERM');
        clearTimeout(timer);
      }),
    );
    await cluster?.stop();
    await environment?.destroy();
  });

  it('finishes every run, sending once each, after the owning master was killed', async () => {
    const owner = await cluster.ownerOf(environment.queuePrefix);
    // QUEUE_SHARDS unset: on a cluster the queue spreads over the masters by default (six shards).
    const env = { REDIS_CLUSTER_NODES: cluster.nodesList(cluster.ports.filter((port) => port !== owner)), REDIS_URL: 'redis://127.0.0.1:1' };
    const apiProcess = await new EngineProcess(environment, { ROLE: 'api', ...env }).start();
    processes.push(apiProcess, ...(await Promise.all([1, 2].map(() => new EngineProcess(environment, { ROLE: 'worker', ...env }).start()))));
    const api = apiProcess.api();
    const connectionId = (await api.post('/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: { sendRatePerSecond: 500 } })).body.id;
    await api.publish('Delayed confirmation', delayedConfirmation(connectionId, 2));
    const runIds: string[] = [];
    for (let i = 0; i < 20; i++) runIds.push((await api.post('/api/events', callCompletedEvent({ id: `failover-${i}` }))).body.runs[0].runId);
    await waitUntil(async () => (await environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE status = 'waiting'`))[0]!.n >= 10);

    await cluster.kill(owner);
    await waitUntil(async () => {
      const now = await cluster.ownerOf(environment.queuePrefix).catch(() => owner);
      return now !== owner;
    });

    try {
      for (const runId of runIds) {
        const run = await api.waitForRun(runId, undefined, 90_000);
        expect(run.status, JSON.stringify(run.error ?? run)).toBe('succeeded');
      }
    } catch (error) {
      // What the processes said is what tells a failover problem apart.
      for (const process of processes) console.error(process.log.split('\n').slice(-40).join('\n'));
      throw error;
    }
    const sent = await environment.sql<{ run_id: string; n: number }>(
      `SELECT run_id, count(*)::int AS n FROM messages WHERE direction = 'outbound' GROUP BY run_id`,
    );
    expect(sent.map((row) => row.run_id).sort()).toEqual([...runIds].sort());
    expect(sent.filter((row) => row.n !== 1)).toEqual([]);
    // The default layout was the cluster's: a sentinel for each of six shards.
    const sentinels = new Set<string>();
    for (const port of cluster.ports) for (const key of await cluster.keysOn(port, '*:sentinel').catch(() => [])) sentinels.add(key);
    expect([...sentinels].sort()).toEqual(shardLayout(environment.queuePrefix, SHARDS).map((shard) => `${shard.prefix}:sentinel`).sort());
  }, 180_000);
});

async function waitUntil(ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
