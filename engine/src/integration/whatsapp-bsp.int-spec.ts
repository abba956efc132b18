import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAisensy, fakeHeltar, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** Heltar and AiSensy end to end, each against a local server that answers in its documented format. */
describe('WhatsApp through Heltar and AiSensy', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let heltar: FakeProvider;
  let aisensy: FakeProvider;

  const sendOnce = async (connectionId: string, config: Record<string, unknown>) => {
    const flowId = await api.publish(`Send via ${connectionId}`, {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { connectionId, to: '+919876543210', language: 'en', ...config } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    const run = await api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId);
    await api.post(`/api/flows/${flowId}/unpublish`);
    return run;
  };

  beforeAll(async () => {
    heltar = await fakeHeltar({ templates: [{ name: 'order_confirmation', body: 'Hi {{1}}, your order {{2}} is confirmed.' }] }).start();
    aisensy = await fakeAisensy().start();
    engine = await TestEngine.start();
    api = engine.api;
  });
  afterAll(async () => {
    await engine?.stop();
    await heltar?.stop();
    await aisensy?.stop();
  });

  it("sends a Heltar template as Heltar's messages[] without the +, and takes Heltar's forwarded webhooks with its header secret", async () => {
    const connectionId = (await api.post('/api/connections', { name: 'Heltar', provider: 'whatsapp.heltar', config: { apiKey: 'hk_live_test', webhookSecret: 'heltar-shared', baseUrl: heltar.url } })).body.id;
    const run = await sendOnce(connectionId, { template: 'order_confirmation', parameters: ['Riya', 'ORD-12345'] });
    expect(run.status).toBe('succeeded');
    const request = heltar.sends('/v1/messages/send')[0]!;
    expect(request.headers.authorization).toBe('Bearer hk_live_test');
    expect(request.body).toEqual({
      messages: [
        {
          clientWaNumber: '919876543210',
          messageType: 'template',
          templateName: 'order_confirmation',
          languageCode: 'en',
          variables: [{ type: 'body', parameters: [{ type: 'text', text: 'Riya' }, { type: 'text', text: 'ORD-12345' }] }],
          refId: `${run.id}:send:`,
        },
      ],
    });
    expect(stepOf(run, 'send').output.providerMessageId).toMatch(/^wamid\./);

    const payload = metaMessagesPayload('PHONE', [{ id: 'wamid.heltar-in', from: '+919876543210', text: 'Thanks!' }]);
    expect((await postWebhook(api.baseUrl, connectionId, payload, { 'x-switchboard-secret': 'wrong' })).status).toBe(401);
    expect((await postWebhook(api.baseUrl, connectionId, payload, {})).status).toBe(401);
    expect((await postWebhook(api.baseUrl, connectionId, payload, { 'x-switchboard-secret': 'heltar-shared' })).status).toBe(200);
    await expect
      .poll(async () => (await engine.environment.sql(`SELECT body FROM messages WHERE provider_message_id = 'wamid.heltar-in'`)).map((row: any) => row.body), { timeout: 5000 })
      .toEqual(['Thanks!']);
  });

  it('maps a Heltar per-message failure through the Meta code it carries', async () => {
    const connectionId = (await api.post('/api/connections', { name: 'Heltar 2', provider: 'whatsapp.heltar', config: { apiKey: 'hk_live_2', webhookSecret: 's', baseUrl: heltar.url } })).body.id;
    heltar.nextSends.push({ status: 206, body: { data: { success: {}, fail: { '0': { clientWaNumber: '919876543210', errorCode: 131026, errorData: 'Message undeliverable' } } } } });
    const run = await sendOnce(connectionId, { template: 'order_confirmation', parameters: ['Riya', 'ORD-1'] });
    expect(stepOf(run, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'RECIPIENT_UNAVAILABLE', retryable: false } });
  });

  it("sends an AiSensy Basic template as AiSensy's campaign body (a typed campaign name, no template list)", async () => {
    const connectionId = (await api.post('/api/connections', { name: 'AiSensy', provider: 'whatsapp.aisensy', config: { apiKey: 'aisensy-key', plan: 'basic', baseUrl: aisensy.url } })).body.id;
    expect((await api.get(`/api/connections/${connectionId}/templates`)).body).toMatchObject({ listable: false, templates: [] });
    const run = await sendOnce(connectionId, { template: 'order_update_api', parameters: ['Anna', 'ORD-1'], recipientName: 'Anna' });
    expect(run.status).toBe('succeeded');
    expect(aisensy.sends('/campaign/t1/api/v2')[0]!.body).toEqual({
      apiKey: 'aisensy-key',
      campaignName: 'order_update_api',
      destination: '+919876543210',
      userName: 'Anna',
      source: 'switchboard',
      templateParams: ['Anna', 'ORD-1'],
    });
    const pro = await api.post('/api/connections', { name: 'AiSensy Pro', provider: 'whatsapp.aisensy', config: { apiKey: 'k', plan: 'pro' } });
    expect(pro.status).toBe(400);
    expect(pro.body.error?.details).toEqual([{ field: 'config.projectId', message: expect.stringContaining('pro plan needs projectId') }]);
  });
});
