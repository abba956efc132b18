import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../queue/step-queue';
import { SchedulesService, schedulerId } from '../modules/schedules/schedules.service';
import { EngineProcess, TestEngine, type ApiClient } from '../testing/test-engine';

function cronFlow(cron: string, timezone = 'UTC') {
  return {
    nodes: [
      { id: 'tick', type: 'schedule.cron', config: { cron, timezone } },
      { id: 'note', type: 'flow.set', config: { values: { at: '{{trigger.scheduledAt}}' } } },
    ],
    edges: [{ id: 'e1', source: 'tick', target: 'note' }],
  };
}

describe('schedules', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let second: EngineProcess;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    // A second worker process on the same Postgres and Redis: every tick must still start one run.
    second = await new EngineProcess(engine.environment, { ROLE: 'worker' }).start();
  }, 60_000);
  afterAll(async () => {
    await second?.kill('SIGTERM');
    await engine?.stop();
  });

  const runsOf = async (flowId: string) => (await api.get(`/api/runs?flowId=${flowId}&limit=100`)).body.runs as Array<{ id: string; status: string }>;
  const schedulers = async (flowId: string) => (await engine.engine.app.get(BullJobQueue).shards[0]!.queue.getJobSchedulers()).filter((scheduler) => scheduler.key === schedulerId(flowId) || scheduler.id === schedulerId(flowId));

  it('fires every tick once with two workers, re-arms once per publish, and stops when unpublished', async () => {
    const flowId = await api.publish('Every second', cronFlow('* * * * * *'));
    expect(await schedulers(flowId)).toHaveLength(1);
    // A new version re-arms the same clock rather than adding one.
    const put = await api.put(`/api/flows/${flowId}`, { graph: cronFlow('*/1 * * * * *') });
    expect(put.status).toBe(200);
    expect((await api.post(`/api/flows/${flowId}/publish`)).status).toBe(200);
    expect(await schedulers(flowId)).toHaveLength(1);

    await expect.poll(async () => (await runsOf(flowId)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await api.post(`/api/flows/${flowId}/unpublish`);
    expect(await schedulers(flowId)).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const runs = await runsOf(flowId);
    const ticks = await engine.environment.sql<{ at: string }>(
      `SELECT e.data ->> 'scheduledAt' AS at FROM runs r JOIN events e ON e.id = r.event_id WHERE r.flow_id = $1`,
      [flowId],
    );
    expect(new Set(ticks.map((tick) => tick.at)).size).toBe(runs.length);
    for (const tick of ticks) expect(tick.at).toMatch(/:\d\d\.000Z$/);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await runsOf(flowId)).length).toBe(runs.length);
  });

  it('runs a tick missed while everything was down once at start-up, not once per missed tick', async () => {
    const flowId = await api.publish('Hourly', cronFlow('0 * * * *', 'Asia/Kolkata'));
    // As if it had been armed three hours ago and the engine had been down since.
    await engine.environment.sql(`UPDATE schedules SET armed_at = now() - interval '3 hours', last_fired_at = NULL WHERE flow_id = $1`, [flowId]);
    const schedules = engine.engine.app.get(SchedulesService);
    await schedules.reconcile();
    await schedules.reconcile();
    await expect.poll(async () => (await runsOf(flowId)).length).toBe(1);
    const [tick] = await engine.environment.sql<{ at: string }>(
      `SELECT e.data ->> 'scheduledAt' AS at FROM runs r JOIN events e ON e.id = r.event_id WHERE r.flow_id = $1`,
      [flowId],
    );
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    // Asia/Kolkata is UTC+5:30: its hours start at :30 UTC.
    const expected = new Date(hour.getTime() + 30 * 60_000 > Date.now() ? hour.getTime() - 30 * 60_000 : hour.getTime() + 30 * 60_000);
    expect(tick!.at).toBe(expected.toISOString());
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('refuses an invalid cron or time zone when publishing, naming the field', async () => {
    const created = await api.post('/api/flows', { name: 'Bad schedule', graph: cronFlow('every day at nine', 'Moon/Base') });
    const fields = (created.body.problems as Array<{ field: string }>).map((problem) => problem.field).sort();
    expect(fields).toEqual(['config.cron', 'config.timezone']);
  });
});
