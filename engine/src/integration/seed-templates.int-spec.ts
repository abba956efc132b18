import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeOpenAi, purposeOf, userText } from '../testing/fake-ai';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

const APPOINTMENTS = [
  { id: 'apt_1', name: 'Alex Morgan', phone: '+14155550201', agent: 'Dr. Rao', time: '09:30', location: 'Main St 1' },
  { id: 'apt_2', name: 'Sam Lee', phone: '+14155550202', agent: 'Dr. Rao', time: '11:00', location: 'Main St 1' },
  { id: 'apt_3', name: 'Kim Park', phone: '+14155550203', agent: 'Dr. Chen', time: '15:15', location: 'Harbor Rd 7' },
];

// The three example workflows of seeds 002/003, each created from its template, pointed at
// local servers (CRM, calendar, log, model) with short waits, published and run end to end.
describe('the seed workflow templates', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let sandbox: string;
  let server: Server;
  let local: string;
  let model: ReturnType<typeof fakeOpenAi>;
  let aiConnection: string;
  const received: Array<{ method: string; path: string; body: any }> = [];

  beforeAll(async () => {
    // The team's own systems: a calendar to fetch from, a CRM and a sheet to write to.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        received.push({ method: req.method!, path: req.url!, body: text ? JSON.parse(text) : undefined });
        const body = req.url!.startsWith('/api/appointments') ? { appointments: APPOINTMENTS } : { ok: true };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    model = await fakeOpenAi((request) =>
      purposeOf(request) === 'extraction' && /5000/.test(userText(request))
        ? { content: { interested: true, budget: '5000 EUR', timeline: 'next month' } }
        : { content: { interested: false, budget: null, timeline: null } },
    ).start();
    engine = await TestEngine.start();
    api = engine.api;
    sandbox = await api.sandbox();
    aiConnection = (await api.post('/api/connections', { name: 'Model', provider: 'ai.openai_compatible', config: { baseUrl: `${model.url}/v1`, apiKey: 'sk-test', model: 'gpt-test' } })).body.id;
    await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(local).host] } });
  });
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await engine?.stop();
    await model?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Creates a flow from the template, lets `adjust` change node configs as a user would in the editor, saves and publishes it. */
  const fromTemplate = async (templateId: string, adjust: Record<string, (config: Record<string, any>) => void>) => {
    const created = await api.post('/api/flows', { name: `From ${templateId}`, fromTemplate: templateId });
    expect(created.status).toBe(201);
    const graph = created.body.graph;
    for (const node of graph.nodes) {
      // The workspace's sender was filled in wherever the template needs one.
      if ('connectionId' in node.config && node.type !== 'ai.extract') expect(node.config.connectionId).toBe(sandbox);
      adjust[node.id]?.(node.config);
    }
    const saved = await api.put(`/api/flows/${created.body.id}`, { graph });
    expect(saved.body.problems).toEqual([]);
    const published = await api.post(`/api/flows/${created.body.id}/publish`);
    expect(published.status).toBe(200);
    return created.body.id as string;
  };

  it('lists the three seed workflows in the gallery', async () => {
    const { templates } = (await api.get('/api/flow-templates')).body;
    const ids = templates.map((template: any) => template.id);
    expect(ids).toEqual(expect.arrayContaining(['post_call_follow_up', 'lead_qualification', 'appointment_reminders']));
    const reminders = templates.find((template) => template.id === 'appointment_reminders');
    expect(reminders?.graph.nodes.map((node: any) => node.type)).toEqual(['schedule.cron', 'http.request', 'flow.loop', 'whatsapp.send_template', 'http.request']);
  });

  it('post-call follow-up: waits, then sends the template of the call outcome; "not interested" ends', async () => {
    const flowId = await fromTemplate('post_call_follow_up', { wait: (config) => Object.assign(config, { amount: 1, unit: 'seconds' }) });
    const start = async (phone: string, outcome: string) => {
      const posted = await api.post('/api/events', callCompletedEvent({ phone, variables: { call_outcome: outcome } }));
      return posted.body.runs.find((run: any) => run.flowId === flowId)!.runId as string;
    };
    const [interested, followUp, notInterested] = await Promise.all([
      start('+14155550101', 'interested'),
      start('+14155550102', 'follow_up'),
      start('+14155550103', 'not_interested'),
    ]);
    // The wait is a real, durable wait: the run waits before it branches.
    const waiting = await api.waitForRun(interested, (run) => stepOf(run, 'wait').status === 'waiting');
    expect(stepOf(waiting, 'send_interested').status).toBe('pending');

    const sent = async (runId: string) => (await api.get(`/api/messages?runId=${runId}`)).body.messages.map((message: any) => message.template);
    const first = await api.waitForRun(interested);
    expect(first.status).toBe('succeeded');
    expect(stepOf(first, 'outcome').handle).toBe('interested');
    expect(await sent(interested)).toEqual(['follow_up']);
    expect(stepOf(await api.waitForRun(followUp), 'send_follow_up').status).toBe('succeeded');
    expect(await sent(followUp)).toEqual(['callback_request']);
    const ended = await api.waitForRun(notInterested);
    expect(ended.status).toBe('succeeded');
    expect(stepOf(ended, 'outcome').handle).toBe('not_interested');
    expect(await sent(notInterested)).toEqual([]);
  });

  it('lead qualification: form → template → reply → AI → CRM, and "no reply" on timeout', async () => {
    const crm = `${local}/api/leads`;
    await fromTemplate('lead_qualification', {
      wait_for_reply: (config) => Object.assign(config, { timeoutMinutes: 0.05 }),
      qualify: (config) => Object.assign(config, { connectionId: aiConnection }),
      update_crm: (config) => Object.assign(config, { url: crm }),
      mark_no_reply: (config) => Object.assign(config, { url: crm }),
    });
    const submit = (name: string, phone: string) =>
      fetch(`${engine.api.baseUrl}/webhooks/in/lead-form`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name, phone, email: `${name.toLowerCase()}@example.com` }).toString(),
      }).then((response) => response.json() as Promise<any>);
    received.length = 0;

    const answering = (await submit('Dana', '+14155550301')).runs[0].runId;
    await api.waitForRun(answering, (run) => stepOf(run, 'wait_for_reply').status === 'waiting');
    expect((await api.get(`/api/messages?runId=${answering}`)).body.messages[0]).toMatchObject({ template: 'follow_up', parameters: ['Dana'] });
    await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550301', text: 'Yes! Budget is 5000 EUR, "ASAP"\nideally next month' });
    const replied = await api.waitForRun(answering);
    expect(replied.status).toBe('succeeded');
    expect(stepOf(replied, 'wait_for_reply').handle).toBe('replied');
    expect(stepOf(replied, 'qualify').output).toMatchObject({ interested: true, budget: '5000 EUR', timeline: 'next month' });
    // The reply's quotes and line break arrive intact, and the AI's true stays a boolean.
    expect(received.find((request) => request.path === '/api/leads')?.body).toEqual({
      name: 'Dana',
      phone: '+14155550301',
      email: 'dana@example.com',
      status: 'replied',
      reply: 'Yes! Budget is 5000 EUR, "ASAP"\nideally next month',
      interested: true,
      budget: '5000 EUR',
      timeline: 'next month',
    });

    received.length = 0;
    const silent = (await submit('Eli', '+14155550302')).runs[0].runId;
    const timedOut = await api.waitForRun(silent);
    expect(timedOut.status).toBe('succeeded');
    expect(stepOf(timedOut, 'wait_for_reply').handle).toBe('timeout');
    expect(stepOf(timedOut, 'qualify').status).toBe('skipped');
    expect(received.map((request) => request.body)).toEqual([{ name: 'Eli', phone: '+14155550302', email: 'eli@example.com', status: 'no_reply' }]);
  });

  it('appointment reminders: the schedule fetches the day, sends each reminder and logs it', async () => {
    received.length = 0;
    const flowId = await fromTemplate('appointment_reminders', {
      schedule: (config) => Object.assign(config, { cron: '* * * * * *' }),
      fetch_appointments: (config) => Object.assign(config, { url: `${local}/api/appointments?day=tomorrow` }),
      log: (config) => Object.assign(config, { url: `${local}/api/reminders` }),
    });
    await expect.poll(async () => (await api.get(`/api/runs?flowId=${flowId}`)).body.runs.length, { timeout: 5000 }).toBeGreaterThan(0);
    await api.post(`/api/flows/${flowId}/unpublish`);
    const [latest] = (await api.get(`/api/runs?flowId=${flowId}`)).body.runs.slice(-1);
    const run = await api.waitForRun(latest.id);

    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'each_appointment').output).toMatchObject({ count: 3, succeeded: 3, failed: 0 });
    const messages = (await api.get(`/api/messages?runId=${run.id}`)).body.messages;
    expect(messages.map((message: any) => [message.customer, message.parameters]).sort()).toEqual(
      APPOINTMENTS.map((appointment) => [appointment.phone, [appointment.name, appointment.agent, appointment.time, appointment.location]]).sort(),
    );
    const logged = received.filter((request) => request.path === '/api/reminders').map((request) => request.body);
    const mine = logged.filter((entry) => messages.some((message: any) => message.id === entry.messageId));
    expect(mine.map((entry) => entry.appointment).sort()).toEqual(['apt_1', 'apt_2', 'apt_3']);
  });
  it('voice platform templates: each is created, published, and the missed-call one answers a call that did not connect', async () => {
    const { templates } = (await api.get('/api/flow-templates')).body;
    const voice = templates.filter((template: any) => template.category === 'Voice platforms').map((template: any) => template.id as string);
    expect(voice.sort()).toEqual(['bland_call_ended_email', 'elevenlabs_call_ended_email', 'missed_call_whatsapp', 'retell_call_analyzed_task', 'synthflow_call_ended_email', 'vapi_call_ended_whatsapp']);
    const flows: Record<string, string> = {};
    for (const id of voice) flows[id] = await fromTemplate(id, {});

    // A call nobody answered starts the missed-call follow-up and not the connected-only Vapi one.
    const posted = await api.post('/api/events', callCompletedEvent({ phone: '+14155550177', durationSeconds: 0 }));
    const started = posted.body.runs.map((run: any) => run.flowId);
    expect(started).toContain(flows.missed_call_whatsapp);
    expect(started).not.toContain(flows.vapi_call_ended_whatsapp);
    const runId = posted.body.runs.find((run: any) => run.flowId === flows.missed_call_whatsapp)!.runId as string;
    expect((await api.waitForRun(runId)).status).toBe('succeeded');
    expect((await api.get(`/api/messages?runId=${runId}`)).body.messages).toEqual([expect.objectContaining({ template: 'callback_request', customer: '+14155550177' })]);
  });
});
