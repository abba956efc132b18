import type { CreateTemplateInput } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeHeltar, fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaSignature, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242923';
const WABA_ID = '102290129340399';
const APP_SECRET = 'template-app-secret';

/** A template as the editor's form sends it: a text header with a parameter, a positional body, footer and three kinds of button. */
const ORDER_UPDATE: CreateTemplateInput = {
  name: 'order_update',
  category: 'UTILITY',
  language: 'en_US',
  parameterFormat: 'positional',
  header: { format: 'TEXT', text: 'Order {{1}}', example: 'ORD-1' },
  body: 'Hi {{1}}, your order {{2}} ships on {{3}}.',
  bodyExamples: ['Anna', 'ORD-1', 'Monday'],
  footer: 'Reply STOP to opt out',
  buttons: [
    { type: 'QUICK_REPLY', text: 'Track it' },
    { type: 'URL', text: 'Open shop', url: 'https://shop.example.com/orders' },
    { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+14155550123' },
  ],
};

/** A Meta WABA webhook (`message_template_status_update` or `…_quality_update`) as its reference page shows it. */
function templateWebhook(field: 'message_template_status_update' | 'message_template_quality_update', value: Record<string, unknown>, wabaId = WABA_ID) {
  return { object: 'whatsapp_business_account', entry: [{ id: wabaId, time: Math.floor(Date.now() / 1000), changes: [{ field, value }] }] };
}

/**
 * A template's life: created in Switchboard, submitted to (a local) Meta in Meta's own format,
 * then approved, rejected and rated by Meta's signed webhooks; the sandbox approves on its own.
 */
describe('the template lifecycle', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let metaId: string;

  const signed = (payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, metaId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };
  const all = async (connectionId: string) => (await api.get(`/api/connections/${connectionId}/templates?status=all`)).body.templates;
  const one = async (connectionId: string, name: string) => (await all(connectionId)).find((template) => template.name === name);

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [{ name: 'existing_one', body: 'Hello {{1}}' }] }).start();
    // A long sandbox review: the test moves its instant instead of waiting for it.
    engine = await TestEngine.start({ env: { SANDBOX_TEMPLATE_APPROVAL_MS: '600000' } });
    api = engine.api;
    metaId = (
      await api.post('/api/connections', {
        name: 'Meta sender',
        provider: 'whatsapp.meta',
        config: { accessToken: 'EAAJB-template-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify', baseUrl: meta.url },
      })
    ).body.id;
    await api.post(`/api/connections/${metaId}/templates/sync`);
  });
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it("submits a new template to Meta in Meta's format and stores it as Meta answered: pending, not offered to send nodes", async () => {
    const created = await api.post(`/api/connections/${metaId}/templates`, ORDER_UPDATE);
    expect(created.status).toBe(201);
    expect(created.body.template).toMatchObject({ name: 'order_update', language: 'en_US', status: 'PENDING', category: 'UTILITY', parameters: ['1', '2', '3'], rejectionReason: null, quality: null });
    expect(created.body.template.submittedAt).toEqual(expect.any(String));

    const [request] = meta.sends('/message_templates');
    expect(request!.path).toBe(`/v23.0/${WABA_ID}/message_templates`);
    expect(request!.headers.authorization).toBe('Bearer EAAJB-template-token');
    expect(request!.body).toEqual({
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['ORD-1'] } },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships on {{3}}.', example: { body_text: [['Anna', 'ORD-1', 'Monday']] } },
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Track it' },
            { type: 'URL', text: 'Open shop', url: 'https://shop.example.com/orders' },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+14155550123' },
          ],
        },
      ],
    });
    expect((await one(metaId, 'order_update'))!.components).toEqual(request!.body.components);
    const offered = (await api.get(`/api/connections/${metaId}/templates`)).body.templates.map((template) => template.name);
    expect(offered).toEqual(['existing_one']);

    const audit = (await api.get('/api/audit?action=template.create')).body.entries;
    expect(audit[0]).toMatchObject({ action: 'template.create', target: { kind: 'template', name: 'order_update' } });
  });

  it('sends named parameters with their names and examples', async () => {
    const created = await api.post(`/api/connections/${metaId}/templates`, {
      name: 'welcome_named',
      category: 'MARKETING',
      language: 'en',
      parameterFormat: 'named',
      body: 'Welcome {{first_name}}, your code is {{promo_code}}.',
      bodyExamples: { first_name: 'Anna', promo_code: 'SPRING' },
    });
    expect(created.status).toBe(201);
    expect(created.body.template.parameters).toEqual(['first_name', 'promo_code']);
    expect(meta.sends('/message_templates').at(-1)!.body).toEqual({
      name: 'welcome_named',
      language: 'en',
      category: 'MARKETING',
      parameter_format: 'NAMED',
      components: [
        {
          type: 'BODY',
          text: 'Welcome {{first_name}}, your code is {{promo_code}}.',
          example: { body_text_named_params: [{ param_name: 'first_name', example: 'Anna' }, { param_name: 'promo_code', example: 'SPRING' }] },
        },
      ],
    });
  });

  it("turns APPROVED by Meta's signed status webhook, and is then offered to send nodes", async () => {
    // An update for a template the sender does not have, and one for another WABA, change nothing and fail nothing.
    expect(await signed(templateWebhook('message_template_status_update', { event: 'APPROVED', message_template_id: 9999, message_template_name: 'unknown_one', message_template_language: 'en' }))).toMatchObject({ status: 200 });
    expect(
      await signed(templateWebhook('message_template_status_update', { event: 'REJECTED', message_template_id: 5000, message_template_name: 'order_update', message_template_language: 'en_US', reason: 'SCAM' }, '777000111')),
    ).toMatchObject({ status: 200 });
    expect(
      await signed(templateWebhook('message_template_status_update', { event: 'APPROVED', message_template_id: 5000, message_template_name: 'order_update', message_template_language: 'en_US', reason: 'NONE', message_template_category: 'UTILITY' })),
    ).toMatchObject({ status: 200 });

    await expect.poll(async () => (await one(metaId, 'order_update'))!.status, { timeout: 10_000 }).toBe('APPROVED');
    expect((await one(metaId, 'order_update'))!.rejectionReason).toBeNull();
    const offered = (await api.get(`/api/connections/${metaId}/templates`)).body.templates.map((template) => template.name);
    expect(offered).toEqual(['existing_one', 'order_update']);
    await expect.poll(async () => (await engine.environment.sql<{ status: string }>(`SELECT status FROM webhook_deliveries WHERE connection_id = $1`, [metaId])).map((row) => row.status), { timeout: 10_000 }).toEqual([
      'processed',
      'processed',
      'processed',
    ]);
  });

  it('turns REJECTED with its reason, by name and language, and shows the reason', async () => {
    await signed(
      templateWebhook('message_template_status_update', {
        event: 'REJECTED',
        message_template_id: 5001,
        message_template_name: 'welcome_named',
        message_template_language: 'en',
        reason: 'INVALID_FORMAT',
        message_template_category: 'MARKETING',
        rejection_info: { reason: 'Variable parameters are not allowed at the end', recommendation: 'Add text after the last parameter' },
      }),
    );
    await expect.poll(async () => (await one(metaId, 'welcome_named'))!.status, { timeout: 10_000 }).toBe('REJECTED');
    expect((await one(metaId, 'welcome_named'))!.rejectionReason).toBe('INVALID_FORMAT: Variable parameters are not allowed at the end');
    expect((await api.get(`/api/connections/${metaId}/templates`)).body.templates.map((template) => template.name)).not.toContain('welcome_named');
  });

  it("takes the quality score from Meta's quality webhook", async () => {
    await signed(
      templateWebhook('message_template_quality_update', {
        previous_quality_score: 'UNKNOWN',
        new_quality_score: 'YELLOW',
        message_template_id: 5000,
        message_template_name: 'order_update',
        message_template_language: 'en_US',
      }),
    );
    await expect.poll(async () => (await one(metaId, 'order_update'))!.quality, { timeout: 10_000 }).toBe('YELLOW');
    expect((await one(metaId, 'welcome_named'))!.quality).toBeNull();
  });

  it('refuses a template Meta would refuse for its form, naming every field', async () => {
    const answer = await api.request('POST', `/api/connections/${metaId}/templates`, {
      name: 'Order Update',
      category: 'PROMO',
      language: 'english',
      parameterFormat: 'positional',
      header: { format: 'IMAGE' },
      body: 'Hi {{1}}, see you {{3}}',
      bodyExamples: ['Anna', ''],
      footer: 'x'.repeat(61),
      buttons: Array.from({ length: 11 }, (_, index) => ({ type: 'QUICK_REPLY', text: `Option ${index}` })),
    });
    expect(answer.status).toBe(400);
    const fields = (answer.body.error.details as Array<{ field: string }>).map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'category', 'language', 'footer', 'buttons']));
    const examples = await api.request('POST', `/api/connections/${metaId}/templates`, {
      name: 'two_params',
      category: 'UTILITY',
      language: 'en',
      header: { format: 'IMAGE' },
      body: 'Hi {{1}}, see you {{3}}',
      bodyExamples: ['Anna', ''],
      buttons: [{ type: 'URL', text: 'Go' }, { type: 'PHONE_NUMBER', text: 'Call', phoneNumber: 'call me' }],
    });
    expect(examples.status).toBe(400);
    expect(examples.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'body', message: expect.stringContaining('{{2}} is missing') },
        { field: 'bodyExamples[1]', message: expect.stringContaining('empty') },
        { field: 'header.example', message: expect.stringContaining('example media') },
        { field: 'buttons[0].url', message: expect.any(String) },
        { field: 'buttons[1].phoneNumber', message: expect.any(String) },
      ]),
    );
    const named = await api.request('POST', `/api/connections/${metaId}/templates`, { name: 'named_missing', category: 'UTILITY', language: 'en', parameterFormat: 'named', body: 'Hi {{first_name}} {{Last}}', bodyExamples: {} });
    expect(named.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'body', message: expect.stringContaining('{{Last}}') },
        { field: 'bodyExamples.first_name', message: expect.stringContaining('needs an example') },
      ]),
    );
    expect(meta.sends('/message_templates')).toHaveLength(2);
  });

  it('answers 409 for a name and language the sender already has, and submits nothing', async () => {
    const again = await api.request('POST', `/api/connections/${metaId}/templates`, ORDER_UPDATE);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const synced = await api.request('POST', `/api/connections/${metaId}/templates`, { name: 'existing_one', category: 'UTILITY', language: 'en', body: 'Hello {{1}}', bodyExamples: ['Anna'] });
    expect(synced.status).toBe(409);
    expect(meta.sends('/message_templates')).toHaveLength(2);
  });

  it('answers 422 for a provider without a create API (Heltar)', async () => {
    const heltar = await fakeHeltar({ templates: [] }).start();
    try {
      const heltarId = (await api.post('/api/connections', { name: 'Heltar', provider: 'whatsapp.heltar', config: { apiKey: 'h', webhookSecret: 'hs', baseUrl: heltar.url } })).body.id;
      const answer = await api.request('POST', `/api/connections/${heltarId}/templates`, { ...ORDER_UPDATE, name: 'on_heltar' });
      expect(answer.status).toBe(422);
      expect(answer.body.error.message).toContain('cannot create templates');
      expect(heltar.requests).toHaveLength(0);
    } finally {
      await heltar.stop();
    }
  });

  it('lets a sandbox sender approve a new template on its own, from the stored instant (a restart loses nothing), then send it', async () => {
    const sandboxId = await api.sandbox('Template sandbox');
    const created = await api.post(`/api/connections/${sandboxId}/templates`, { name: 'sandbox_hello', category: 'UTILITY', language: 'en', body: 'Hello {{1}}!', bodyExamples: ['Anna'] });
    expect(created.status).toBe(201);
    expect(created.body.template.status).toBe('PENDING');
    const [row] = await engine.environment.sql<{ due: number }>(
      `SELECT extract(epoch FROM auto_approve_at - submitted_at)::int AS due FROM message_templates WHERE connection_id = $1 AND name = 'sandbox_hello'`,
      [sandboxId],
    );
    expect(row!.due).toBe(600);
    expect((await api.get(`/api/connections/${sandboxId}/templates`)).body.templates.map((template) => template.name)).not.toContain('sandbox_hello');
    // A sync keeps it: the sandbox never lists what was created on it.
    await api.post(`/api/connections/${sandboxId}/templates/sync`);
    expect((await one(sandboxId, 'sandbox_hello'))!.status).toBe('PENDING');

    // The review is due: no timer in this process knew about it.
    await engine.environment.sql(`UPDATE message_templates SET auto_approve_at = now() - interval '1 second' WHERE connection_id = $1 AND name = 'sandbox_hello'`, [sandboxId]);
    const approved = (await api.get(`/api/connections/${sandboxId}/templates`)).body.templates.find((template) => template.name === 'sandbox_hello');
    expect(approved).toMatchObject({ status: 'APPROVED', parameters: ['1'] });

    const flowId = await api.publish('Send the new template', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { connectionId: sandboxId, template: 'sandbox_hello', language: 'en', to: '+14155550777', parameters: ['Anna'] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    const run = await api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId);
    expect(run.status).toBe('succeeded');
  });
});
