import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** Conversations, opt-outs and the send rate, on a sandbox sender (no account, same code paths). */
describe('WhatsApp conversations on the sandbox', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let connectionId: string;

  const write = (from: string, text: string, name?: string) => api.post(`/api/sandbox/${connectionId}/inbound`, { from, text, name });

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    connectionId = (
      await api.post('/api/connections', {
        name: 'Sandbox',
        provider: 'whatsapp.sandbox',
        config: {
          templates: [
            { name: 'weekly_offer', category: 'MARKETING', body: 'Hi {{1}}, this week only: 20% off.' },
            { name: 'appointment_reminder', category: 'UTILITY', body: 'Hi {{1}}, see you tomorrow.' },
          ],
        },
      })
    ).body.id;
  });
  afterAll(() => engine?.stop());

  it('opens a conversation on the first message, emits started once and received every time, and closes it by hand with the transcript', async () => {
    const started = await api.publish('Greet', {
      nodes: [
        { id: 'hello', type: 'conversation.started', config: { connectionId } },
        { id: 'reply', type: 'whatsapp.send_text', config: { connectionId, to: '{{trigger.from}}', message: 'Hi {{trigger.name}}, how can we help?' } },
      ],
      edges: [{ id: 'e1', source: 'hello', target: 'reply' }],
    });
    const ended = await api.publish('Log the transcript', {
      nodes: [
        { id: 'ended', type: 'conversation.ended', config: { connectionId, inactivityMinutes: 60 } },
        { id: 'log', type: 'flow.set', config: { values: { transcript: '{{conversation_transcript}}', reason: '{{trigger.reason}}' } } },
      ],
      edges: [{ id: 'e1', source: 'ended', target: 'log' }],
    });
    const first = await write('+14155550101', 'Hi, I need to reschedule', 'Jo');
    expect(first.status).toBe(202);
    expect(first.body.runs.map((run: any) => run.flowId)).toEqual([started]);
    const greeting = await api.waitForRun(first.body.runs[0].runId);
    expect(greeting.status).toBe('succeeded');
    const second = await write('+14155550101', 'Friday would be great');
    expect(second.body.conversationId).toBe(first.body.conversationId);
    expect(second.body.runs).toEqual([]);

    const conversation = (await api.get(`/api/conversations/${first.body.conversationId}`)).body;
    expect(conversation).toMatchObject({ status: 'open', customer: { phone: '+14155550101', name: 'Jo' }, inactivityMinutes: 60 });
    expect(conversation.messages.map((message: any) => [message.direction, message.text])).toEqual([
      ['inbound', 'Hi, I need to reschedule'],
      ['outbound', 'Hi Jo, how can we help?'],
      ['inbound', 'Friday would be great'],
    ]);
    expect(new Date(conversation.windowEndsAt!).getTime() - new Date(conversation.lastInboundAt!).getTime()).toBe(24 * 60 * 60 * 1000);

    const closed = await api.post(`/api/conversations/${first.body.conversationId}/close`);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'closed' });
    expect((await api.post(`/api/conversations/${first.body.conversationId}/close`)).status).toBe(409);
    await expect.poll(async () => (await api.get(`/api/runs?flowId=${ended}`)).body.runs.length, { timeout: 5000 }).toBe(1);
    const log = await api.waitForRun((await api.get(`/api/runs?flowId=${ended}`)).body.runs[0].id);
    expect(stepOf(log, 'log').output).toEqual({
      reason: 'closed',
      transcript: 'Customer: Hi, I need to reschedule\nAgent: Hi Jo, how can we help?\nCustomer: Friday would be great',
    });
    // The next message opens a new conversation.
    const third = await write('+14155550101', 'One more thing');
    expect(third.body.conversationId).not.toBe(first.body.conversationId);
    expect(third.body.runs.map((run: any) => run.flowId)).toEqual([started]);
    await api.post(`/api/flows/${started}/unpublish`);
    await api.post(`/api/flows/${ended}/unpublish`);
  });

  it('keeps marketing templates from a customer who wrote STOP, still sends utility ones, and resumes after START', async () => {
    const flowId = await api.publish('Send by name', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { connectionId, to: '+14155550202', template: '{{trigger.template}}', parameters: ['Kim'] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    const send = async (template: string) => api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: { template } })).body.runId);
    expect((await send('weekly_offer')).status).toBe('succeeded');

    await write('+14155550202', 'STOP');
    const blocked = await send('weekly_offer');
    expect(stepOf(blocked, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'OPTED_OUT', retryable: false } });
    expect((await send('appointment_reminder')).status).toBe('succeeded');
    const [contact] = await engine.environment.sql<{ opt_out_source: string }>(`SELECT opt_out_source FROM contacts WHERE phone = '+14155550202'`);
    expect(contact!.opt_out_source).toBe('keyword:STOP');

    await write('+14155550202', 'Start');
    expect((await send('weekly_offer')).status).toBe('succeeded');
  });

  it('holds 500 sends to 50 per second on a sender, delaying steps instead of failing them', async () => {
    const limited = (await api.post('/api/connections', { name: 'Limited', provider: 'whatsapp.sandbox', config: { sendRatePerSecond: 50 } })).body.id;
    const flowId = await api.publish('Broadcast', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        {
          id: 'send',
          type: 'whatsapp.send_template',
          config: { connectionId: limited, to: '{{trigger.phone}}', template: 'callback_request', parameters: ['{{trigger.name}}'] },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    const started = Date.now();
    const posts: Array<Promise<any>> = [];
    for (let i = 0; i < 500; i++) posts.push(api.post(`/api/flows/${flowId}/run`, { data: { phone: `+1415555${String(1000 + i)}`, name: `Customer ${i}` } }));
    const runIds = (await Promise.all(posts)).map((answer) => answer.body.runId as string);
    await expect
      .poll(async () => (await engine.environment.sql(`SELECT count(*)::int AS n FROM messages WHERE connection_id = $1`, [limited]))[0]!.n, { timeout: 40_000, interval: 200 })
      .toBe(500);
    const [{ last }] = await engine.environment.sql<{ last: Date }>(`SELECT max(created_at) AS last FROM messages WHERE connection_id = $1`, [limited]);
    expect(new Date(last!).getTime() - started).toBeGreaterThanOrEqual(9_000);
    const [{ failed }] = await engine.environment.sql<{ failed: number }>(`SELECT count(*)::int AS failed FROM runs WHERE id = ANY($1::uuid[]) AND status <> 'succeeded'`, [runIds]);
    expect(failed).toBeLessThanOrEqual(0);
    const [{ attempts }] = await engine.environment.sql<{ attempts: number }>(`SELECT max(attempt)::int AS attempts FROM steps WHERE run_id = ANY($1::uuid[]) AND node_id = 'send'`, [runIds]);
    expect(attempts).toBe(1);
  });
});
