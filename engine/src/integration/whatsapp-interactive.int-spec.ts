import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, metaSignature, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242933';
const WABA_ID = '102290129340399';
const APP_SECRET = 'meta-app-secret';
const CUSTOMER = '+14155550161';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** manual → wait for a button tap of `from` → `confirmed` (yes), `declined` (no), `unclear` (other). */
function buttonQuestion(connectionId: string, from: string) {
  return {
    nodes: [
      { id: 'start', type: 'manual', config: {} },
      { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId, from, timeoutMinutes: 10, buttons: ['yes', 'no'] } },
      { id: 'confirmed', type: 'flow.set', config: { values: { answer: 'yes' } } },
      { id: 'declined', type: 'flow.set', config: { values: { answer: 'no' } } },
      { id: 'unclear', type: 'flow.set', config: { values: { answer: '{{steps.wait.message.text}}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'wait' },
      { id: 'e2', source: 'wait', sourceHandle: 'yes', target: 'confirmed' },
      { id: 'e3', source: 'wait', sourceHandle: 'no', target: 'declined' },
      { id: 'e4', source: 'wait', sourceHandle: 'other', target: 'unclear' },
    ],
  };
}

/** A Meta webhook of one interactive button reply. */
function buttonReplyPayload(phoneNumberId: string, from: string, id: string, title: string) {
  const payload = metaMessagesPayload(phoneNumberId, [{ id: `wamid.reply-${id}-${Date.now()}`, from, text: title }]);
  const message = payload.entry[0]!.changes[0]!.value.messages[0]! as Record<string, unknown>;
  delete message.text;
  Object.assign(message, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } });
  return payload;
}

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
    expect((await api.get(`/api/messages?runId=${image.id}`)).body.messages).toMatchObject([{ interactive: null, media: { kind: 'image', url: 'https://example.com/map.png', caption: 'How to find us' } }]);

    const document = await (await sender('Document', { type: 'whatsapp.send_media', config: { connectionId, to: CUSTOMER, kind: 'document', url: 'https://example.com/i.pdf', filename: 'invoice.pdf' } }))();
    expect(meta.sends('/messages').at(-1)!.body).toEqual({ ...envelope(document.id), type: 'document', document: { link: 'https://example.com/i.pdf', filename: 'invoice.pdf' } });
  });

  it('refuses a static limit violation at publish, and a rendered one before any request to Meta, naming the field', async () => {
    const tooLong = { type: 'whatsapp.send_interactive', config: { connectionId, to: CUSTOMER, body: 'Pick one', buttons: [{ id: 'a', title: 'An answer far too long for a button' }] } };
    const published = await api.publish('Too long', { nodes: [{ id: 'start', type: 'manual', config: {} }, { id: 'send', ...tooLong }], edges: [{ id: 'e1', source: 'start', target: 'send' }] }).catch((error: Error & { details?: unknown }) => error);
    expect(published).toMatchObject({ message: expect.stringContaining('cannot be published') });
    expect(JSON.stringify((published as { details?: unknown }).details)).toContain('buttons[0].title has 35 characters; WhatsApp allows at most 20');
    const validated = await api.post('/api/flows/validate', { graph: { nodes: [{ id: 'start', type: 'manual', config: {} }, { id: 'send', ...tooLong }], edges: [{ id: 'e1', source: 'start', target: 'send' }] } });
    expect(JSON.stringify(validated.body)).toContain('buttons[0].title has 35 characters; WhatsApp allows at most 20');

    const before = meta.requests.length;
    const flowId = await api.publish('Too long when rendered', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'send', type: 'whatsapp.send_interactive', config: { connectionId, to: CUSTOMER, body: 'Pick one', buttons: [{ id: 'a', title: '{{trigger.answer}}' }] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    const run = await api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: { answer: 'An answer far too long for a button' } })).body.runId);
    expect(stepOf(run, 'send')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'CONFIG_INVALID', retryable: false } });
    expect(stepOf(run, 'send').error.message).toContain('buttons[0].title has 35 characters');
    expect(meta.requests.length).toBe(before);
  });

  it('stores the message as the text the customer sees, so the conversation log shows it', async () => {
    const rows = await engine.environment.sql<{ body: string }>(`SELECT body FROM messages WHERE connection_id = $1 AND direction = 'outbound' AND body LIKE '%[Yes] [No]%'`, [connectionId]);
    expect(rows[0]?.body).toBe('*Your appointment*\nCan you make it on Wednesday?\n_Reply any time_\n[Yes] [No]');
  });

  const startWaiting = async (connection: string, from: string) => {
    const flowId = await api.publish(`Question ${from}`, buttonQuestion(connection, from));
    const runId = (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId;
    await api.waitForRun(runId, (run) => stepOf(run, 'wait')?.status === 'waiting');
    return runId;
  };

  it('resumes the handle of the tapped button when a signed Meta button reply arrives', async () => {
    const runId = await startWaiting(connectionId, CUSTOMER);
    const answered = await signed(buttonReplyPayload(PHONE_NUMBER_ID, CUSTOMER, 'no', 'No'));
    expect(answered.status).toBe(200);
    const run = await api.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'wait')).toMatchObject({ status: 'succeeded', handle: 'no', output: { outcome: 'button', button: 'no', message: { text: 'No', type: 'interactive', reply: { kind: 'button', id: 'no', title: 'No' } } } });
    expect(stepOf(run, 'declined').status).toBe('succeeded');
    expect(stepOf(run, 'confirmed').status).toBe('skipped');
    expect(stepOf(run, 'unclear').status).toBe('skipped');
  });

  it('takes "other" for a typed reply', async () => {
    const runId = await startWaiting(connectionId, CUSTOMER);
    await signed(metaMessagesPayload(PHONE_NUMBER_ID, [{ id: `wamid.typed-${Date.now()}`, from: CUSTOMER, text: 'Maybe Thursday?' }]));
    const run = await api.waitForRun(runId);
    expect(stepOf(run, 'wait')).toMatchObject({ handle: 'other', output: { outcome: 'other', button: null } });
    expect(stepOf(run, 'unclear').output).toEqual({ answer: 'Maybe Thursday?' });
  });

  it('on the sandbox: shows the buttons as text and resumes the tapped one', async () => {
    const sandbox = await api.sandbox();
    const customer = '+14155550162';
    // The customer writes first, opening the window.
    expect((await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer, text: 'Hi' })).status).toBe(202);
    const send = await (await sender('Sandbox buttons', { type: 'whatsapp.send_interactive', config: { connectionId: sandbox, to: customer, body: 'Still on for Wednesday?', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] } }))();
    expect(send.status).toBe('succeeded');
    const [stored] = await engine.environment.sql<{ body: string }>(`SELECT body FROM messages WHERE connection_id = $1 AND direction = 'outbound' ORDER BY created_at DESC LIMIT 1`, [sandbox]);
    expect(stored?.body).toBe('Still on for Wednesday?\n[Yes] [No]');
    // The message API gives the simulator the buttons themselves, beside the text.
    const listed = (await api.get(`/api/messages?runId=${send.id}`)).body.messages;
    expect(listed).toMatchObject([{ kind: 'text', text: 'Still on for Wednesday?\n[Yes] [No]', parameters: null, media: null, interactive: { body: 'Still on for Wednesday?', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] } }]);

    const runId = await startWaiting(sandbox, customer);
    const tapped = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer, text: 'Yes', buttonId: 'yes' });
    expect(tapped.status).toBe(202);
    const run = await api.waitForRun(runId);
    expect(stepOf(run, 'wait')).toMatchObject({ handle: 'yes', output: { button: 'yes', message: { text: 'Yes', reply: { kind: 'button', id: 'yes', title: 'Yes' } } } });
    expect(stepOf(run, 'confirmed').status).toBe('succeeded');
  });
});
