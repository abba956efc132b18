import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { RedisServer } from '../infra/redis-server';
import { EngineProcess, TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function cronFlow(cron: string) {
  return {
    nodes: [
      { id: 'tick', type: 'schedule.cron', config: { cron, timezone: 'UTC' } },
      { id: 'note', type: 'flow.set', config: { values: { at: '{{trigger.scheduledAt}}' } } },
    ],
    edges: [{ id: 'e1', source: 'tick', target: 'note' }],
  };
}

// Redis is the alarm clock, Postgres the record: each test empties a Redis of its own (FLUSHALL)
// under running processes, which are not restarted, and the work goes on from what Postgres holds.
describe('Redis loses its data', () => {
  let redis: RedisServer;
  let engine: TestEngine;
  let api: ApiClient;
  let sandbox: string;

  beforeAll(async () => {
    redis = await RedisServer.start();
    engine = await TestEngine.start({ env: { REDIS_URL: redis.url } });
    api = engine.api;
    sandbox = await api.sandbox();
  });
  afterAll(async () => {
    await engine?.stop();
    await redis?.destroy();
  });

  it('finishes runs waiting in a delay and keeps a schedule firing, with no restart', async () => {
    const delayed = await api.publish('Delayed', delayedConfirmation(sandbox, 3));
    const runIds: string[] = [];
    for (let i = 0; i < 10; i++) runIds.push((await api.post('/api/events', callCompletedEvent({ id: `flushed-${i}`, phone: `+1415555020${i}` }))).body.runs[0].runId);
    for (const runId of runIds) await api.waitForRun(runId, (run) => run.status === 'waiting');
    const cron = await api.publish('Every two seconds', cronFlow('*/2 * * * * *'));
    const ticks = async () => (await api.get(`/api/runs?flowId=${cron}&limit=100`)).body.runs.length as number;
    await expect.poll(ticks, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

    await redis.flush();
    const afterFlush = await ticks();

    for (const runId of runIds) {
      const run = await api.waitForRun(runId, undefined, 20_000);
      expect(run.status).toBe('succeeded');
      expect(stepOf(run, 'confirm').status).toBe('succeeded');
    }
    const messages = await engine.environment.sql<{ run_id: string; count: string }>(
      `SELECT run_id, count(*) FROM messages WHERE run_id = ANY($1::uuid[]) GROUP BY run_id`,
      [runIds],
    );
    expect(messages.map((row) => Number(row.count))).toEqual(runIds.map(() => 1));
    // The schedule's clock is armed again: ticks go on (each tick once: its event id).
    await expect.poll(ticks, { timeout: 15_000 }).toBeGreaterThanOrEqual(afterFlush + 3);
    const duplicates = await engine.environment.sql(
      `SELECT e.data ->> 'scheduledAt' AS at FROM runs r JOIN events e ON e.id = r.event_id WHERE r.flow_id = $1 GROUP BY 1 HAVING count(*) > 1`,
      [cron],
    );
    expect(duplicates).toEqual([]);
    await api.post(`/api/flows/${cron}/unpublish`);
    await api.post(`/api/flows/${delayed}/unpublish`);
  });

  it('arms the alarm of a wait due tomorrow again at once, not only when it comes due', async () => {
    const delayed = await api.publish('Tomorrow', delayedConfirmation(sandbox, 86_400));
    const runIds: string[] = [];
    for (let i = 0; i < 3; i++) runIds.push((await api.post('/api/events', callCompletedEvent({ id: `tomorrow-${i}`, phone: `+1415555021${i}` }))).body.runs[0].runId);
    for (const runId of runIds) await api.waitForRun(runId, (run) => run.status === 'waiting');
    const client = new Redis(redis.url);
    const alarms = async () => (await client.zrange(`${engine.environment.queuePrefix}:steps:delayed`, 0, -1)).filter((id) => id.startsWith('w.')).length;
    try {
      expect(await alarms()).toBe(3);
      await redis.flush();
      await expect.poll(alarms, { timeout: 10_000 }).toBe(3);
    } finally {
      client.disconnect();
    }
    await api.post(`/api/flows/${delayed}/unpublish`);
  });

  it('ends a conversation that was closed without its conversation.ended event', async () => {
    const listener = await api.publish('Ended', {
      nodes: [
        { id: 'ended', type: 'conversation.ended', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { reason: '{{trigger.reason}}' } } },
      ],
      edges: [{ id: 'e1', source: 'ended', target: 'note' }],
    });
    await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550299', text: 'hello' });
    const [conversation] = await engine.environment.sql<{ id: string }>(`SELECT id FROM conversations WHERE customer_phone = '+14155550299'`);
    // What a process that died right after closing it leaves behind.
    await engine.environment.sql(`UPDATE waitpoints SET status = 'cancelled', resolved_at = now() WHERE conversation_id = $1 AND status = 'waiting'`, [conversation!.id]);
    await engine.environment.sql(`UPDATE conversations SET status = 'closed', close_reason = 'closed', closed_at = now() - interval '10 seconds' WHERE id = $1`, [conversation!.id]);

    const endedRuns = async () => (await api.get(`/api/runs?flowId=${listener}&limit=10`)).body.runs as Array<{ id: string }>;
    await expect.poll(async () => (await endedRuns()).length, { timeout: 15_000 }).toBe(1);
    const run = await api.waitForRun((await endedRuns())[0]!.id);
    expect(stepOf(run, 'note').output).toEqual({ reason: 'closed' });
    // Taken in once: later sweeps leave it alone.
    await sleep(2500);
    expect(await endedRuns()).toHaveLength(1);
    await api.post(`/api/flows/${listener}/unpublish`);
  });
});

describe('a reply whose resume job Redis lost', () => {
  let redis: RedisServer;
  let engine: TestEngine;
  let worker: EngineProcess | undefined;

  beforeAll(async () => {
    redis = await RedisServer.start();
    // The API takes the reply; the step runs in a worker process of its own.
    engine = await TestEngine.start({ env: { REDIS_URL: redis.url, ROLE: 'api' } });
  });
  afterAll(async () => {
    await worker?.kill();
    await engine?.stop();
    await redis?.destroy();
  });

  it('finishes the run: the sweep resumes the wait its reply resolved', async () => {
    const api = engine.api;
    const sandbox = await api.sandbox();
    await api.publish('Ask and answer', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId: sandbox, from: '{{trigger.customer.phone}}', timeoutMinutes: 60 } },
        { id: 'answer', type: 'whatsapp.send_text', config: { connectionId: sandbox, to: '{{trigger.customer.phone}}', message: 'You said: {{steps.wait.message.text}}' } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'wait' },
        { id: 'e2', source: 'wait', sourceHandle: 'replied', target: 'answer' },
      ],
    });
    worker = await new EngineProcess(engine.environment, { ROLE: 'worker', REDIS_URL: redis.url }).start();
    const runId = (await api.post('/api/events', callCompletedEvent({ phone: '+14155550311' }))).body.runs[0].runId;
    await api.waitForRun(runId, (run) => stepOf(run, 'wait')?.status === 'waiting');
    await worker.kill();

    // The reply resolves the waitpoint and queues the resume job; Redis then loses it.
    expect((await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550311', text: 'Tuesday' })).status).toBeLessThan(300);
    const [waitpoint] = await engine.environment.sql<{ status: string; resolution: string }>(`SELECT status, resolution FROM waitpoints WHERE run_id = $1`, [runId]);
    expect(waitpoint).toEqual({ status: 'resolved', resolution: 'reply' });
    await redis.flush();

    worker = await new EngineProcess(engine.environment, { ROLE: 'worker', REDIS_URL: redis.url }).start();
    const run = await api.waitForRun(runId, undefined, 20_000);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'answer').input.message).toBe('You said: Tuesday');
    expect((await api.get(`/api/messages?runId=${runId}`)).body.messages.filter((message: any) => message.direction === 'outbound')).toHaveLength(1);
  });
});
