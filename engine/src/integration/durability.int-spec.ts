import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appointmentConfirmation, callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { EngineProcess, TestEnvironment, type ApiClient } from '../testing/test-engine';

/**
 * Crash safety with real processes: an API process takes the events, a worker process runs
 * the steps and is killed with SIGKILL at the worst moments; a new worker must finish every
 * run, sending each message exactly once.
 */
describe('durability: a worker killed mid-run', () => {
  let environment: TestEnvironment;
  let apiProcess: EngineProcess;
  let api: ApiClient;
  const workers: EngineProcess[] = [];

  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = await new EngineProcess(environment, { ROLE: 'worker', ...env }).start();
    workers.push(worker);
    return worker;
  };

  beforeEach(async () => {
    environment = await new TestEnvironment().create();
    apiProcess = await new EngineProcess(environment, { ROLE: 'api' }).start();
    api = apiProcess.api();
  });

  afterEach(async () => {
    await Promise.all([apiProcess, ...workers.splice(0)].map((process) => process.kill('SIGTERM')));
    await environment.destroy();
  });

  const messagesPerRun = async () =>
    environment.sql<{ run_id: string; n: number }>(`SELECT run_id, count(*)::int AS n FROM messages WHERE direction = 'outbound' GROUP BY run_id`);

  it.each([
    ['with Redis intact', false],
    ['when Redis also lost every job', true],
  ])('finishes runs that were waiting in a delay %s', async (_label, wipeRedis) => {
    const connectionId = await api.sandbox();
    await api.publish('Delayed confirmation', delayedConfirmation(connectionId, 2));
    const worker = await startWorker();
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++) runIds.push((await api.post('/api/events', callCompletedEvent({ id: `delay-${i}` }))).body.runs[0].runId);
    for (const runId of runIds) await api.waitForRun(runId, (run) => run.status === 'waiting');

    await worker.kill('SIGKILL');
    if (wipeRedis) {
      const redis = new Redis(environment.redisUrl);
      const keys = await redis.keys(`${environment.queuePrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
    await startWorker();

    for (const runId of runIds) {
      const run = await api.waitForRun(runId, undefined, 20_000);
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    }
    const sent = await messagesPerRun();
    expect(sent.map((row) => row.run_id).sort()).toEqual([...runIds].sort());
    expect(sent.every((row) => row.n === 1)).toBe(true);
  });

  it('sends exactly once when the worker dies right after the provider call, before the step is stored', async () => {
    const connectionId = await api.sandbox();
    await api.publish('Appointment confirmation', appointmentConfirmation(connectionId));
    // This worker kills itself (SIGKILL) right after its first send returns.
    const doomed = await startWorker({ SWITCHBOARD_FAULT: 'crash-after-side-effect' });
    const runIds: string[] = [];
    for (let i = 0; i < 4; i++) runIds.push((await api.post('/api/events', callCompletedEvent({ id: `send-${i}` }))).body.runs[0].runId);
    await doomed.exited();

    // At least one message went out whose step was never stored: the window this test is about.
    const orphans = await environment.sql(
      `SELECT m.run_id FROM messages m LEFT JOIN steps s ON s.run_id = m.run_id AND s.node_id = 'confirm' WHERE s.run_id IS NULL`,
    );
    expect(orphans.length).toBeGreaterThanOrEqual(1);

    await startWorker();
    for (const runId of runIds) {
      const run = await api.waitForRun(runId, undefined, 20_000);
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    }
    const sent = await messagesPerRun();
    expect(sent).toHaveLength(runIds.length);
    expect(sent.every((row) => row.n === 1)).toBe(true);
  });

  it('ends a quiet conversation once, with its whole transcript, even when the engine was down when the timer was due', async () => {
    const engineProcess = await new EngineProcess(environment, { ROLE: 'all' }).start();
    workers.push(engineProcess);
    const all = engineProcess.api();
    const connectionId = await all.sandbox();
    const flowId = await all.publish('Log ended conversations', {
      nodes: [
        { id: 'ended', type: 'conversation.ended', config: { inactivityMinutes: 0.05 } },
        { id: 'log', type: 'flow.set', config: { values: { transcript: '{{conversation_transcript}}' } } },
      ],
      edges: [{ id: 'e1', source: 'ended', target: 'log' }],
    });
    for (const text of ['Hello?', 'Is anyone there?', 'I would like to book a table']) {
      expect((await all.post(`/api/sandbox/${connectionId}/inbound`, { from: '+14155550303', text })).status).toBe(202);
    }
    await engineProcess.kill('SIGKILL');
    // The 3-second timer comes due while nothing runs.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const restarted = await new EngineProcess(environment, { ROLE: 'all' }).start();
    workers.push(restarted);
    const again = restarted.api();
    await expect.poll(async () => (await again.get(`/api/runs?flowId=${flowId}`)).body.runs.length, { timeout: 15_000 }).toBe(1);
    const run = await again.waitForRun((await again.get(`/api/runs?flowId=${flowId}`)).body.runs[0].id);
    expect(run.steps.find((step) => step.nodeId === 'log')!.output).toMatchObject({ transcript: 'Customer: Hello?\nCustomer: Is anyone there?\nCustomer: I would like to book a table' });
    expect(run.steps[0].output).toMatchObject({ reason: 'inactivity', messageCount: 3, customer: { phone: '+14155550303' } });
    // And never again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await again.get(`/api/runs?flowId=${flowId}`)).body.runs).toHaveLength(1);
    const [conversation] = await environment.sql<{ status: string; close_reason: string }>(`SELECT status, close_reason FROM conversations`);
    expect(conversation).toEqual({ status: 'closed', close_reason: 'inactivity' });
  });
});
