import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

describe('joins and dead-path elimination', () => {
  let engine: TestEngine;
  let api: ApiClient;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
  });
  afterAll(() => engine?.stop());

  it('runs the node where a branch rejoins once, after a delay, and skips the side not taken', async () => {
    await api.publish('Rejoin', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'wait', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } },
        {
          id: 'outcome',
          type: 'flow.branch',
          config: { branches: [{ key: 'interested', label: 'Interested', condition: { '==': [{ var: 'trigger.variables.interested' }, true] } }] },
        },
        { id: 'hot_lead', type: 'flow.set', config: { values: { temperature: 'hot' } } },
        { id: 'cold_lead', type: 'flow.set', config: { values: { temperature: 'cold' } } },
        { id: 'log', type: 'flow.set', config: { values: { summary: '{{trigger.customer.name}} is {{steps.hot_lead.temperature}}{{steps.cold_lead.temperature}}' } } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'wait' },
        { id: 'e2', source: 'wait', target: 'outcome' },
        { id: 'e3', source: 'outcome', sourceHandle: 'interested', target: 'hot_lead' },
        { id: 'e4', source: 'outcome', sourceHandle: 'else', target: 'cold_lead' },
        { id: 'e5', source: 'hot_lead', target: 'log' },
        { id: 'e6', source: 'cold_lead', target: 'log' },
      ],
    });
    const posted = await api.post('/api/events', callCompletedEvent({ id: 'rejoin-1', variables: { interested: true } }));
    const runId = posted.body.runs[0].runId;

    const waiting = await api.waitForRun(runId, (run) => stepOf(run, 'wait').status === 'waiting');
    expect(waiting.status).toBe('waiting');
    expect(stepOf(waiting, 'log').status).toBe('pending');

    const run = await api.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'outcome')).toMatchObject({ status: 'succeeded', handle: 'interested' });
    expect(stepOf(run, 'hot_lead').status).toBe('succeeded');
    expect(stepOf(run, 'cold_lead').status).toBe('skipped');
    expect(stepOf(run, 'log')).toMatchObject({ status: 'succeeded', attempts: 1, output: { summary: 'Alex is hot' } });
    const rows = await engine.environment.sql(`SELECT count(*)::int AS n FROM steps WHERE run_id = $1 AND node_id = 'log'`, [runId]);
    expect(rows[0]!.n).toBe(1);
  });

  it('waits for every parallel path before a join, and skips a join none of whose parents fired into it', async () => {
    await api.publish('Fan out and in', {
      nodes: [
        { id: 'call', type: 'manual', config: {} },
        { id: 'left', type: 'flow.set', config: { values: { side: 'left' } } },
        { id: 'right', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } },
        { id: 'both', type: 'flow.set', config: { values: { done: '{{steps.left.side}} and right' } } },
        { id: 'gate', type: 'flow.branch', config: { branches: [{ key: 'never', condition: { '==': [1, 2] } }] } },
        { id: 'unreached', type: 'flow.set', config: { values: { x: '1' } } },
        { id: 'after_unreached', type: 'flow.set', config: { values: { y: '2' } } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'left' },
        { id: 'e2', source: 'call', target: 'right' },
        { id: 'e3', source: 'left', target: 'both' },
        { id: 'e4', source: 'right', target: 'both' },
        { id: 'e5', source: 'both', target: 'gate' },
        { id: 'e6', source: 'gate', sourceHandle: 'never', target: 'unreached' },
        { id: 'e7', source: 'gate', sourceHandle: 'never', target: 'after_unreached' },
        { id: 'e8', source: 'unreached', target: 'after_unreached' },
      ],
    });
    const posted = await api.post('/api/events', { type: 'manual', id: 'fan-1', data: {} });
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    const both = stepOf(run, 'both');
    expect(both).toMatchObject({ status: 'succeeded', output: { done: 'left and right' } });
    // The join started only after the delayed side finished.
    expect(new Date(both.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(stepOf(run, 'right').finishedAt).getTime());
    expect(stepOf(run, 'gate').handle).toBe('else');
    expect(stepOf(run, 'unreached').status).toBe('skipped');
    expect(stepOf(run, 'after_unreached').status).toBe('skipped');
  });
});
