import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowRegistry } from '../execution/flow-registry';
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
    const flowId = await api.publish('Old runs', delayedConfirmation(connectionId, 3600));
    const waiting = (await api.post('/api/events', callCompletedEvent({ id: 'old-waiting' }))).body.runs[0].runId;
    await api.waitForRun(waiting, (run) => run.status === 'waiting');
    await api.post(`/api/flows/${flowId}/unpublish`);
    const done = await api.publish('Old done', appointmentConfirmation(connectionId));
    const finished = (await api.post('/api/events', callCompletedEvent({ id: 'old-finished' }))).body.runs[0].runId;
    await api.waitForRun(finished);
    await api.post(`/api/flows/${done}/unpublish`);
    // Age both events past the default 30 days.
    await engine.environment.sql(`UPDATE events SET received_at = now() - interval '31 days' WHERE external_id IN ('old-waiting', 'old-finished')`);
    await expect.poll(async () => (await api.get(`/api/runs/${finished}`)).status, { timeout: 5000 }).toBe(404);
    expect((await api.get(`/api/runs/${waiting}`)).status).toBe(200);
    expect(await engine.environment.sql(`SELECT node_id FROM steps WHERE run_id = $1`, [finished])).toEqual([]);
  });
});
