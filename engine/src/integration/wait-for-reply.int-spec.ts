import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** call → wait for the customer's reply → `answered` (replied) or `chased` (timeout). */
function waitingFlow(connectionId: string, timeoutMinutes: number) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId, from: '{{trigger.customer.phone}}', timeoutMinutes } },
      { id: 'answered', type: 'flow.set', config: { values: { answer: '{{steps.wait.message.text}}' } } },
      { id: 'chased', type: 'flow.set', config: { values: { note: 'no answer' } } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'wait' },
      { id: 'e2', source: 'wait', sourceHandle: 'replied', target: 'answered' },
      { id: 'e3', source: 'wait', sourceHandle: 'timeout', target: 'chased' },
    ],
  };
}

describe('wait for reply', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let sandbox: string;
  let listener: string;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    sandbox = await api.sandbox();
  });
  afterEach(() => api.unpublishAll([listener]));
  afterAll(() => engine?.stop());

  const startWaiting = async (phone: string, timeoutMinutes: number) => {
    const flowId = await api.publish(`Wait ${phone}`, waitingFlow(sandbox, timeoutMinutes));
    const posted = await api.post('/api/events', callCompletedEvent({ phone }));
    const runId = posted.body.runs.find((run: any) => run.flowId === flowId)!.runId;
    await api.waitForRun(runId, (run) => stepOf(run, 'wait')?.status === 'waiting');
    return runId;
  };

  it('takes "replied" with the message, and the reply starts no other flow', async () => {
    listener = await api.publish('Inbound listener', {
      nodes: [
        { id: 'inbound', type: 'whatsapp.message_received', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { text: '{{trigger.text}}' } } },
      ],
      edges: [{ id: 'e1', source: 'inbound', target: 'note' }],
    });
    const runId = await startWaiting('+14155550111', 10);
    const inbound = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550111', text: 'Yes, I am interested' });
    expect(inbound.status).toBe(202);
    const run = await api.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'wait')).toMatchObject({ status: 'succeeded', handle: 'replied', output: { outcome: 'replied', message: { text: 'Yes, I am interested', from: '+14155550111' } } });
    expect(stepOf(run, 'answered').output).toEqual({ answer: 'Yes, I am interested' });
    expect(stepOf(run, 'chased').status).toBe('skipped');
    const listened = (await api.get(`/api/runs?flowId=${listener}`)).body.runs;
    expect(listened).toEqual([]);

    // With no run waiting, the next message goes to the triggers as usual.
    await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550111', text: 'Another question' });
    await expect.poll(async () => (await api.get(`/api/runs?flowId=${listener}`)).body.runs.length).toBe(1);
    await api.post(`/api/flows/${listener}/unpublish`);
    listener = '';
  });

  it('takes "timeout" when no reply comes in time', async () => {
    const runId = await startWaiting('+14155550122', 0.01);
    const run = await api.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'wait')).toMatchObject({ status: 'succeeded', handle: 'timeout', output: { outcome: 'timeout', message: null } });
    expect(stepOf(run, 'answered').status).toBe('skipped');
    expect(stepOf(run, 'chased').status).toBe('succeeded');
  });

  it('resumes only the runs waiting for that customer on that sender', async () => {
    const first = await startWaiting('+14155550133', 10);
    const other = await startWaiting('+14155550144', 0.02);
    await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550133', text: 'me' });
    expect(stepOf(await api.waitForRun(first), 'wait').handle).toBe('replied');
    expect(stepOf(await api.waitForRun(other), 'wait').handle).toBe('timeout');
  });

  it('resolves a reply racing the timeout one way only', async () => {
    for (const delayMs of [300, 330, 360, 390, 420]) {
      const phone = `+1415555${String(delayMs).padStart(4, '0')}`;
      const runId = await startWaiting(phone, 0.006); // 360 ms
      await new Promise((resolve) => setTimeout(resolve, delayMs - 100));
      await api.post(`/api/sandbox/${sandbox}/inbound`, { from: phone, text: 'now' });
      const run = await api.waitForRun(runId);
      expect(run.status).toBe('succeeded');
      const handles = [stepOf(run, 'answered').status, stepOf(run, 'chased').status].sort();
      expect(handles, phone).toEqual(['skipped', 'succeeded']);
      const waitpoints = await engine.environment.sql<{ status: string; resolution: string }>(`SELECT status, resolution FROM waitpoints WHERE run_id = $1`, [runId]);
      expect(waitpoints).toEqual([{ status: 'resolved', resolution: stepOf(run, 'wait').handle === 'replied' ? 'reply' : 'alarm' }]);
    }
  });
});
