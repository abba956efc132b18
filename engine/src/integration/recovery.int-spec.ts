import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowRegistry } from '../execution/flow-registry';
import { uuidV7 } from '../execution/uuid-v7';
import { HistoryPartitions, weekStart, weekSuffix } from '../persistence/history-partitions';
import { PgExecutionStore } from '../persistence/pg-execution-store';
import { appointmentConfirmation, callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

// The sweep (every second here; runs count as stalled after 3 s) from Postgres alone.
describe('the sweep, cancel and retry', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let connectionId: string;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    connectionId = await api.sandbox();
  });
  afterAll(() => engine?.stop());

  it('finishes a run whose first step was never enqueued (the process died right after storing it)', async () => {
    const flowId = await api.publish('Appointment confirmation', appointmentConfirmation(connectionId));
    const [{ workspace_id: workspaceId }] = await engine.environment.sql<{ workspace_id: string }>('SELECT workspace_id FROM flows WHERE id = $1', [flowId]);
    const [flow] = await engine.engine.app.get(FlowRegistry).publishedFor(workspaceId!, 'call.completed');
    if (!flow) throw new Error('the published flow was not found');
    const runId = randomUUID();
    const event = callCompletedEvent({ id: 'stored-not-enqueued' });
    // What EventIngestor does, minus the enqueue.
    await engine.engine.app.get(PgExecutionStore).ingest(
      { id: randomUUID(), workspaceId: flow.version.workspaceId, type: event.type, source: 'api', externalId: event.id, occurredAt: event.occurredAt, data: event.data },
      [
        {
          id: runId,
          workspaceId: flow.version.workspaceId,
          createdAt: new Date().toISOString(),
          flowId,
          versionId: flow.id,
          isTest: false,
          remaining: flow.reachableCount - 1,
          trigger: { nodeId: 'call', nodeType: 'call.completed', output: { ...event.data, connected: true } },
        },
      ],
    );
    expect((await api.get(`/api/runs/${runId}`)).body.status).toBe('queued');
    const run = await api.waitForRun(runId, undefined, 15_000);
    expect(run.status).toBe('succeeded');
    expect((await api.get(`/api/messages?runId=${runId}`)).body.messages).toHaveLength(1);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('cancels a waiting run: its delay never fires and nothing is sent', async () => {
    const flowId = await api.publish('Delayed', delayedConfirmation(connectionId, 2));
    const runId = (await api.post('/api/events', callCompletedEvent({ id: 'to-cancel' }))).body.runs[0].runId;
    await api.waitForRun(runId, (run) => run.status === 'waiting');
    const cancelled = await api.post(`/api/runs/${runId}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(stepOf(cancelled.body, 'wait').status).toBe('skipped');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = (await api.get(`/api/runs/${runId}`)).body;
    expect(after.status).toBe('cancelled');
    expect(stepOf(after, 'confirm').status).toBe('pending');
    expect((await api.get(`/api/messages?runId=${runId}`)).body.messages).toEqual([]);
    expect((await api.post(`/api/runs/${runId}/cancel`)).status).toBe(409);
    expect((await api.post(`/api/runs/${runId}/retry`)).status).toBe(409);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('retries a failed run from the failed step once its cause is fixed', async () => {
    const flowId = await api.publish('Window', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'reply', type: 'whatsapp.send_text', config: { connectionId, to: '+14155550188', message: 'We got you.' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'reply' }],
    });
    const runId = (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId;
    const failed = await api.waitForRun(runId);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'OUTSIDE_24H_WINDOW' } });

    await api.post(`/api/sandbox/${connectionId}/inbound`, { from: '+14155550188', text: 'hello?' });
    expect((await api.post(`/api/runs/${runId}/retry`)).status).toBe(200);
    const retried = await api.waitForRun(runId);
    expect(retried.status).toBe('succeeded');
    expect(stepOf(retried, 'reply')).toMatchObject({ status: 'succeeded', error: null });
    expect((await api.get(`/api/messages?runId=${runId}`)).body.messages).toHaveLength(1);
  });

  it('deletes finished runs past the retention period and keeps unfinished ones', async () => {
    // History is partitioned by week on time-ordered ids: a run of 60 days ago is stored in its week.
    const sql = (text: string, values: unknown[] = []) => engine.environment.sql(text, values);
    const [{ workspace_id: workspaceId }] = await sql('SELECT workspace_id FROM connections WHERE id = $1', [connectionId]);
    const monday = weekStart(Date.now() - 60 * 24 * 60 * 60 * 1000);
    expect(await engine.engine.app.get(HistoryPartitions).createWeek(monday)).toBe(true);
    const stored = async (status: string) => {
      const [eventId, runId] = [uuidV7(monday + 3_600_000), uuidV7(monday + 3_600_000)];
      await sql(`INSERT INTO events (id, workspace_id, type, external_id, occurred_at, data, received_at) VALUES ($1::uuid, $2, 'manual', $1::text, $3, '{}', $3)`, [eventId, workspaceId, new Date(monday + 3_600_000)]);
      await sql(
        `INSERT INTO runs (id, workspace_id, flow_id, flow_version_id, event_id, status, remaining, created_at, finished_at)
         VALUES ($1, $2, $3, $3, $4, $5, 1, $6, CASE WHEN $5 = 'succeeded' THEN $6::timestamptz END)`,
        [runId, workspaceId, randomUUID(), eventId, status, new Date(monday + 3_600_000)],
      );
      await sql(`INSERT INTO steps (run_id, node_id, node_type, status) VALUES ($1, 'trigger', 'manual', 'succeeded')`, [runId]);
      return runId;
    };
    const waiting = await stored('waiting');
    const finished = await stored('succeeded');
    // The sweep prunes the finished run of a week kept for the one under way, row by row.
    await expect.poll(async () => (await api.get(`/api/runs/${finished}`)).status, { timeout: 5000 }).toBe(404);
    expect((await api.get(`/api/runs/${waiting}`)).status).toBe(200);
    expect(await sql(`SELECT node_id FROM steps WHERE run_id = $1`, [finished])).toEqual([]);
    // Once that run ends, the sweep drops its week whole.
    await sql(`UPDATE runs SET status = 'succeeded', finished_at = now() WHERE id = $1`, [waiting]);
    await expect.poll(() => sql(`SELECT relname FROM pg_class WHERE relname = $1`, [`runs_p${weekSuffix(monday)}`]), { timeout: 5000 }).toEqual([]);
    expect((await api.get(`/api/runs/${waiting}`)).status).toBe(404);
  });
});
