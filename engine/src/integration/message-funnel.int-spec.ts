import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, metaSignature, metaStatusPayload, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242933';
const WABA_ID = '102290129340411';
const APP_SECRET = 'funnel-app-secret';
const HOUR = 60 * 60 * 1000;

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);
const phone = (n: number) => `+1415555${String(7000 + n)}`;
const stages = (counts: any) => ({ messages: counts.messages, sent: counts.sent, delivered: counts.delivered, read: counts.read, replied: counts.replied, failed: counts.failed });

/**
 * The delivery funnel (`GET /api/analytics/messages`) over real sends: template sends through a
 * local server speaking Meta's Graph API, with signed status and message webhooks, and sandbox
 * sends. Times the funnel reads (a send's creation, 72 hours later) are set by moving rows'
 * timestamps in the test database: a test cannot wait three days.
 */
describe('the delivery funnel', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let metaConnection: string;
  let sandboxConnection: string;
  let remindersFlow: string;
  let sandboxFlow: string;
  const runs: Record<string, string> = {};

  const signed = (payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, metaConnection, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };
  // Read loosely (`any`): the assertions check the shape, and the contract walk checks it against the schema.
  const funnel = async (query: string): Promise<any> => {
    const answer = await api.request('GET', `/api/analytics/messages?${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const messageOf = async (runId: string) => (await api.get(`/api/messages?runId=${runId}`)).body.messages[0];
  /** Polls until `check` holds (set-up code: `expect.poll` works inside a test only). */
  const until = async (check: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const settled = () =>
    until(async () => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'received'`))[0]!.n === 0, 'webhook processing');

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [{ name: 'appointment_confirmation', body: 'Hi {{1}}, see you at {{2}}.' }] }).start();
    engine = await TestEngine.start();
    api = engine.api;
    const created = await api.post('/api/connections', {
      name: 'Meta sender',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-funnel', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url },
    });
    expect(created.status).toBe(201);
    metaConnection = created.body.id;
    sandboxConnection = await api.sandbox('Sandbox sender');

    remindersFlow = await api.publish('Reminders', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { connectionId: metaConnection, template: 'appointment_confirmation', language: 'en', to: '{{trigger.phone}}', parameters: ['Sam', '9:00'] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    sandboxFlow = await api.publish('Sandbox references', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { connectionId: sandboxConnection, template: 'reference_number', language: 'en', to: '{{trigger.phone}}', parameters: ['Sam', 'R-1'] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    const run = async (flowId: string, n: number) => api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: { phone: phone(n) } })).body.runId);

    // Seven Meta sends: 1 sent only, 2 delivered, 3 read without a delivered report, 4 failed
    // by a status webhook (131026), 5 read and replied to, 6 delivered and replied to after 73 hours,
    // 7 refused by Meta at once (132001: the template does not exist).
    for (const n of [1, 2, 3, 4, 5, 6]) runs[`r${n}`] = (await run(remindersFlow, n)).id;
    meta.nextSends.push({ status: 404, body: { error: { message: '(#132001) Template name does not exist in the translation', type: 'OAuthException', code: 132001, fbtrace_id: 'x' } } });
    const refused = await run(remindersFlow, 7);
    expect(stepOf(refused, 'send').error).toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
    runs.r7 = refused.id;
    runs.r8 = (await run(sandboxFlow, 8)).id;

    const wamid = async (key: string) => (await messageOf(runs[key]!)).providerMessageId as string;
    await signed(
      metaStatusPayload(PHONE_NUMBER_ID, [
        { id: await wamid('r2'), status: 'delivered', recipient: phone(2) },
        { id: await wamid('r3'), status: 'read', recipient: phone(3) },
        { id: await wamid('r4'), status: 'failed', recipient: phone(4), errors: [{ code: 131026, title: 'Message undeliverable' }] },
        { id: await wamid('r5'), status: 'read', recipient: phone(5) },
        { id: await wamid('r6'), status: 'delivered', recipient: phone(6) },
      ]),
    );
    await settled();
    await until(async () => (await messageOf(runs.r4!)).status === 'failed', 'the failed status');

    // Message 5 was sent 3 hours ago and answered twice since (one reply counted); message 6 was
    // sent 100 hours ago and answered 73 hours after. Customer 2 wrote an hour before message 2.
    await engine.environment.sql(`UPDATE messages SET created_at = now() - interval '3 hours' WHERE run_id = $1`, [runs.r5]);
    await engine.environment.sql(`UPDATE messages SET created_at = now() - interval '100 hours' WHERE run_id = $1`, [runs.r6]);
    await engine.environment.sql(`UPDATE messages SET created_at = now() - interval '1 minute' WHERE run_id = $1`, [runs.r2]);
    await signed(
      metaMessagesPayload(PHONE_NUMBER_ID, [
        { id: 'wamid.reply-5a', from: phone(5), text: 'Yes, see you', at: new Date(Date.now() - 2 * HOUR) },
        { id: 'wamid.reply-5b', from: phone(5), text: 'Thanks!', at: new Date(Date.now() - HOUR) },
        { id: 'wamid.reply-6-late', from: phone(6), text: 'Sorry, late', at: new Date(Date.now() - 27 * HOUR) },
        { id: 'wamid.before-2', from: phone(2), text: 'Before the reminder', at: new Date(Date.now() - 5 * 60 * 1000) },
      ]),
    );
    await settled();
    await until(async () => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE direction = 'inbound'`))[0]!.n === 4, 'four inbound messages');
  }, 120_000);
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it('counts sent, delivered (a read without a delivered report too), read, replied within 72 hours and failed by code per flow', async () => {
    const body = await funnel('groupBy=flow');
    expect(body.groupBy).toBe('flow');
    expect(new Date(body.to).getTime() - new Date(body.from).getTime()).toBe(7 * 24 * HOUR);
    expect(body.groups.map((group: any) => [group.key, group.label])).toEqual([
      [remindersFlow, 'Reminders'],
      [sandboxFlow, 'Sandbox references'],
    ]);
    expect(stages(body.groups[0])).toEqual({ messages: 7, sent: 5, delivered: 4, read: 2, replied: 1, failed: 2 });
    expect(body.groups[0].failures).toEqual([
      { code: 'RECIPIENT_UNAVAILABLE', count: 1 },
      { code: 'TEMPLATE_NOT_FOUND', count: 1 },
    ]);
    expect(stages(body.groups[1])).toEqual({ messages: 1, sent: 1, delivered: 1, read: 0, replied: 0, failed: 0 });
    expect(body.groups[1].failures).toEqual([]);
    expect(body.totals).toEqual({ messages: 8, sent: 6, delivered: 5, read: 2, replied: 1, failed: 2, failures: [{ code: 'RECIPIENT_UNAVAILABLE', count: 1 }, { code: 'TEMPLATE_NOT_FOUND', count: 1 }] });
    expect(body.series).toBeUndefined();
  });

  it('groups by template and by sender, and filters by flow, sender and template', async () => {
    const templates = await funnel('groupBy=template');
    expect(templates.groups.map((group: any) => [group.key, group.label, group.messages])).toEqual([
      ['appointment_confirmation', 'appointment_confirmation', 7],
      ['reference_number', 'reference_number', 1],
    ]);
    const senders = await funnel('groupBy=sender');
    expect(senders.groups.map((group: any) => [group.key, group.label, group.messages, group.failed])).toEqual([
      [metaConnection, 'Meta sender', 7, 2],
      [sandboxConnection, 'Sandbox sender', 1, 0],
    ]);
    expect(stages((await funnel(`groupBy=sender&flowId=${sandboxFlow}`)).totals)).toEqual({ messages: 1, sent: 1, delivered: 1, read: 0, replied: 0, failed: 0 });
    expect((await funnel(`groupBy=flow&connectionId=${metaConnection}`)).groups.map((group: any) => group.key)).toEqual([remindersFlow]);
    expect((await funnel('groupBy=flow&template=reference_number')).totals.messages).toBe(1);
  });

  it("groups by the campaign of the event that started the run, and filters by campaign", async () => {
    // Campaign runs are started by `whatsapp.campaign` events; here the events of manual runs
    // become such events in the database (the campaign sender is another part of the engine).
    const campaign = (runId: string, id: string, name: string) =>
      engine.environment.sql(
        `UPDATE events SET type = 'whatsapp.campaign', data = data || jsonb_build_object('campaign', jsonb_build_object('id', $2::text, 'name', $3::text))
          WHERE id = (SELECT event_id FROM runs WHERE id = $1)`,
        [runId, id, name],
      );
    await campaign(runs.r1!, 'cmp-spring', 'Spring sale');
    await campaign(runs.r2!, 'cmp-spring', 'Spring sale');
    await campaign(runs.r3!, 'cmp-winter', 'Winter');
    const body = await funnel('groupBy=campaign');
    expect(body.groups.map((group: any) => [group.key, group.label, stages(group)])).toEqual([
      [null, 'No campaign', { messages: 5, sent: 3, delivered: 3, read: 1, replied: 1, failed: 2 }],
      ['cmp-spring', 'Spring sale', { messages: 2, sent: 2, delivered: 1, read: 0, replied: 0, failed: 0 }],
      ['cmp-winter', 'Winter', { messages: 1, sent: 1, delivered: 1, read: 1, replied: 0, failed: 0 }],
    ]);
    const spring = await funnel('groupBy=flow&campaignId=cmp-spring');
    expect(spring.groups.map((group: any) => [group.key, group.messages])).toEqual([[remindersFlow, 2]]);
  });

  it('answers a daily series of the period, empty days included', async () => {
    const body = await funnel('groupBy=flow&interval=day');
    expect(body.series).toHaveLength(8);
    expect(body.series.reduce((sum: number, bucket: any) => sum + bucket.messages, 0)).toBe(8);
    const day = (at: number) => new Date(at).toISOString().slice(0, 10);
    const early = body.series.find((bucket: any) => bucket.at.slice(0, 10) === day(Date.now() - 100 * HOUR));
    expect(early).toMatchObject({ messages: expect.any(Number), delivered: expect.any(Number) });
    expect(early.messages).toBeGreaterThanOrEqual(1);
    expect(body.series.every((bucket: any) => bucket.at.endsWith('T00:00:00.000Z'))).toBe(true);
    const hourly = await funnel(`groupBy=flow&interval=hour&from=${new Date(Date.now() - 6 * HOUR).toISOString()}`);
    expect(hourly.series.length).toBeGreaterThanOrEqual(6);
    expect(hourly.totals.messages).toBe(7);
  });

  it('leaves test runs out unless includeTests=true', async () => {
    const test = await api.request('POST', `/api/flows/${sandboxFlow}/test`, { event: { phone: phone(9) } });
    expect(test.status).toBe(202);
    await api.waitForRun(test.body.runId);
    expect((await funnel('groupBy=flow')).totals.messages).toBe(8);
    const withTests = await funnel('groupBy=flow&includeTests=true');
    expect(withTests.totals.messages).toBe(9);
    expect(withTests.groups.find((group: any) => group.key === sandboxFlow).messages).toBe(2);
  });

  it("never counts another workspace's messages, whatever ids the filters name", async () => {
    const other = await engine.otherWorkspace();
    const otherSender = (await other.post('/api/connections', { name: 'B sandbox', provider: 'whatsapp.sandbox', config: {} })).body.id;
    const created = await other.post('/api/flows', {
      name: 'B flow',
      graph: {
        nodes: [
          { id: 'start', type: 'manual', config: {} },
          { id: 'send', type: 'whatsapp.send_template', config: { connectionId: otherSender, template: 'reference_number', language: 'en', to: phone(20), parameters: ['B', 'R-2'] } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'send' }],
      },
    });
    await other.post(`/api/flows/${created.body.id}/publish`);
    const otherRun = await other.post(`/api/flows/${created.body.id}/run`, { data: {} });
    await other.waitForRun(otherRun.body.runId);
    const mine = await funnel('groupBy=sender');
    expect(mine.totals.messages).toBe(8);
    expect(JSON.stringify(mine)).not.toContain(otherSender);
    expect((await funnel(`groupBy=flow&flowId=${created.body.id}`)).totals.messages).toBe(0);
    expect((await funnel(`groupBy=flow&connectionId=${otherSender}`)).groups).toEqual([]);
    const theirs = (await other.get('/api/analytics/messages?groupBy=sender')).body;
    expect(theirs.groups.map((group: any) => [group.key, group.label, group.messages])).toEqual([[otherSender, 'B sandbox', 1]]);
    expect(JSON.stringify(theirs)).not.toContain(metaConnection);
  });

  it('refuses bad parameters with a 400 naming the field', async () => {
    const fieldsOf = async (query: string) => {
      const answer = await api.request('GET', `/api/analytics/messages${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_INPUT');
      return answer.body.error.details.map((detail: any) => detail.field);
    };
    expect(await fieldsOf('')).toEqual(['groupBy']);
    expect(await fieldsOf('?groupBy=customer')).toEqual(['groupBy']);
    expect(await fieldsOf('?groupBy=flow&from=yesterday')).toEqual(['from']);
    expect(await fieldsOf('?groupBy=flow&to=2026-13-01T00:00:00Z')).toEqual(['to']);
    expect(await fieldsOf('?groupBy=flow&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).toEqual(['to']);
    expect(await fieldsOf('?groupBy=flow&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).toEqual(['from']);
    expect(await fieldsOf('?groupBy=flow&interval=hour&from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z')).toEqual(['from']);
    expect(await fieldsOf('?groupBy=flow&interval=week')).toEqual(['interval']);
    expect(await fieldsOf('?groupBy=flow&includeTests=yes')).toEqual(['includeTests']);
    expect(await fieldsOf('?groupBy=flow&flowId=42')).toEqual(['flowId']);
    expect(await fieldsOf('?groupBy=flow&connectionId=x')).toEqual(['connectionId']);
  });
});
