import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, metaSignature, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242933';
const WABA_ID = '102290129340399';
const APP_SECRET = 'meta-app-secret';
const CUSTOMER = '+14155550161';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** Interactive and media messages through Meta: the engine talks to a local server that answers as Graph API does. */
describe('WhatsApp interactive and media messages through Meta', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let connectionId: string;

  const signed = (payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };

  /** A published manual flow with one send node; returns a function that runs it. */
  const sender = async (name: string, node: Record<string, unknown>) => {
    const flowId = await api.publish(name, {
      nodes: [{ id: 'start', type: 'manual', config: {} }, { id: 'send', ...node }],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    return async () => api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId);
  };

  const envelope = (runId: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '14155550161', biz_opaque_callback_data: `${runId}:send:` });

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [] }).start();
    engine = await TestEngine.start();
    api = engine.api;
    const created = await api.post('/api/connections', {
      name: 'Meta sender (interactive)',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url },
    });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
    // The customer wrote a minute ago: the 24-hour window is open.
    await signed(metaMessagesPayload(PHONE_NUMBER_ID, [{ id: 'wamid.interactive-open', from: CUSTOMER, text: 'Hi', at: new Date(Date.now() - 60_000) }]));
    for (let i = 0; i < 50; i++) {
      const [row] = await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE provider_message_id = 'wamid.interactive-open'`);
      if (row?.n === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it("sends reply buttons in Meta's documented body", async () => {
    const send = await sender('Buttons', {
      type: 'whatsapp.send_interactive',
      config: { connectionId, to: CUSTOMER, header: 'Your appointment', body: 'Can you make it on Wednesday?', footer: 'Reply any time', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] },
    });
    const run = await send();
    expect(run.status).toBe('succeeded');
    expect(meta.sends('/messages').at(-1)!.body).toEqual({
      ...envelope(run.id),
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Your appointment' },
        body: { text: 'Can you make it on Wednesday?' },
        footer: { text: 'Reply any time' },
        action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] },
      },
    });
    expect(stepOf(run, 'send').output).toMatchObject({ to: CUSTOMER, providerMessageId: expect.stringMatching(/^wamid\./) });
  });

  it("sends a list in Meta's documented body", async () => {
    const list = { button: 'Choose a time', sections: [{ title: 'Wednesday', rows: [{ id: 'wed_9', title: '9:00', description: 'With Dr. Lee' }, { id: 'wed_14', title: '14:00' }] }] };
    const run = await (await sender('List', { type: 'whatsapp.send_interactive', config: { connectionId, to: CUSTOMER, body: 'When suits you?', list } }))();
    expect(run.status).toBe('succeeded');
    expect(meta.sends('/messages').at(-1)!.body).toEqual({
      ...envelope(run.id),
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'When suits you?' }, action: { button: 'Choose a time', sections: list.sections } },
    });
  });

  it("sends a CTA URL button in Meta's documented body", async () => {
    const run = await (await sender('CTA', { type: 'whatsapp.send_interactive', config: { connectionId, to: CUSTOMER, body: 'Your invoice is ready.', cta: { text: 'Pay now', url: 'https://example.com/pay/1' } } }))();
    expect(run.status).toBe('succeeded');
    expect(meta.sends('/messages').at(-1)!.body).toEqual({
      ...envelope(run.id),
      type: 'interactive',
      interactive: { type: 'cta_url', body: { text: 'Your invoice is ready.' }, action: { name: 'cta_url', parameters: { display_text: 'Pay now', url: 'https://example.com/pay/1' } } },
    });
  });

  it("sends an image with its caption and a document with its file name in Meta's documented body", async () => {
    const image = await (await sender('Image', { type: 'whatsapp.send_media', config: { connectionId, to: CUSTOMER, kind: 'image', url: 'https://example.com/map.png', caption: 'How to find us' } }))();
    expect(image.status).toBe('succeeded');
    expect(meta.sends('/messages').at(-1)!.body).toEqual({ ...envelope(image.id), type: 'image', image: { link: 'https://example.com/map.png', caption: 'How to find us' } });

    const document = await (await sender('Document', { type: 'whatsapp.send_media', config: { connectionId, to: CUSTOMER, kind: 'document', url: 'https://example.com/i.pdf', filename: 'invoice.pdf' } }))();
    expect(meta.sends('/messages').at(-1)!.body).toEqual({ ...envelope(document.id), type: 'document', document: { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' } });
  });

  it('fails a limit violation before any request to Meta, naming the field', async () => {
    const before = meta.requests.length;
    const run = await (await sender('Too long', {
      type: 'whatsapp.send_interactive',
      config: { connectionId, to: CUSTOMER, body: 'Pick one', buttons: [{ id: 'a', title: 'An answer far too long for a button' }] },
    }))();
    expect(stepOf(run, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'CONFIG_INVALID', retryable: false } });
    expect(stepOf(run, 'send').error.message).toContain('buttons[0].title has 35 characters');
    expect(meta.requests.length).toBe(before);
  });

  it('stores the message as the text the customer sees, so the conversation log shows it', async () => {
    const rows = await engine.environment.sql<{ body: string }>(`SELECT body FROM messages WHERE connection_id = $1 AND direction = 'outbound' AND body LIKE '%[Yes] [No]%'`, [connectionId]);
    expect(rows[0]?.body).toBe('*Your appointment*\nCan you make it on Wednesday?\n_Reply any time_\n[Yes] [No]');
  });
});
