import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenAi, purposeOf, userText } from '../testing/fake-ai';
import { callCompletedEvent } from '../testing/fixtures';
import { SmtpSink } from '../testing/smtp-sink';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** A call.completed event whose customer says `said`. */
function callSaying(said: string, overrides: { name?: string } = {}) {
  const event = callCompletedEvent();
  event.data.transcript = [
    { role: 'agent', text: 'Thanks for calling Bright Smile Dental, how can I help?' },
    { role: 'customer', text: said },
  ];
  if (overrides.name !== undefined) event.data.customer.name = overrides.name;
  return event;
}

/** trigger → one action, the trigger with `triggerConfig`. */
function single(node: Record<string, unknown>, triggerConfig: Record<string, unknown> = {}) {
  return {
    nodes: [{ id: 'call', type: 'call.completed', config: triggerConfig }, { id: 'act', ...node }],
    edges: [{ id: 'e1', source: 'call', target: 'act' }],
  };
}

describe('AI nodes and post-call notifications', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let smtp: SmtpSink;
  let model: ReturnType<typeof fakeOpenAi>;
  let aiConnection: string;
  let slowConnection: string;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    // The fake model: callbacks when the customer says "call me back"; billing questions route to rule 1.
    model = await fakeOpenAi((request) => {
      const text = userText(request);
      switch (purposeOf(request)) {
        case 'decision':
          return { content: { result: /call me back/i.test(text), reason: 'The customer asked to be called back.' } };
        case 'routing':
          return { content: { rule: /invoice|charged/i.test(text) ? 1 : null, reason: 'Billing question.' } };
        case 'extraction':
          return { content: { appointment_date: '2026-11-25', party_size: 4, callback_requested: false } };
        default:
          return { content: 'Hello from the model!' };
      }
    }).start();
    engine = await TestEngine.start({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Switchboard <flows@example.com>' } });
    api = engine.api;
    const created = await api.post('/api/connections', { name: 'Model', provider: 'ai.openai_compatible', config: { baseUrl: `${model.url}/v1`, apiKey: 'sk-test', model: 'gpt-test' } });
    expect(created.status).toBe(201);
    expect(created.body.secrets).toEqual(['apiKey']);
    expect(JSON.stringify(created.body)).not.toContain('sk-test');
    aiConnection = created.body.id;
    slowConnection = (await api.post('/api/connections', { name: 'Slow model', provider: 'ai.openai_compatible', config: { baseUrl: `${model.url}/v1`, model: 'gpt-test', timeoutMs: 300 } })).body.id;
  });
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await engine?.stop();
    await model?.stop();
    await smtp?.stop();
  });

  it('extracts typed fields with the model, with structured output and token usage on the step', async () => {
    const fields = [
      { name: 'appointment_date', type: 'date', description: 'The date the customer booked' },
      { name: 'party_size', type: 'number' },
      { name: 'callback_requested', type: 'boolean' },
    ];
    const flowId = await api.publish('Extract', single({ type: 'ai.extract', config: { connectionId: aiConnection, fields } }));
    const before = model.requests.length;
    const posted = await api.post('/api/events', callSaying('Book me for the 25th, four of us.'));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'act').output).toEqual({
      appointment_date: '2026-11-25',
      party_size: 4,
      callback_requested: false,
      offline: false,
      model: 'gpt-test',
      usage: { promptTokens: 120, completionTokens: 30, totalTokens: 150 },
    });
    const request = model.requests[before]!;
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'extraction', strict: true } });
    expect(request.body.response_format.json_schema.schema.properties.party_size.type).toEqual(['number', 'null']);
    expect(userText(request)).toContain('Customer: Book me for the 25th, four of us.');
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it("starts a run only when the trigger's AI condition holds for the transcript", async () => {
    const flowId = await api.publish(
      'Callback requested',
      single({ type: 'task.create', config: { title: 'Call back {{customer_name}}', priority: 'high' } }, { aiCondition: 'Did the customer ask to be called back?', connectionId: aiConnection }),
    );
    const yes = await api.post('/api/events', callSaying('Can you call me back tomorrow morning?'));
    expect(yes.status).toBe(202);
    expect(yes.body.runs).toEqual([{ runId: expect.any(String), flowId }]);
    const no = await api.post('/api/events', callSaying('No thanks, that is all.'));
    expect(no.status).toBe(202);
    expect(no.body.runs).toEqual([]);
    const asked = model.requests.filter((request) => purposeOf(request) === 'decision').map((request) => request.body.messages[0].content);
    expect(asked.at(-1)).toContain('Did the customer ask to be called back?');
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('routes an email by AI, falls back when no rule applies, and sends it over SMTP', async () => {
    const flowId = await api.publish(
      'Routed',
      single({
        type: 'email.send',
        config: {
          aiConnectionId: aiConnection,
          routing: [
            { when: 'The customer wants to book', to: 'bookings@example.com' },
            { when: 'The customer has a billing question', to: 'Billing <billing@example.com>, ledger@example.com' },
          ],
          fallback: 'support@example.com',
          subject: 'Call from {{customer_name}}',
          html: '<p>{{conversation_summary}}</p>',
        },
      }),
    );
    const billing = await api.post('/api/events', callSaying('I was charged twice on my last invoice.'));
    const routed = await api.waitForRun(billing.body.runs[0].runId);
    expect(routed.status).toBe('succeeded');
    expect(stepOf(routed, 'act').output).toMatchObject({ to: ['billing@example.com', 'ledger@example.com'], delivery: 'sent', routing: { rule: 1, usedFallback: false, offline: false } });
    const other = await api.post('/api/events', callSaying('What time do you open on Sunday?'));
    const fellBack = await api.waitForRun(other.body.runs[0].runId);
    expect(stepOf(fellBack, 'act').output).toMatchObject({ to: ['support@example.com'], routing: { rule: null, usedFallback: true } });
    const delivered = smtp.mails.slice(-2).map((mail) => mail.to);
    expect(delivered).toEqual([['billing@example.com', 'ledger@example.com'], ['support@example.com']]);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('tests AI and SMTP connections without sending anything', async () => {
    const ai = await api.post(`/api/connections/${aiConnection}/test`);
    expect(ai).toMatchObject({ status: 200, body: { ok: true, message: 'The model gpt-test answered (150 tokens).' } });
    const mailbox = await api.post('/api/connections', { name: 'Mail', provider: 'smtp', config: { url: smtp.url, from: 'Ops <ops@example.com>' } });
    expect(mailbox.status).toBe(201);
    expect(mailbox.body.secrets).toEqual(['url']);
    const sent = smtp.mails.length;
    expect(await api.post(`/api/connections/${mailbox.body.id}/test`)).toMatchObject({ status: 200, body: { ok: true } });
    expect(smtp.mails.length).toBe(sent);
    const closed = await api.post('/api/connections', { name: 'Nowhere', provider: 'smtp', config: { host: '127.0.0.1', port: 9, secure: 'false', from: 'ops@example.com' } });
    expect(closed.body.config).toMatchObject({ host: '127.0.0.1', port: 9, secure: false });
    const failed = await api.post(`/api/connections/${closed.body.id}/test`);
    expect(failed).toMatchObject({ status: 422, body: { error: { details: { code: 'NETWORK', retryable: true } } } });
    const invalid = await api.post('/api/connections', { name: 'Half', provider: 'smtp', config: { from: 'ops@example.com' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.details).toEqual([expect.objectContaining({ field: 'config.host' })]);
  });

  it('retries a 429 inside the step and ends with one result', async () => {
    const flowId = await api.publish('Decide', single({ type: 'ai.decide', config: { connectionId: aiConnection, question: 'Did the customer ask to be called back?' } }));
    model.next.push({ http: { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'Rate limit reached' } } } });
    const before = model.requests.length;
    const posted = await api.post('/api/events', callSaying('Please call me back.'));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'act')).toMatchObject({ status: 'succeeded', attempts: 1, output: { result: true, offline: false }, handle: 'yes' });
    expect(model.requests.length - before).toBe(2);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('fails an AI call slower than its timeout as TIMEOUT', async () => {
    model.next.push({ delayMs: 1500, content: { result: true, reason: 'late' } });
    const flowId = await api.publish(
      'Too slow',
      single({ type: 'ai.decide', config: { connectionId: slowConnection, question: 'Anything?', retry: { attempts: 1 } } }),
    );
    const posted = await api.post('/api/events', callSaying('Hello'));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('failed');
    expect(stepOf(run, 'act')).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT', retryable: true } });
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('remembers the customer across replies and does not ask the model twice for one step', async () => {
    const flowId = await api.publish(
      'Reply',
      single({ type: 'ai.generate_reply', config: { connectionId: aiConnection, assistant: 'You are the front desk.', customerIdentifier: '{{trigger.customer.phone}}', message: 'Hi, {{trigger.summary}}' } }),
    );
    const first = await api.waitForRun((await api.post('/api/events', callSaying('one'))).body.runs[0].runId);
    const second = await api.waitForRun((await api.post('/api/events', callSaying('two'))).body.runs[0].runId);
    expect(stepOf(first, 'act').output).toMatchObject({ reply: 'Hello from the model!', offline: false });
    expect(stepOf(second, 'act').output.conversationId).toBe(stepOf(first, 'act').output.conversationId);
    const replies = model.requests.filter((request) => purposeOf(request) === 'reply');
    const history = replies.at(-1)!.body.messages.map((message: any) => message.role);
    expect(history).toEqual(['system', 'user', 'assistant', 'user']);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('emails a callback request with the call details filled in and a customer name escaped', async () => {
    const flowId = await api.publish(
      'Callback email',
      single({
        type: 'email.send',
        config: {
          to: ['support@example.com', 'lead@example.com'],
          subject: 'Callback requested by {{customer_name}}',
          html: '<p>{{customer_name}} ({{customer_number}}) asked for a callback.</p><p>{{conversation_summary}}</p><p><a href="{{conversation_url}}">Open the conversation</a></p>',
        },
      }),
    );
    const posted = await api.post('/api/events', callSaying('Call me back please', { name: '<b>Alex</b> & Co' }));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['support@example.com', 'lead@example.com']);
    expect(mail.from).toBe('flows@example.com');
    expect(mail.subject).toBe('Callback requested by <b>Alex</b> & Co');
    expect(mail.html).toContain('&lt;b&gt;Alex&lt;/b&gt; &amp; Co (+14155551234) asked for a callback.');
    expect(mail.html).toContain('<p>The customer booked an appointment.</p>');
    // The link opens the run in the editor, in its workspace, after signing in in any tab.
    const workspaceId = (await api.get('/api/workspace')).body.id;
    expect(mail.html).toContain(`<a href="https://flows.example.test/#/runs/${run.id}?w=${workspaceId}">`);
    const listed = await api.get(`/api/emails?runId=${run.id}`);
    expect(listed.body.emails).toEqual([expect.objectContaining({ to: ['support@example.com', 'lead@example.com'], delivery: 'sent', subject: mail.subject, runId: run.id, nodeId: 'act' })]);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('fails an invalid address at once with a clear error, and retries an SMTP 4xx', async () => {
    const bad = await api.publish('Bad address', single({ type: 'email.send', config: { to: ['support@example', '{{customer_email}}'], subject: 'Hi', html: 'x' } }));
    const failed = await api.waitForRun((await api.post('/api/events', callSaying('hi'))).body.runs[0].runId);
    expect(stepOf(failed, 'act')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_EMAIL', retryable: false, message: '"support@example" is not a valid email address' } });
    await api.post(`/api/flows/${bad}/unpublish`);

    const deferred = await api.publish('Deferred', single({ type: 'email.send', config: { to: ['ops@example.com'], subject: 'Hi', html: 'x', retry: { attempts: 2, backoffMs: 100 } } }));
    smtp.rejectNext.push(451);
    const run = await api.waitForRun((await api.post('/api/events', callSaying('hi'))).body.runs[0].runId);
    expect(stepOf(run, 'act')).toMatchObject({ status: 'succeeded', attempts: 2 });
    const emails = (await api.get(`/api/emails?runId=${run.id}`)).body.emails;
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ delivery: 'sent', error: null });
    await api.post(`/api/flows/${deferred}/unpublish`);
  });

  it('creates an urgent task and streams a team alert as it is raised', async () => {
    const flowId = await api.publish('Escalate', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'task', type: 'task.create', config: { title: 'Escalate {{customer_name}}', description: '{{conversation_summary}}', priority: 'urgent', assignee: 'sam@example.com' } },
        { id: 'alert', type: 'alert.team', config: { message: '{{customer_name}} needs a manager', recipients: ['sam@example.com'] } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'task' },
        { id: 'e2', source: 'task', target: 'alert' },
      ],
    });
    const controller = new AbortController();
    const stream = await fetch(`${api.baseUrl}/api/alerts/stream`, { headers: { authorization: `Bearer ${api.apiKey}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    await reader.read(); // the `: connected` comment: the subscription is in place

    const posted = await api.post('/api/events', callSaying('I want to talk to a manager'));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');

    let received = '';
    while (!received.includes('\n\n') || !received.includes('event: alert')) received += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(/data: (.*)/.exec(received)![1]!);
    expect(data).toMatchObject({ message: 'Alex needs a manager', recipients: ['sam@example.com'], kind: 'flow', runId: run.id, readAt: null });

    const tasks = (await api.get('/api/tasks?status=open&priority=urgent')).body.tasks;
    expect(tasks).toEqual([
      expect.objectContaining({ title: 'Escalate Alex', priority: 'urgent', status: 'open', assignee: 'sam@example.com', runId: run.id, flowId, conversationId: 'c1' }),
    ]);
    const done = await api.request('PATCH', `/api/tasks/${tasks[0].id}`, { status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', completedAt: expect.any(String) });
    // An edit that leaves the status alone keeps the completion; reopening clears it; a null assignee unassigns.
    const renamed = await api.request('PATCH', `/api/tasks/${tasks[0].id}`, { title: 'Call Alex back', status: 'done' });
    expect(renamed.body).toMatchObject({ title: 'Call Alex back', status: 'done', completedAt: done.body.completedAt, assignee: 'sam@example.com', priority: 'urgent' });
    const reopened = await api.request('PATCH', `/api/tasks/${tasks[0].id}`, { status: 'open', assignee: null });
    expect(reopened.body).toMatchObject({ title: 'Call Alex back', status: 'open', completedAt: null, assignee: null });
    expect((await api.get('/api/tasks?status=done')).body.tasks).toEqual([]);
    const invalid = await api.request('PATCH', `/api/tasks/${tasks[0].id}`, { priority: 'asap' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details).toEqual([expect.objectContaining({ field: 'priority' })]);
    const alerts = (await api.get('/api/alerts')).body.alerts;
    expect(alerts[0]).toMatchObject({ id: data.id });
    expect((await api.request('PATCH', `/api/alerts/${data.id}`, { read: true })).body.readAt).toEqual(expect.any(String));
    expect((await api.get('/api/alerts?unread=true')).body.alerts.map((alert: { id: string }) => alert.id)).not.toContain(data.id);
    expect((await api.request('PATCH', `/api/alerts/${data.id}`, { read: false })).body.readAt).toBeNull();
    expect((await api.get('/api/alerts?unread=true')).body.alerts.map((alert: { id: string }) => alert.id)).toContain(data.id);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it("raises a team alert when a run fails for good, and keeps another workspace's alerts apart", async () => {
    const flowId = await api.publish('Fails', single({ type: 'email.send', config: { to: ['{{customer_email}}'], subject: 'Hi', html: 'x' } }));
    const event = callSaying('hi');
    (event.data.customer as Record<string, unknown>).email = 'not-an-address';
    const run = await api.waitForRun((await api.post('/api/events', event)).body.runs[0].runId);
    expect(run.status).toBe('failed');
    const alerts = (await api.get('/api/alerts')).body.alerts;
    expect(alerts[0]).toMatchObject({ kind: 'run_failed', runId: run.id, flowId, recipients: 'all', message: expect.stringContaining('INVALID_EMAIL') });
    const other = await engine.otherWorkspace();
    expect((await other.get('/api/alerts')).body.alerts).toEqual([]);
    expect((await other.get('/api/tasks')).body.tasks).toEqual([]);
    expect((await other.get('/api/emails')).body.emails).toEqual([]);
    expect((await api.withKey(null).get('/api/alerts/stream')).status).toBe(401);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });
});

describe('the offline AI adapter', () => {
  let engine: TestEngine;
  let api: ApiClient;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
  });
  afterEach(() => api.unpublishAll());
  afterAll(() => engine?.stop());

  it('says the offline rules answer when no model is configured', async () => {
    expect((await api.get('/api/ai/status')).body).toEqual({ model: null, offline: true });
  });

  it('extracts "next Tuesday at 10:30" relative to the call, marked offline', async () => {
    const fields = [
      { name: 'appointment_date', type: 'date' },
      { name: 'appointment_time', type: 'time' },
    ];
    const flowId = await api.publish('Offline extract', single({ type: 'ai.extract', config: { fields } }));
    // The call was on Saturday 2026-11-21: next Tuesday is the 24th.
    const posted = await api.post('/api/events', callSaying('Could we do next Tuesday at 10:30?'));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(stepOf(run, 'act').output).toEqual({ appointment_date: '2026-11-24', appointment_time: '10:30', offline: true, model: 'offline' });
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('fills {{dyn_*}} variables from the transcript once per run and captures the email', async () => {
    const flowId = await api.publish('Dynamic', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'mail', type: 'email.send', config: { to: ['team@example.com'], subject: 'Appointment confirmed - {{dyn_appointment_date}}', html: '<p>{{customer_name}} at {{dyn_appointment_time}}</p>' } },
        { id: 'note', type: 'flow.set', config: { values: { date: '{{dyn_appointment_date}}' } } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'mail' },
        { id: 'e2', source: 'call', target: 'note' },
      ],
    });
    const posted = await api.post('/api/events', callSaying('Could we do next Tuesday at 10:30?'));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'note').output).toEqual({ date: '2026-11-24' });
    const emails = (await api.get(`/api/emails?runId=${run.id}`)).body.emails;
    expect(emails).toEqual([expect.objectContaining({ subject: 'Appointment confirmed - 2026-11-24', html: '<p>Alex at 10:30</p>', delivery: 'captured', to: ['team@example.com'] })]);
    const stored = await engine.environment.sql(`SELECT dynamic_variables FROM runs WHERE id = $1`, [run.id]);
    expect(stored[0]!.dynamic_variables).toEqual({ appointment_date: '2026-11-24', appointment_time: '10:30' });
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('offers the ten notification templates of seed 004, each a valid flow that runs against the sample call', async () => {
    const gallery = (await api.get('/api/flow-templates')).body.templates as Array<{ id: string; name: string; category: string }>;
    const notifications = gallery.filter((template) => template.category === 'Post-call notifications');
    expect(notifications.map((template) => template.name)).toEqual([
      'Callback Requested',
      'Appointment Booked',
      'Customer Complaint',
      'Unanswered Question',
      'Technical Issue',
      'Billing Inquiry',
      'Escalation Needed',
      'Order Placed',
      'Demo Request',
      'Positive Feedback',
    ]);
    for (const template of notifications) {
      const created = await api.post('/api/flows', { name: template.name, fromTemplate: template.id });
      expect(created.status, template.id).toBe(201);
      expect(created.body.problems, template.id).toEqual([]);
      const tested = await api.post(`/api/flows/${created.body.id}/test`, {});
      expect(tested.status, template.id).toBe(202);
      const run = await api.waitForRun(tested.body.runId!);
      expect(run.status, `${template.id}: ${JSON.stringify(run.steps.map((step: any) => [step.nodeId, step.status, step.error]))}`).toBe('succeeded');
      const emails = (await api.get(`/api/emails?runId=${run.id}`)).body.emails as Array<{ subject: string; html: string; delivery: string }>;
      for (const email of emails) {
        expect(email.delivery).toBe('captured');
        expect(email.html, template.id).toContain(`/runs/${run.id}`);
      }
    }
  });
});
