import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaSignature, metaStatusPayload, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242933';
const WABA_ID = '102290129340411';
const APP_SECRET = 'campaign-app-secret';
const RATE = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds (or fails after `timeoutMs` with the last value). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`not there in ${timeoutMs} ms; last seen: ${JSON.stringify(value).slice(0, 2000)}`);
    await sleep(100);
    value = await read();
  }
  return value;
}

/**
 * Broadcast campaigns end to end: a Meta sender (a local server speaking Graph API) limited to
 * 50 sends a second, recipients turned into runs of the campaign's flow by the dispatcher, their
 * statuses moved by signed status webhooks.
 */
describe('campaigns', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let connectionId: string;

  const signed = (payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };
  const campaign = async (id: string, query = '') => (await api.request('GET', `/api/campaigns/${id}${query}`)).body;
  const sendsTo = (phones: Iterable<string>) => {
    const wanted = new Set([...phones].map((phone) => phone.replace('+', '')));
    return meta.sends('/messages').filter((request) => wanted.has(String(request.body.to).replace('+', '')));
  };

  beforeAll(async () => {
    meta = await fakeMeta({
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      templates: [
        { name: 'november_offer', category: 'MARKETING', body: 'Hi {{1}}, 20% off in {{2}} this week!' },
        { name: 'order_update', category: 'UTILITY', body: 'Your order has shipped.' },
        { name: 'draft_offer', status: 'PENDING', category: 'MARKETING', body: 'Not yet {{1}}' },
      ],
    }).start();
    engine = await TestEngine.start({ env: { DEFAULT_PHONE_COUNTRY: 'DE' } });
    api = engine.api;
    const created = await api.post('/api/connections', {
      name: 'Meta sender',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url, sendRatePerSecond: RATE },
    });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
  });
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it('sends 990 of 1,000 (10 opted out) at 50/s, with progress, pause and resume, and per-recipient statuses from the status webhooks', async () => {
    const phones = Array.from({ length: 1000 }, (_, index) => `+4915210${String(index).padStart(6, '0')}`);
    const optedOut = phones.filter((_, index) => index % 100 === 7);
    for (const phone of optedOut) {
      await engine.environment.sql(`INSERT INTO contacts (workspace_id, phone, opted_out_at, opt_out_source) SELECT id, $1, now(), 'keyword:STOP' FROM workspaces WHERE name <> 'Another workspace'`, [phone]);
    }
    // Another published campaign flow must not start for this campaign's recipients.
    const bystander = await api.publish('Another campaign flow', {
      nodes: [
        { id: 'campaign', type: 'whatsapp.campaign', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { seen: '{{trigger.contact.phone}}' } } },
      ],
      edges: [{ id: 'e1', source: 'campaign', target: 'note' }],
    });

    const rows = phones.map((phone, index) => ({ phone, name: `Customer ${index}`, city: index % 2 ? 'Berlin' : 'Hamburg' }));
    const created = await api.post('/api/campaigns', {
      name: 'November offer',
      connectionId,
      template: 'november_offer',
      language: 'en',
      parameters: ['{{contact.name}}', '{{contact.attributes.city}}'],
      audience: { rows },
    });
    if (created.status !== 201) console.log(JSON.stringify(created.body).slice(0, 1500));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'running', counts: { total: 1000, skippedOptedOut: 10 } });
    expect((await api.get('/api/flows')).body.flows.find((flow) => flow.id === created.body.flowId)).toMatchObject({ name: 'Campaign: November offer', status: 'published' });

    // Progress while it runs: the counts always add up to the total.
    const midway = await until(() => campaign(id), (body) => body.counts.sent >= 300);
    const c = midway.counts;
    expect(c.pending + c.skippedOptedOut + c.started + c.sent + c.delivered + c.read + c.failed + c.cancelled).toBe(1000);
    expect(c.pending).toBeGreaterThan(0);

    // Pause: once the runs already started have sent, nothing more goes out.
    expect((await api.post(`/api/campaigns/${id}/pause`)).body.status).toBe('paused');
    const paused = await until(() => campaign(id), (body) => body.counts.started === 0, 15_000);
    const sentWhilePaused = meta.sends('/messages').length;
    await sleep(1500);
    expect(meta.sends('/messages')).toHaveLength(sentWhilePaused);
    const stillPaused = await campaign(id);
    expect(stillPaused.counts.pending).toBe(paused.counts.pending);
    expect(stillPaused.counts.pending).toBeGreaterThan(0);
    expect((await api.request('POST', `/api/campaigns/${id}/pause`)).status).toBe(409);

    expect((await api.post(`/api/campaigns/${id}/resume`)).body.status).toBe('running');
    const done = await until(() => campaign(id), (body) => body.status === 'completed' && body.counts.sent === 990, 45_000);
    expect(done.counts).toEqual({ total: 1000, pending: 0, skippedOptedOut: 10, started: 0, sent: 990, delivered: 0, read: 0, failed: 0, cancelled: 0 });

    // Each of the 990 got its template once, with its own parameters; the opted-out got nothing.
    const sends = sendsTo(phones);
    expect(sends).toHaveLength(990);
    expect(new Set(sends.map((request) => request.body.to)).size).toBe(990);
    expect(sendsTo(optedOut)).toHaveLength(0);
    const fifth = sends.find((request) => String(request.body.to).endsWith('0000005'))!;
    expect(fifth.body.template.components[0].parameters.map((parameter: any) => parameter.text)).toEqual(['Customer 5', 'Berlin']);

    // Paced: the dispatcher starts at most the sender's rate a second (and two 250 ms ticks'
    // worth it may carry over), and the gateway's limiter lets through at most its rate plus a burst of one second.
    const busiest = (times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      let most = 0;
      for (let start = 0, end = 0; start < sorted.length; start++) {
        while (end < sorted.length && sorted[end]! < sorted[start]! + 1000) end++;
        most = Math.max(most, end - start);
      }
      return most;
    };
    const started = await engine.environment.sql<{ at: Date }>(`SELECT started_at AS at FROM campaign_recipients WHERE campaign_id = $1 AND started_at IS NOT NULL`, [id]);
    expect(started).toHaveLength(990);
    expect(busiest(started.map((row) => row.at.getTime()))).toBeLessThanOrEqual(RATE + RATE / 2);
    const times = sends.map((request) => request.at).sort((a, b) => a - b);
    expect(busiest(times)).toBeLessThanOrEqual(2 * RATE);
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(((990 - RATE) / RATE) * 1000);

    // Only the campaign's own flow ran.
    const runs = await engine.environment.sql<{ flow_id: string; n: number }>(
      `SELECT r.flow_id, count(*)::int AS n FROM runs r JOIN events e ON e.id = r.event_id WHERE e.external_id LIKE $1 GROUP BY r.flow_id`,
      [`campaign:${id}:%`],
    );
    expect(runs).toEqual([{ flow_id: created.body.flowId, n: 990 }]);
    expect((await api.get(`/api/runs?flowId=${bystander}`)).body.runs).toEqual([]);

    // Status webhooks: 100 read, 5 failed, the rest delivered.
    const messages = await engine.environment.sql<{ provider_message_id: string; customer_phone: string }>(
      `SELECT m.provider_message_id, m.customer_phone FROM messages m JOIN campaign_recipients r ON r.run_id = m.run_id WHERE r.campaign_id = $1 ORDER BY m.customer_phone`,
      [id],
    );
    expect(messages).toHaveLength(990);
    const statuses = messages.flatMap((message, index) =>
      index < 100
        ? [{ id: message.provider_message_id, status: 'delivered', recipient: message.customer_phone }, { id: message.provider_message_id, status: 'read', recipient: message.customer_phone }]
        : index < 105
          ? [{ id: message.provider_message_id, status: 'failed', recipient: message.customer_phone, errors: [{ code: 131026, title: 'Message undeliverable' }] }]
          : [{ id: message.provider_message_id, status: 'delivered', recipient: message.customer_phone }],
    );
    for (let start = 0; start < statuses.length; start += 100) expect((await signed(metaStatusPayload(PHONE_NUMBER_ID, statuses.slice(start, start + 100)))).status).toBe(200);
    const reported = await until(() => campaign(id), (body) => body.counts.delivered === 885 && body.counts.read === 100 && body.counts.failed === 5);
    expect(reported.counts).toEqual({ total: 1000, pending: 0, skippedOptedOut: 10, started: 0, sent: 0, delivered: 885, read: 100, failed: 5, cancelled: 0 });

    // The delivery funnel of the campaign says the same: 990 messages, 5 failed after acceptance.
    const funnel = (await api.get(`/api/analytics/messages?groupBy=campaign&campaignId=${id}`)).body;
    expect(funnel.groups).toHaveLength(1);
    expect(funnel.groups[0]).toMatchObject({ key: id, label: 'November offer', messages: 990, sent: 985, delivered: 985, read: 100, replied: 0, failed: 5 });
    expect(funnel.groups[0].failures).toEqual([{ code: 'RECIPIENT_UNAVAILABLE', count: 5 }]);

    const failed = await campaign(id, '?recipients=failed');
    expect(failed.recipients.map((recipient: any) => recipient.phone)).toEqual(messages.slice(100, 105).map((message) => message.customer_phone));
    expect(failed.recipients.every((recipient: any) => recipient.errorCode !== null && recipient.runId !== null)).toBe(true);
    const skipped = await campaign(id, '?recipients=skipped_opted_out');
    expect(skipped.recipients.map((recipient: any) => recipient.phone)).toEqual(optedOut);
    const page = await campaign(id, '?recipients=delivered&limit=500');
    expect(page.recipients).toHaveLength(500);
    expect((await campaign(id, `?recipients=delivered&limit=500&cursor=${encodeURIComponent(page.nextCursor)}`)).recipients).toHaveLength(385);

    const audit = (await api.get('/api/audit?action=campaign.pause')).body;
    expect(audit.entries.map((entry: any) => entry.target.id)).toContain(id);
    await api.post(`/api/flows/${bystander}/unpublish`);
  }, 120_000);

  it('refuses an invalid audience, naming each bad CSV row, and a template that is not approved or gets the wrong parameters', async () => {
    const base = { name: 'Bad', connectionId, template: 'november_offer', parameters: ['{{contact.name}}', 'x'] };
    const csv = 'phone,name,city\n+4915112345678,Anna,Berlin\nnot-a-phone,Bob,Köln\n,Carl,Bonn\n"+49 151 1234 5699","Dora, Dr.",Essen\n';
    const bad = await api.request('POST', '/api/campaigns', { ...base, audience: { csv } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: any) => detail.field)).toEqual(['audience.csv[line 3].phone', 'audience.csv[line 4].phone']);
    const badKey = await api.request('POST', '/api/campaigns', { ...base, audience: { csv: 'phone,bad key\n+4915112345678,x\n' } });
    expect(badKey.body.error.details[0].field).toBe('audience.csv[line 2].bad key');
    const noPhone = await api.request('POST', '/api/campaigns', { ...base, audience: { csv: 'name\nAnna\n' } });
    expect(noPhone.body.error.details[0]).toMatchObject({ field: 'audience.csv' });
    const rows = await api.request('POST', '/api/campaigns', { ...base, audience: { rows: [{ phone: '+4915112345678' }, { phone: '12' }] } });
    expect(rows.body.error.details.map((detail: any) => detail.field)).toEqual(['audience.rows[1].phone']);

    const audience = { rows: [{ phone: '+4915112345678' }] };
    const pending = await api.request('POST', '/api/campaigns', { ...base, template: 'draft_offer', parameters: ['x'], audience });
    expect(pending.body.error.details[0]).toMatchObject({ field: 'template' });
    const wrongCount = await api.request('POST', '/api/campaigns', { ...base, parameters: ['only one'], audience });
    expect(wrongCount.body.error.details[0]).toMatchObject({ field: 'parameters' });
    const badTemplate = await api.request('POST', '/api/campaigns', { ...base, parameters: ['{{contact.name', 'x'], audience });
    expect(badTemplate.body.error.details[0]).toMatchObject({ field: 'parameters.0' });
    const local = await api.request('POST', '/api/campaigns', { ...base, audience, sendAt: '2030-01-01T09:00' });
    expect(local.body.error.details[0]).toMatchObject({ field: 'timeZone' });
    const zone = await api.request('POST', '/api/campaigns', { ...base, audience, sendAt: '2030-01-01T09:00', timeZone: 'Mars/Olympus' });
    expect(zone.body.error.details[0]).toMatchObject({ field: 'timeZone' });
    const past = await api.request('POST', '/api/campaigns', { ...base, audience, sendAt: '2020-01-01T09:00:00Z' });
    expect(past.body.error.details[0]).toMatchObject({ field: 'sendAt' });
    const notCampaignFlow = await api.publish('Manual', { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] });
    const flow = await api.request('POST', '/api/campaigns', { ...base, audience, flowId: notCampaignFlow });
    expect(flow.body.error.details[0]).toMatchObject({ field: 'flowId' });
    await api.post(`/api/flows/${notCampaignFlow}/unpublish`);
    const other = await engine.otherWorkspace();
    const otherSender = await other.request('POST', '/api/campaigns', { ...base, audience });
    expect(otherSender.body.error.details[0]).toMatchObject({ field: 'connectionId' });
    expect(await engine.environment.sql(`SELECT id FROM campaigns WHERE name = 'Bad'`)).toEqual([]);
  });

  it('takes a segment of contacts by tags and attributes, scheduled in each contact\u2019s time zone, and cancels it before it starts', async () => {
    const imported = await api.post('/api/contacts/import', {
      csv: 'phone,name,tags,city,timezone\n+4915700000001,Ana,vip;newsletter,Berlin,Europe/Berlin\n+4915700000002,Ben,vip,Berlin,Asia/Kolkata\n+4915700000003,Cem,vip,Munich,America/New_York\n+4915700000004,Dan,newsletter,Berlin,\n',
    });
    expect(imported.body).toEqual({ imported: 4 });
    expect((await api.patch('/api/contacts/%2B4915700000004', { tags: { add: ['vip'] }, attributes: { timezone: 'America/New_York' } })).body).toMatchObject({ tags: ['newsletter', 'vip'], attributes: { city: 'Berlin', timezone: 'America/New_York' } });
    expect((await api.patch('/api/contacts/%2B4915700000001', { tags: { remove: ['newsletter'] }, attributes: { city: null } })).body).toMatchObject({ tags: ['vip'], attributes: { timezone: 'Europe/Berlin' } });
    expect((await api.get('/api/contacts?tag=vip&attribute.city=Berlin')).body.contacts.map((contact) => contact.phone)).toEqual(['+4915700000002', '+4915700000004']);
    expect((await api.request('PATCH', '/api/contacts/%2B4915700000004', { tags: ['bad tag'] })).status).toBe(400);

    const created = await api.post('/api/campaigns', {
      name: 'Berlin VIPs',
      connectionId,
      template: 'order_update',
      audience: { segment: { tags: ['vip'], attributes: { city: 'Berlin' } } },
      sendAt: '2030-06-01T09:00',
      timeZone: 'contact',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled', counts: { total: 2, pending: 2 } });
    const due = Object.fromEntries(created.body.recipients.map((recipient) => [recipient.phone, recipient.dueAt]));
    expect(due).toEqual({ '+4915700000002': '2030-06-01T03:30:00.000Z', '+4915700000004': '2030-06-01T13:00:00.000Z' });
    expect(created.body.sendAt).toBe('2030-06-01T03:30:00.000Z');

    const fixed = await api.post('/api/campaigns', { name: 'Fixed zone', connectionId, template: 'order_update', audience: { segment: { tags: ['newsletter'] } }, sendAt: '2030-06-01T09:00', timeZone: 'Europe/Berlin' });
    expect(fixed.body.recipients.map((recipient) => recipient.dueAt)).toEqual(['2030-06-01T07:00:00.000Z']);
    expect((await api.request('POST', '/api/campaigns', { name: 'Nobody', connectionId, template: 'order_update', audience: { segment: { tags: ['nobody'] } } })).body.error.details[0]).toMatchObject({ field: 'audience.segment' });

    const cancelled = await api.post(`/api/campaigns/${created.body.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', counts: { total: 2, pending: 0, cancelled: 2 } });
    expect((await api.request('POST', `/api/campaigns/${created.body.id}/resume`)).status).toBe(409);
    await api.post(`/api/campaigns/${fixed.body.id}/cancel`);
    expect(sendsTo(['+4915700000002', '+4915700000004'])).toHaveLength(0);
  });

  it("runs the steps a user adds after the send in the campaign's flow, and a contact.update step tags the contact", async () => {
    const created = await api.post('/api/campaigns', {
      name: 'Follow-up',
      connectionId,
      template: 'order_update',
      audience: { rows: [{ phone: '+4917600000001', name: 'Eva', plan: 'gold' }, { phone: '+4917600000002', name: 'Finn', plan: 'silver' }] },
      sendAt: new Date(Date.now() + 4000).toISOString(),
    });
    expect(created.body.status).toBe('scheduled');
    const flowId = created.body.flowId;
    const flow = (await api.get(`/api/flows/${flowId}`)).body;
    const graph = flow.graph as any;
    graph.nodes.push({ id: 'tag', type: 'contact.update', config: { addTags: ['campaign_sent'], attributes: { last_campaign: '{{trigger.campaign.name}}', plan_seen: '{{trigger.contact.attributes.plan}}' } } });
    graph.edges.push({ id: 'send-tag', source: 'send', target: 'tag' });
    expect((await api.put(`/api/flows/${flowId}`, { graph })).status).toBe(200);
    expect((await api.post(`/api/flows/${flowId}/publish`)).status).toBe(200);

    const done = await until(() => campaign(created.body.id), (body) => body.status === 'completed' && body.counts.sent === 2, 20_000);
    for (const recipient of done.recipients) {
      const run = await api.waitForRun(recipient.runId);
      expect(run.steps.map((step: any) => [step.nodeId, step.status])).toEqual([['campaign', 'succeeded'], ['send', 'succeeded'], ['tag', 'succeeded']]);
    }
    expect((await api.get('/api/contacts/%2B4917600000001')).body).toMatchObject({ name: 'Eva', tags: ['campaign_sent'], attributes: { plan: 'gold', last_campaign: 'Follow-up', plan_seen: 'gold' } });
    expect((await api.get('/api/contacts?tag=campaign_sent')).body.contacts.map((contact) => contact.phone)).toEqual(['+4917600000001', '+4917600000002']);
  }, 40_000);

  it('keeps a campaign to its workspace', async () => {
    const created = await api.post('/api/campaigns', { name: 'Private', connectionId, template: 'order_update', audience: { rows: [{ phone: '+4916000000001' }] }, sendAt: '2031-01-01T00:00:00Z' });
    const other = await engine.otherWorkspace();
    expect((await other.request('GET', `/api/campaigns/${created.body.id}`)).status).toBe(404);
    for (const action of ['pause', 'resume', 'cancel']) expect((await other.request('POST', `/api/campaigns/${created.body.id}/${action}`)).status).toBe(404);
    expect((await other.get('/api/campaigns')).body.campaigns).toEqual([]);
    expect((await other.request('GET', '/api/contacts/%2B4917600000001')).status).toBe(404);
    expect((await api.get('/api/campaigns')).body.campaigns.map((campaign) => campaign.id)).toContain(created.body.id);
    expect((await campaign(created.body.id)).status).toBe('scheduled');
    // Erasing the customer takes them out of the campaign too: nobody is left to send to.
    expect((await api.request('DELETE', '/api/contacts/%2B4916000000001')).status).toBe(200);
    expect((await campaign(created.body.id)).counts).toMatchObject({ total: 0, pending: 0 });
    await api.post(`/api/campaigns/${created.body.id}/cancel`);
  });
});
