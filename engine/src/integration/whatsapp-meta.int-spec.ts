import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, metaSignature, metaStatusPayload, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const APP_SECRET = 'meta-app-secret';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** Meta Cloud API end to end: the engine talks to a local server that answers as Graph API does. */
describe('WhatsApp through Meta', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let connectionId: string;

  const signed = (payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };

  /** A published manual flow with one send node; returns a function that runs it with data. */
  const sender = async (name: string, node: Record<string, unknown>) => {
    const flowId = await api.publish(name, {
      nodes: [{ id: 'start', type: 'manual', config: {} }, { id: 'send', ...node }],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    return async (data: Record<string, unknown>) => api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data })).body.runId);
  };

  beforeAll(async () => {
    meta = await fakeMeta({
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      templates: [
        { name: 'appointment_confirmation', body: 'Hi {{1}}, your appointment is confirmed for {{2}} at {{3}}.' },
        { name: 'promo_offer', category: 'MARKETING', body: 'Hi {{1}}, 20% off this week!' },
        { name: 'draft_template', status: 'PENDING', body: 'Not yet' },
      ],
    }).start();
    engine = await TestEngine.start({ env: { DEFAULT_PHONE_COUNTRY: 'DE' } });
    api = engine.api;
    const created = await api.post('/api/connections', {
      name: 'Meta sender',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url },
    });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
  });
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it('keeps secrets write-only and says where the webhook goes', async () => {
    const { body } = await api.get(`/api/connections/${connectionId}`);
    expect(body).toMatchObject({ provider: 'whatsapp.meta', secrets: ['accessToken', 'appSecret', 'verifyToken'], webhookUrl: `https://flows.example.test/webhooks/whatsapp/${connectionId}` });
    expect(JSON.stringify(body)).not.toContain('EAAJB-test-token');
    expect(body.config).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v23.0', sendRatePerSecond: 80 });
    const [row] = await engine.environment.sql<{ config: unknown; secrets: string }>('SELECT config, secrets FROM connections WHERE id = $1', [connectionId]);
    expect(JSON.stringify(row)).not.toContain('EAAJB-test-token');
  });

  it("answers Meta's verification handshake only with the verify token", async () => {
    const verify = (token: string) => fetch(`${api.baseUrl}/webhooks/whatsapp/${connectionId}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    const ok = await verify('verify-me');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await verify('wrong')).status).toBe(403);
  });

  it('lists only approved templates, with their body, category and parameters', async () => {
    const { body } = await api.get(`/api/connections/${connectionId}/templates`);
    expect(body.templates.map((template: any) => template.name)).toEqual(['appointment_confirmation', 'promo_offer']);
    expect(body.templates[0]).toMatchObject({ language: 'en', category: 'UTILITY', parameterFormat: 'positional', parameters: ['1', '2', '3'] });
    const all = await api.get(`/api/connections/${connectionId}/templates?status=all`);
    expect(all.body.templates.find((template: any) => template.name === 'draft_template')!.status).toBe('PENDING');
  });

  it('starts a run per message of a signed, batched webhook, once however often it is delivered; refuses bad signatures', async () => {
    const flowId = await api.publish('Log inbound', {
      nodes: [
        { id: 'message', type: 'whatsapp.message_received', config: { connectionId } },
        { id: 'note', type: 'flow.set', config: { values: { said: '{{trigger.name}}: {{trigger.text}}' } } },
      ],
      edges: [{ id: 'e1', source: 'message', target: 'note' }],
    });
    const payload = metaMessagesPayload(PHONE_NUMBER_ID, [
      { id: 'wamid.in-1', from: '+4915112345678', name: 'Anna', text: 'Hallo!' },
      { id: 'wamid.in-2', from: '+14155551234', name: 'Alex', text: 'Hi there' },
    ]);
    const raw = JSON.stringify(payload);
    expect(await postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, 'another-secret') })).toMatchObject({ status: 401 });
    expect(await postWebhook(api.baseUrl, connectionId, raw, {})).toMatchObject({ status: 401 });
    expect(await postWebhook(api.baseUrl, connectionId, `${raw} `, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) })).toMatchObject({ status: 401 });

    for (let i = 0; i < 3; i++) expect(await signed(payload)).toEqual({ status: 200, body: { received: true } });
    const deadline = Date.now() + 10_000;
    let runs: any[] = [];
    while (Date.now() < deadline) {
      runs = (await api.get(`/api/runs?flowId=${flowId}`)).body.runs;
      const deliveries = await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'processed'`);
      if (deliveries[0]!.n === 3 && runs.length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(runs).toHaveLength(2);
    const notes = await Promise.all(runs.map(async (run) => stepOf(await api.waitForRun(run.id), 'note').output.said));
    expect(notes.sort()).toEqual(['Alex: Hi there', 'Anna: Hallo!']);
    const stored = await engine.environment.sql(`SELECT provider_message_id FROM messages WHERE direction = 'inbound' ORDER BY provider_message_id`);
    expect(stored).toEqual([{ provider_message_id: 'wamid.in-1' }, { provider_message_id: 'wamid.in-2' }]);
    const conversations = (await api.get(`/api/conversations?connectionId=${connectionId}`)).body.conversations;
    expect(conversations.map((conversation: any) => conversation.customer.phone).sort()).toEqual(['+14155551234', '+4915112345678']);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it("sends a template in Meta's format, normalising a national number with the default country", async () => {
    const send = await sender('Confirm', {
      type: 'whatsapp.send_template',
      config: { connectionId, template: 'appointment_confirmation', language: 'en', to: '{{trigger.phone}}', parameters: ['Anna', '25.11.', '10:30'] },
    });
    const before = meta.sends('/messages').length;
    const run = await send({ phone: '0151/12345678' });
    expect(run.status).toBe('succeeded');
    const request = meta.sends('/messages').at(-1)!;
    expect(meta.sends('/messages').length).toBe(before + 1);
    expect(request.path).toBe(`/v23.0/${PHONE_NUMBER_ID}/messages`);
    expect(request.headers.authorization).toBe('Bearer EAAJB-test-token');
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'template',
      template: {
        name: 'appointment_confirmation',
        language: { code: 'en', policy: 'deterministic' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Anna' }, { type: 'text', text: '25.11.' }, { type: 'text', text: '10:30' }] }],
      },
      biz_opaque_callback_data: `${run.id}:send:`,
    });
    expect(stepOf(run, 'send').output).toMatchObject({ to: '+4915112345678', providerMessageId: expect.stringMatching(/^wamid\./) });

    const invalid = await send({ phone: '12345' });
    expect(stepOf(invalid, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INVALID_PHONE', retryable: false } });
    expect(meta.sends('/messages').length).toBe(before + 1);
  });

  it('refuses a template with the wrong parameter count or not approved without calling Meta', async () => {
    const before = meta.sends('/messages').length;
    const wrongCount = await sender('Wrong count', {
      type: 'whatsapp.send_template',
      config: { connectionId, template: 'appointment_confirmation', language: 'en', to: '+14155551234', parameters: ['Anna'] },
    });
    expect(stepOf(await wrongCount({}), 'send').error).toMatchObject({ code: 'TEMPLATE_PARAMS_MISMATCH', retryable: false });
    const pending = await sender('Pending', { type: 'whatsapp.send_template', config: { connectionId, template: 'draft_template', language: 'en', to: '+14155551234' } });
    expect(stepOf(await pending({}), 'send').error).toMatchObject({ code: 'TEMPLATE_NOT_FOUND', message: expect.stringContaining('pending') });
    expect(meta.sends('/messages').length).toBe(before);
  });

  it.each([
    [132001, 404, 'TEMPLATE_NOT_FOUND'],
    [132000, 400, 'TEMPLATE_PARAMS_MISMATCH'],
    [131047, 400, 'OUTSIDE_24H_WINDOW'],
  ])('fails Meta error %i at once as %s', async (code, status, expected) => {
    const send = await sender(`Error ${code}`, {
      type: 'whatsapp.send_template',
      config: { connectionId, template: 'promo_offer', language: 'en', to: '+14155550199', parameters: ['Sam'] },
      retry: { attempts: 3, backoffMs: 50 },
    });
    meta.nextSends.push({ status, body: { error: { message: `(#${code}) error`, type: 'OAuthException', code, fbtrace_id: 'x' } } });
    const run = await send({});
    expect(stepOf(run, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: expected, retryable: false } });
    const [message] = (await api.get(`/api/messages?runId=${run.id}`)).body.messages;
    expect(message).toMatchObject({ status: 'failed', error: { code: expected } });
  });

  it.each([
    ['a rate limit (130429)', { status: 400, body: { error: { message: '(#130429) Rate limit hit', code: 130429 } } }, 'RATE_LIMITED'],
    ['an HTTP 429', { status: 429, body: { error: { message: 'Too many calls', code: 4 } } }, 'RATE_LIMITED'],
    ['an outage (HTTP 500)', { status: 500 }, 'PROVIDER_UNAVAILABLE'],
  ])('retries %s and ends in one delivered message', async (_label, failure, code) => {
    const send = await sender(`Retry ${code} ${failure.status}`, {
      type: 'whatsapp.send_template',
      config: { connectionId, template: 'appointment_confirmation', language: 'en', to: '+14155550123', parameters: ['A', 'B', 'C'] },
      retry: { attempts: 3, backoffMs: 200 },
    });
    const before = meta.sends('/messages').length;
    meta.nextSends.push(failure as never);
    const run = await send({});
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'send')).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(meta.sends('/messages').length).toBe(before + 2);
    const waitpoints = await engine.environment.sql<{ wait_ms: number }>(
      `SELECT (extract(epoch FROM wake_at - created_at) * 1000)::float8 AS wait_ms FROM waitpoints WHERE run_id = $1 AND kind = 'retry'`,
      [run.id],
    );
    expect(waitpoints).toHaveLength(1);
    expect(waitpoints[0]!.wait_ms).toBeGreaterThanOrEqual(150);

    const wamid = stepOf(run, 'send').output.providerMessageId;
    await signed(metaStatusPayload(PHONE_NUMBER_ID, [{ id: wamid, status: 'delivered', recipient: '+14155550123' }]));
    await expect.poll(async () => (await api.get(`/api/messages?runId=${run.id}`)).body.messages.map((m: any) => m.status), { timeout: 5000 }).toEqual(['delivered']);
  });

  it('moves delivery statuses only forward, once each, whatever order they arrive in', async () => {
    const send = await sender('Statuses', {
      type: 'whatsapp.send_template',
      config: { connectionId, template: 'appointment_confirmation', language: 'en', to: '+14155550777', parameters: ['A', 'B', 'C'] },
    });
    const run = await send({});
    const wamid = stepOf(run, 'send').output.providerMessageId;
    const status = async () => (await api.get(`/api/messages?runId=${run.id}`)).body.messages[0].status;
    await signed(metaStatusPayload(PHONE_NUMBER_ID, [{ id: wamid, status: 'read', recipient: '+14155550777' }]));
    await expect.poll(status, { timeout: 5000 }).toBe('read');
    await signed(metaStatusPayload(PHONE_NUMBER_ID, [{ id: wamid, status: 'delivered', recipient: '+14155550777' }, { id: wamid, status: 'sent', recipient: '+14155550777' }]));
    await signed(metaStatusPayload(PHONE_NUMBER_ID, [{ id: wamid, status: 'read', recipient: '+14155550777' }]));
    await expect.poll(async () => (await engine.environment.sql(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'received'`))[0]!.n, { timeout: 5000 }).toBe(0);
    expect(await status()).toBe('read');
    const recorded = await engine.environment.sql(`SELECT status FROM message_statuses WHERE provider_message_id = $1 ORDER BY status`, [wamid]);
    expect(recorded).toEqual([{ status: 'delivered' }, { status: 'read' }, { status: 'sent' }]);
  });

  it('sends free-form text 23 hours after the customer last wrote, and refuses it at 25 hours without calling Meta', async () => {
    const hour = 60 * 60 * 1000;
    await signed(
      metaMessagesPayload(PHONE_NUMBER_ID, [
        { id: 'wamid.window-23', from: '+14155550023', text: 'Question', at: new Date(Date.now() - 23 * hour) },
        { id: 'wamid.window-25', from: '+14155550025', text: 'Question', at: new Date(Date.now() - 25 * hour) },
      ]),
    );
    await expect.poll(async () => (await engine.environment.sql(`SELECT count(*)::int AS n FROM messages WHERE provider_message_id LIKE 'wamid.window-%'`))[0]!.n, { timeout: 5000 }).toBe(2);
    const reply = await sender('Reply', { type: 'whatsapp.send_text', config: { connectionId, to: '{{trigger.phone}}', message: 'Thanks for your message!' } });

    const inside = await reply({ phone: '+14155550023' });
    expect(inside.status).toBe('succeeded');
    expect(meta.sends('/messages').at(-1)!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550023',
      type: 'text',
      text: { body: 'Thanks for your message!', preview_url: false },
      biz_opaque_callback_data: `${inside.id}:send:`,
    });

    const sendsBefore = meta.sends('/messages').length;
    const outside = await reply({ phone: '+14155550025' });
    expect(stepOf(outside, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'OUTSIDE_24H_WINDOW', retryable: false } });
    expect(meta.sends('/messages').length).toBe(sendsBefore);
  });

  it('takes template status changes from the webhook', async () => {
    const before = (await api.get(`/api/connections/${connectionId}/templates`)).body.templates.map((template: any) => template.name);
    expect(before).toContain('promo_offer');
    await signed({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA_ID,
          changes: [
            {
              field: 'message_template_status_update',
              value: { event: 'PAUSED', message_template_id: 1001, message_template_name: 'promo_offer', message_template_language: 'en', reason: 'LOW_QUALITY' },
            },
          ],
        },
      ],
    });
    await expect
      .poll(async () => (await api.get(`/api/connections/${connectionId}/templates`)).body.templates.map((template: any) => template.name), { timeout: 5000 })
      .toEqual(['appointment_confirmation']);
  });

  it('fails a send from a sender whose health says it cannot send with SENDER_OFFLINE (retryable)', async () => {
    const blocked = await fakeMeta({ phoneNumberId: '200000000000001', wabaId: WABA_ID, canSend: 'BLOCKED', templates: [{ name: 'appointment_confirmation', body: 'Hi {{1}} {{2}} {{3}}' }] }).start();
    try {
      const blockedId = (
        await api.post('/api/connections', {
          name: 'Blocked sender',
          provider: 'whatsapp.meta',
          config: { accessToken: 'EAA-blocked', phoneNumberId: '200000000000001', wabaId: WABA_ID, appSecret: 's', verifyToken: 'v', baseUrl: blocked.url },
        })
      ).body.id;
      const send = await sender('Blocked', {
        type: 'whatsapp.send_template',
        config: { connectionId: blockedId, template: 'appointment_confirmation', to: '+14155550999', parameters: ['A', 'B', 'C'] },
        retry: { attempts: 1 },
      });
      const run = await send({});
      expect(stepOf(run, 'send').error).toMatchObject({ code: 'SENDER_OFFLINE', retryable: true, message: expect.stringContaining('restricted') });
      expect(blocked.sends('/messages')).toHaveLength(0);
    } finally {
      await blocked.stop();
    }
  });
});
