import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { catalogWithFixtures } from '../testing/flaky-node';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

describe('errors, retries and validation', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let sandbox: string;

  beforeAll(async () => {
    engine = await TestEngine.start({ catalog: catalogWithFixtures });
    api = engine.api;
    sandbox = await api.sandbox();
  });
  afterAll(() => engine?.stop());

  const single = (node: Record<string, unknown>, trigger = 'call.completed') => ({
    nodes: [{ id: 'start', type: trigger, config: {} }, { id: 'act', ...node }],
    edges: [{ id: 'e1', source: 'start', target: 'act' }],
  });

  it('lists every problem of an invalid graph at once, and refuses to publish it with the same list', async () => {
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: { callType: 'sometimes' } },
        { id: 'Send', type: 'whatsapp.send_template', config: { connectionId: sandbox, template: '', to: '' } },
        { id: 'later', type: 'flow.delay', config: { amount: 5 } },
        { id: 'mystery', type: 'crm.update', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'Send' },
        { id: 'e2', source: 'Send', sourceHandle: 'yes', target: 'later' },
        { id: 'e3', source: 'later', target: 'nowhere' },
      ],
    };
    const validated = await api.post('/api/flows/validate', { graph });
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(false);
    const problems = validated.body.problems as Array<{ nodeId: string | null; field: string; message: string }>;
    const where = problems.map((problem) => `${problem.nodeId}:${problem.field}`);
    expect(where).toEqual(
      expect.arrayContaining(['call:config.callType', 'Send:id', 'Send:config.template', 'Send:config.to', 'later:config.unit', 'mystery:type', 'Send:edges[1].sourceHandle', 'later:edges[2].target']),
    );
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10);

    const created = await api.post('/api/flows', { name: 'Broken', graph });
    expect(created.status).toBe(201);
    expect(created.body.problems).toEqual(problems);
    const published = await api.post(`/api/flows/${created.body.id}/publish`);
    expect(published.status).toBe(422);
    expect(published.body.error).toMatchObject({ code: 'GRAPH_INVALID', details: problems });
    expect((await api.get(`/api/flows/${created.body.id}`)).body.status).toBe('draft');
  });

  it('fails a send to an invalid phone at once with INVALID_PHONE, without retrying', async () => {
    const flowId = await api.publish(
      'Bad phone',
      single({ type: 'whatsapp.send_template', config: { connectionId: sandbox, template: 'hello', to: '12345', parameters: [] } }),
    );
    const posted = await api.post('/api/events', callCompletedEvent());
    expect(posted.body.runs).toEqual([{ runId: expect.any(String), flowId }]);
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('failed');
    expect(stepOf(run, 'act')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_PHONE', retryable: false } });
    expect(run.error).toMatchObject({ code: 'INVALID_PHONE' });
    const waitpoints = await engine.environment.sql(`SELECT count(*)::int AS n FROM waitpoints WHERE run_id = $1`, [run.id]);
    expect(waitpoints[0]!.n).toBe(0);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('refuses free-form text outside the 24-hour window and sends it inside', async () => {
    const flowId = await api.publish(
      'Free-form reply',
      single({ type: 'whatsapp.send_text', config: { connectionId: sandbox, to: '{{trigger.customer.phone}}', message: 'Thanks {{trigger.customer.name}}!' } }),
    );
    const outside = await api.post('/api/events', callCompletedEvent({ phone: '+14155559876' }));
    const refused = await api.waitForRun(outside.body.runs[0].runId);
    expect(refused.status).toBe('failed');
    expect(stepOf(refused, 'act')).toMatchObject({ attempts: 1, error: { code: 'OUTSIDE_24H_WINDOW', retryable: false } });
    expect((await api.get(`/api/messages?runId=${refused.id}`)).body.messages).toEqual([]);

    const inbound = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155559876', text: 'Hi, can you call me back?' });
    expect(inbound.status).toBe(202);
    const inside = await api.post('/api/events', callCompletedEvent({ phone: '+14155559876' }));
    const sent = await api.waitForRun(inside.body.runs[0].runId);
    expect(sent.status).toBe('succeeded');
    const messages = (await api.get(`/api/messages?runId=${sent.id}`)).body.messages;
    expect(messages).toEqual([expect.objectContaining({ kind: 'text', text: 'Thanks Alex!', customer: '+14155559876' })]);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('retries a retryable error with backoff and succeeds', async () => {
    const flowId = await api.publish('Flaky', single({ type: 'test.flaky', config: { code: 'RATE_LIMITED', succeedOnAttempt: 3, retry: { attempts: 3, backoffMs: 200 } } }));
    const posted = await api.post('/api/events', callCompletedEvent());
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    const step = stepOf(run, 'act');
    expect(step).toMatchObject({ status: 'succeeded', attempts: 3, output: { attempt: 3 }, error: null });
    // Backoff doubles: 200 ms then 400 ms at least between the first start and the end.
    expect(new Date(step.finishedAt).getTime() - new Date(step.startedAt).getTime()).toBeGreaterThanOrEqual(600);
    const waitpoints = await engine.environment.sql(`SELECT kind, status, resolution FROM waitpoints WHERE run_id = $1 ORDER BY attempt`, [run.id]);
    expect(waitpoints).toEqual([
      { kind: 'retry', status: 'resolved', resolution: 'alarm' },
      { kind: 'retry', status: 'resolved', resolution: 'alarm' },
    ]);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('follows the error edge after the last attempt, or fails the run when there is none', async () => {
    const flowId = await api.publish('Flaky with fallback', {
      nodes: [
        { id: 'start', type: 'call.completed', config: {} },
        { id: 'act', type: 'test.flaky', config: { code: 'PROVIDER_UNAVAILABLE', succeedOnAttempt: 9 }, retry: { attempts: 2, backoffMs: 50 } },
        { id: 'fallback', type: 'flow.set', config: { values: { why: '{{steps.act.error.code}}' } } },
        { id: 'next', type: 'flow.set', config: { values: { x: '1' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'act' },
        { id: 'e2', source: 'act', sourceHandle: 'error', target: 'fallback' },
        { id: 'e3', source: 'act', target: 'next' },
      ],
    });
    const posted = await api.post('/api/events', callCompletedEvent());
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'act')).toMatchObject({ status: 'failed', handle: 'error', attempts: 2, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
    expect(stepOf(run, 'fallback')).toMatchObject({ status: 'succeeded', output: { why: 'PROVIDER_UNAVAILABLE' } });
    expect(stepOf(run, 'next').status).toBe('skipped');
    await api.post(`/api/flows/${flowId}/unpublish`);

    const bare = await api.publish('Flaky without fallback', single({ type: 'test.flaky', config: { code: 'TIMEOUT', succeedOnAttempt: 9, retry: { attempts: 2, backoffMs: 50 } } }));
    const failed = await api.waitForRun((await api.post('/api/events', callCompletedEvent())).body.runs[0].runId);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT', retryable: true } });
    expect(stepOf(failed, 'act')).toMatchObject({ status: 'failed', attempts: 2 });

    // A failed run can be retried from where it failed: here it fails again, with a fresh budget.
    const retried = await api.post(`/api/runs/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    const again = await api.waitForRun(failed.id);
    expect(again.status).toBe('failed');
    expect(stepOf(again, 'act').attempts).toBe(2);
    await api.post(`/api/flows/${bare}/unpublish`);
  });

  it('fails a permanent error at once even with retries configured', async () => {
    const flowId = await api.publish('Permanent', single({ type: 'test.flaky', config: { code: 'TEMPLATE_NOT_FOUND', succeedOnAttempt: 2, retry: { attempts: 5, backoffMs: 50 } } }));
    const run = await api.waitForRun((await api.post('/api/events', callCompletedEvent())).body.runs[0].runId);
    expect(run.status).toBe('failed');
    expect(stepOf(run, 'act')).toMatchObject({ attempts: 1, error: { code: 'TEMPLATE_NOT_FOUND', retryable: false } });
    await api.post(`/api/flows/${flowId}/unpublish`);
  });
});
