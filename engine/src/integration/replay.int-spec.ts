import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient, type DraftGraph } from '../testing/test-engine';

const stepOf = (run: { steps: Array<{ nodeId: string }> }, nodeId: string) => run.steps.find((step) => step.nodeId === nodeId) as any;

/**
 * What an operator does with runs: replay a failed one from the failed step on the published
 * version (nothing sent twice), retry or cancel many at once, read who and what each run is
 * about, send a test event to the live flow, see the sandbox's customers, test a reply flow.
 */
describe('runs you can act on', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let server: Server;
  let base: string;
  /** The CRM refuses (422, not retryable) while broken. */
  let crmBroken = true;
  let crmCalls = 0;
  let sandbox: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/crm') {
          crmCalls += 1;
          if (crmBroken) res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"unknown field lead_source"}');
          else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = await TestEngine.start({ env: { OUTBOUND_ALLOW: new URL(base).host } });
    api = engine.api;
    sandbox = await api.sandbox();
  });
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** call.completed → the confirmation template → the CRM (http.request) → a follow-up task. */
  const confirmThenCrm = (): DraftGraph => ({
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      {
        id: 'confirm',
        type: 'whatsapp.send_template',
        config: {
          connectionId: sandbox,
          template: 'appointment_confirmation',
          language: 'en',
          to: '{{trigger.customer.phone}}',
          parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}', '{{trigger.variables.appointment_time}}'],
        },
      },
      { id: 'crm', type: 'http.request', config: { method: 'POST', url: `${base}/crm`, body: '{"phone":"{{trigger.customer.phone}}"}' } },
      { id: 'follow_up', type: 'task.create', config: { title: 'Call {{trigger.customer.name}} back', priority: 'low' } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'confirm' },
      { id: 'e2', source: 'confirm', target: 'crm' },
      { id: 'e3', source: 'crm', target: 'follow_up' },
    ],
  });

  const templatesTo = async (phone: string) => {
    const { body } = await api.get(`/api/messages?connectionId=${sandbox}&limit=500`);
    return body.messages.filter((message) => message.direction === 'outbound' && message.kind === 'template' && message.customer === phone);
  };

  it('replays a failed run from the failed step on the published version: the template is not sent again, and the runs link', async () => {
    const phone = '+4915112345678';
    const flowId = await api.publish('Confirm and log', confirmThenCrm());
    const posted = await api.post('/api/events', callCompletedEvent({ phone }));
    const failed = await api.waitForRun(posted.body.runs[0]!.runId);
    expect(failed.status).toBe('failed');
    expect(stepOf(failed, 'confirm').status).toBe('succeeded');
    expect(stepOf(failed, 'crm')).toMatchObject({ status: 'failed', error: { code: 'HTTP_STATUS', retryable: false } });
    expect(await templatesTo(phone)).toHaveLength(1);

    // The CRM is fixed; a new version is published (the replay runs on it, not on the original's).
    crmBroken = false;
    const draft = confirmThenCrm();
    const nodes = draft.nodes as Array<{ id: string; config: Record<string, unknown> }>;
    nodes[3]!.config = { title: 'Call {{trigger.customer.name}} back (v2)', priority: 'high' };
    await api.put(`/api/flows/${flowId}`, { graph: draft });
    await api.post(`/api/flows/${flowId}/publish`);

    const callsBefore = crmCalls;
    const replayed = await api.post(`/api/runs/${failed.id}/replay`, { fromStep: 'crm' });
    expect(replayed.status).toBe(202);
    const replay = await api.waitForRun(replayed.body.runId);
    expect(replay.status).toBe('succeeded');
    expect(replay.flowVersionId).not.toBe(failed.flowVersionId);
    expect(replay.version).toBe(2);
    expect(replay.replayOf).toBe(failed.id);
    expect(replay.event).toEqual(failed.event);
    // The template step is the original's, as it ended; the CRM was called once more; the task is v2's.
    expect(stepOf(replay, 'confirm')).toMatchObject({ status: 'succeeded', output: stepOf(failed, 'confirm').output });
    expect(stepOf(replay, 'crm')).toMatchObject({ status: 'succeeded', output: { status: 200 } });
    expect(crmCalls).toBe(callsBefore + 1);
    const tasks = (await api.get(`/api/tasks?runId=${replay.id}`)).body.tasks;
    expect(tasks.map((task) => [task.title, task.priority])).toEqual([['Call Alex back (v2)', 'high']]);
    expect(await templatesTo(phone)).toHaveLength(1);

    const original = (await api.get(`/api/runs/${failed.id}`)).body;
    expect(original.replays).toEqual([replay.id]);
    expect(original.replayOf).toBeNull();
    const audit = (await api.get('/api/audit?action=run.replay')).body.entries;
    expect(audit[0]).toMatchObject({ action: 'run.replay', target: { kind: 'run', id: replay.id } });
    expect(audit[0]!.summary).toContain(failed.id);

    // The run list shows who and what each run is about, and the version.
    const listed = (await api.get(`/api/runs?flowId=${flowId}`)).body.runs;
    expect(listed.map((run) => run.id)).toEqual([replay.id, failed.id]);
    expect(listed[1]).toMatchObject({ customer: { phone, name: 'Alex' }, summary: 'Call to Alex, connected, 2:05', version: 1, isTest: false, replayOf: null });
    expect(listed[0]).toMatchObject({ version: 2, replayOf: failed.id });
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('refuses a replay from a step the published version lacks, from the trigger, and of an unpublished flow', async () => {
    crmBroken = true;
    const flowId = await api.publish('Refusals', confirmThenCrm());
    const failed = await api.waitForRun((await api.post('/api/events', callCompletedEvent())).body.runs[0]!.runId);
    expect(failed.status).toBe('failed');

    const missing = await api.post(`/api/runs/${failed.id}/replay`, { fromStep: 'no_such_step' });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.details).toEqual([expect.objectContaining({ field: 'fromStep' })]);
    const trigger = await api.post(`/api/runs/${failed.id}/replay`, { fromStep: 'call' });
    expect(trigger.status).toBe(400);
    expect(trigger.body.error?.message).toContain('trigger');
    expect((await api.request('POST', `/api/runs/${failed.id}/replay`, {})).status).toBe(400);

    // On the very version the original ran (one event, two runs of one version): it fails the same way, the template kept.
    const again = await api.waitForRun((await api.post(`/api/runs/${failed.id}/replay`, { fromStep: 'crm' })).body.runId);
    expect(again).toMatchObject({ status: 'failed', flowVersionId: failed.flowVersionId, replayOf: failed.id });
    expect(stepOf(again, 'confirm')).toMatchObject({ status: 'succeeded', output: stepOf(failed, 'confirm').output });
    expect(stepOf(again, 'crm').error).toMatchObject({ code: 'HTTP_STATUS' });
    // A replay can be replayed in turn, from an earlier step (which then runs again).
    const waiting = await api.post(`/api/runs/${again.id}/replay`, { fromStep: 'confirm' });
    expect(waiting.status).toBe(202);
    expect((await api.waitForRun(waiting.body.runId)).status).toBe('failed');

    await api.post(`/api/flows/${flowId}/unpublish`);
    const unpublished = await api.post(`/api/runs/${failed.id}/replay`, { fromStep: 'crm' });
    expect(unpublished.status).toBe(409);
    expect((await api.post('/api/runs/00000000-0000-4000-8000-000000000000/replay', { fromStep: 'crm' })).status).toBe(404);
  });

  it('retries and cancels runs in bulk, each as its own route would, one failing not stopping the others', async () => {
    crmBroken = true;
    const flowId = await api.publish('Bulk', confirmThenCrm());
    const failed = await api.waitForRun((await api.post('/api/events', callCompletedEvent())).body.runs[0]!.runId);
    expect(failed.status).toBe('failed');
    crmBroken = false;
    const missing = '00000000-0000-4000-8000-000000000000';
    const retried = await api.post('/api/runs/bulk', { action: 'retry', runIds: [failed.id, missing] });
    expect(retried.status).toBe(200);
    expect(retried.body.results).toEqual([
      { runId: failed.id, ok: true },
      { runId: missing, ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } },
    ]);
    expect((await api.waitForRun(failed.id)).status).toBe('succeeded');
    const again = await api.post('/api/runs/bulk', { action: 'retry', runIds: [failed.id] });
    expect(again.body.results[0]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await api.post(`/api/flows/${flowId}/unpublish`);

    const waitingFlow = await api.publish('Waits', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'later', type: 'flow.delay', config: { amount: 1, unit: 'hours' } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'later' }],
    });
    const waiting = await api.waitForRun((await api.post('/api/events', callCompletedEvent())).body.runs[0]!.runId, (run) => run.status === 'waiting');
    const cancelled = await api.post('/api/runs/bulk', { action: 'cancel', runIds: [waiting.id, failed.id] });
    expect(cancelled.body.results).toEqual([
      { runId: waiting.id, ok: true },
      { runId: failed.id, ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('succeeded') } },
    ]);
    expect((await api.get(`/api/runs/${waiting.id}`)).body.status).toBe('cancelled');
    expect((await api.get('/api/audit?action=run.cancel')).body.entries.map((entry) => entry.target?.id)).toContain(waiting.id);

    const tooMany = await api.request('POST', '/api/runs/bulk', { action: 'retry', runIds: Array.from({ length: 201 }, () => missing) });
    expect(tooMany.status).toBe(400);
    expect((await api.request('POST', '/api/runs/bulk', { action: 'delete', runIds: [missing] })).status).toBe(400);
    await api.post(`/api/flows/${waitingFlow}/unpublish`);
  });

  it('sends a test event to the published version, stored and marked test; 409 when nothing is published', async () => {
    const graph: DraftGraph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: { callType: 'connected' } },
        { id: 'note', type: 'flow.set', config: { values: { who: '{{trigger.customer.name}}' } } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'note' }],
    };
    const created = await api.post('/api/flows', { name: 'Published test', graph });
    const flowId = created.body.id;
    const refused = await api.post(`/api/flows/${flowId}/test`, { target: 'published' });
    expect(refused.status).toBe(409);

    await api.post(`/api/flows/${flowId}/publish`);
    // The draft moves on; the published test runs what is live.
    await api.put(`/api/flows/${flowId}`, { graph: { ...graph, nodes: [graph.nodes[0]!, { id: 'note', type: 'flow.set', config: { values: { who: 'draft' } } }] } });
    const sent = await api.post(`/api/flows/${flowId}/test`, { target: 'published' });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ flowId, test: true, eventId: expect.any(String) });
    const run = await api.waitForRun(sent.body.runId);
    expect(run).toMatchObject({ status: 'succeeded', isTest: true, version: 1 });
    expect(stepOf(run, 'note').output).toEqual({ who: expect.any(String) });
    expect(stepOf(run, 'note').output.who).not.toBe('draft');
    expect(run.event?.id).toBe(sent.body.eventId);
    const [event] = await engine.environment.sql<{ source: string }>(`SELECT source FROM events WHERE external_id = $1`, [sent.body.eventId]);
    expect(event?.source).toBe('test');

    // The draft test is today's behaviour: the draft, no version number.
    const draftRun = await api.waitForRun((await api.post(`/api/flows/${flowId}/test`, {})).body.runId);
    expect(draftRun).toMatchObject({ isTest: true, version: null });
    expect(stepOf(draftRun, 'note').output).toEqual({ who: 'draft' });
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('opens the window for a test run of a reply flow, and advises per flow when it is closed', async () => {
    const customer = '+4915199900011';
    const replyFlow = (to: string): DraftGraph => ({
      nodes: [
        { id: 'message', type: 'whatsapp.message_received', config: {} },
        { id: 'reply', type: 'whatsapp.send_text', config: { connectionId: sandbox, to, message: 'Thanks {{trigger.name}}, we got it!' } },
      ],
      edges: [{ id: 'e1', source: 'message', target: 'reply' }],
    });
    const event = { connectionId: sandbox, conversationId: '00000000-0000-4000-8000-000000000002', from: customer, name: 'Mia', text: 'Can I move my appointment?', type: 'text', messageId: 'sample-1', timestamp: new Date().toISOString() };
    const flow = (await api.post('/api/flows', { name: 'Reply', graph: replyFlow('{{trigger.from}}') })).body.id;
    const run = await api.waitForRun((await api.post(`/api/flows/${flow}/test`, { event })).body.runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'reply').output).toMatchObject({ to: customer });

    // To someone who did not write, the window stays closed, and the advice names the reply flow's test.
    const other = (await api.post('/api/flows', { name: 'Reply elsewhere', graph: replyFlow('+4915199900022') })).body.id;
    const closed = await api.waitForRun((await api.post(`/api/flows/${other}/test`, { event })).body.runId);
    expect(stepOf(closed, 'reply').error).toMatchObject({ code: 'OUTSIDE_24H_WINDOW' });
    expect(stepOf(closed, 'reply').error.message).toContain('A test run of a reply flow opens the window');

    // The chat list of the sandbox: the customers, newest first, with what they have not had an answer to.
    await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+4915199900033', text: 'Hello?', name: 'Noah' });
    await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+4915199900033', text: 'Anyone there?', name: 'Noah' });
    const { body, status } = await api.get(`/api/sandbox/${sandbox}/customers`);
    expect(status).toBe(200);
    expect(body.customers[0]).toMatchObject({ phone: '+4915199900033', name: 'Noah', lastText: 'Anyone there?', lastDirection: 'inbound', unread: 2 });
    expect(body.customers.find((entry) => entry.phone === customer)).toMatchObject({ lastDirection: 'outbound', lastText: 'Thanks Mia, we got it!', unread: 0 });
    expect(body.customers.find((entry) => entry.phone === '+4915112345678')).toMatchObject({ lastDirection: 'outbound', lastText: expect.stringContaining('appointment_confirmation') });
    const times = body.customers.map((entry) => entry.lastMessageAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await api.get('/api/sandbox/00000000-0000-4000-8000-000000000000/customers')).status).toBe(404);
  });

  it("marks the tasks, alerts and e-mails of a test run as test, and a real run's not", async () => {
    const graph: DraftGraph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'task', type: 'task.create', config: { title: 'Follow up {{trigger.customer.name}}' } },
        { id: 'alert', type: 'alert.team', config: { message: 'New call from {{trigger.customer.name}}' } },
        { id: 'mail', type: 'email.send', config: { to: ['team@example.com'], subject: 'Call', html: '<p>Call</p>' } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'task' },
        { id: 'e2', source: 'call', target: 'alert' },
        { id: 'e3', source: 'call', target: 'mail' },
      ],
    };
    const flowId = await api.publish('Notify', graph);
    const test = await api.waitForRun((await api.post(`/api/flows/${flowId}/test`, {})).body.runId);
    const real = await api.waitForRun((await api.post('/api/events', callCompletedEvent())).body.runs[0]!.runId);
    expect([test.status, real.status]).toEqual(['succeeded', 'succeeded']);
    for (const [run, isTest] of [
      [test, true],
      [real, false],
    ] as const) {
      expect((await api.get(`/api/tasks?runId=${run.id}`)).body.tasks.map((task) => task.isTest)).toEqual([isTest]);
      expect((await api.get(`/api/emails?runId=${run.id}`)).body.emails.map((email) => email.isTest)).toEqual([isTest]);
      const alerts = (await api.get('/api/alerts')).body.alerts.filter((alert) => alert.runId === run.id);
      expect(alerts.map((alert) => alert.isTest)).toEqual([isTest]);
    }
    await api.post(`/api/flows/${flowId}/unpublish`);
  });
});
