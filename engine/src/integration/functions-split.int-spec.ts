import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineProcess, TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

// The API (this process, ROLE=api: no worker) takes the invocation; a separate worker process
// (ROLE=worker) runs every step. The answer of the worker's flow.respond step, and the end of a
// run without one, must cross to the process that holds the caller's request.
describe('in-call functions across an API and a worker process', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let worker: EngineProcess;
  let sandbox: string;

  const invoke = async (name: string, args: Record<string, unknown>) => {
    const response = await fetch(`${api.baseUrl}/api/functions/${name}/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ callId: `call-${Math.random().toString(36).slice(2)}`, customer: { phone: '+14155551234', name: 'Alex' }, arguments: args }),
    });
    return { status: response.status, body: (await response.json()) as any, runId: response.headers.get('x-run-id')! };
  };

  beforeAll(async () => {
    engine = await TestEngine.start({ env: { ROLE: 'api' } });
    api = engine.api;
    worker = await new EngineProcess(engine.environment, { ROLE: 'worker' }).start();
    sandbox = await api.sandbox();
  }, 60_000);
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await engine?.stop();
  });

  it('answers from the flow.respond step the worker ran', async () => {
    const created = await api.post('/api/flows', { name: 'Payment link', fromTemplate: 'send_payment_link' });
    expect(created.body.problems).toEqual([]);
    expect((await api.post(`/api/flows/${created.body.id}/publish`)).status).toBe(200);

    for (const amount of [499, 1200, 75]) {
      const answer = await invoke('send_payment_link', { amount });
      expect(answer).toMatchObject({ status: 200, body: { sent: true, messageId: expect.any(String) } });
      const { messages } = (await api.get(`/api/messages?runId=${answer.runId}`)).body;
      expect(messages).toEqual([expect.objectContaining({ id: answer.body.messageId, connectionId: sandbox, template: 'payment_link', parameters: [String(amount), expect.stringContaining(`amount=${amount}`)] })]);
    }
    expect(worker.log).toContain('worker started');
  });

  it('answers { runId, status } when a run without flow.respond ends in the worker, and 202 after the timeout', async () => {
    await api.publish('Note', {
      nodes: [
        { id: 'called', type: 'call.function', config: { name: 'take_note', description: 'Take a note', parameters: { type: 'object', properties: { text: { type: 'string' } } } } },
        { id: 'note', type: 'flow.set', config: { values: { text: '{{trigger.arguments.text}}' } } },
      ],
      edges: [{ id: 'e1', source: 'called', target: 'note' }],
    });
    const answer = await invoke('take_note', { text: 'call back at 5' });
    expect(answer).toMatchObject({ status: 200, body: { runId: answer.runId, status: 'succeeded' } });
    expect(stepOf((await api.get(`/api/runs/${answer.runId}`)).body, 'note').output).toEqual({ text: 'call back at 5' });

    await api.publish('Slow', {
      nodes: [
        { id: 'called', type: 'call.function', config: { name: 'slow_lookup', description: 'Look something up slowly', timeoutMs: 200 } },
        { id: 'pause', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } },
        { id: 'answer', type: 'flow.respond', config: { body: { found: true } } },
      ],
      edges: [
        { id: 'e1', source: 'called', target: 'pause' },
        { id: 'e2', source: 'pause', target: 'answer' },
      ],
    });
    const slow = await invoke('slow_lookup', {});
    expect(slow).toMatchObject({ status: 202, body: { runId: slow.runId } });
    const run = await api.waitForRun(slow.runId);
    expect(stepOf(run, 'answer').output).toEqual({ status: 200, body: { found: true } });
  });
});
