import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload, metaSignature, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const PHONE_NUMBER_ID = '106540352242944';
const WABA_ID = '102290129340411';
const APP_SECRET = 'meta-app-secret-media';
const CUSTOMER = '+14155550171';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** A Meta webhook of one message of `type` with its object (reference/whatsapp.md §2.3), from `from`. */
function inboundPayload(from: string, id: string, type: string, content: Record<string, unknown>) {
  const payload = metaMessagesPayload(PHONE_NUMBER_ID, [{ id, from, text: '' }]);
  const message = payload.entry[0]!.changes[0]!.value.messages[0]! as Record<string, unknown>;
  delete message.text;
  Object.assign(message, { type, ...content });
  return payload;
}

/** Media, location and contact messages through Meta: the engine talks to a local server that answers as Graph API does. */
describe('WhatsApp media, locations and contacts through Meta', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let meta: FakeProvider;
  let connectionId: string;

  const signed = (payload: unknown) => {
    const raw = JSON.stringify(payload);
    return postWebhook(api.baseUrl, connectionId, raw, { 'x-hub-signature-256': metaSignature(raw, APP_SECRET) });
  };

  /** Polls Postgres until `query` returns a row (the webhook is processed from the queue). */
  const eventually = async <T extends Record<string, unknown>>(query: string, params: unknown[]): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const [row] = await engine.environment.sql<T>(query, params);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no row for ${query}`);
  };
  const eventData = (wamid: string) => eventually<{ data: any }>(`SELECT data FROM events WHERE external_id = $1 AND type = 'whatsapp.message_received'`, [wamid]).then((row) => row.data);

  const sender = async (name: string, node: Record<string, unknown>) => {
    const flowId = await api.publish(name, {
      nodes: [{ id: 'start', type: 'manual', config: {} }, { id: 'send', ...node }],
      edges: [{ id: 'e1', source: 'start', target: 'send' }],
    });
    return async () => api.waitForRun((await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId);
  };
  const envelope = (runId: string, to = '14155550171') => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, biz_opaque_callback_data: `${runId}:send:` });
  const lastSend = () => meta.sends('/messages').at(-1)!.body;

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, templates: [{ name: 'offer_with_image', body: 'Hi {{1}}, here is your offer.' }] }).start();
    engine = await TestEngine.start();
    api = engine.api;
    const created = await api.post('/api/connections', {
      name: 'Meta sender (media)',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAJB-test-token', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'verify-me', baseUrl: meta.url },
    });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
    // The customer wrote a minute ago: the 24-hour window is open.
    await signed(metaMessagesPayload(PHONE_NUMBER_ID, [{ id: 'wamid.media-open', from: CUSTOMER, text: 'Hi', at: new Date(Date.now() - 60_000) }]));
    await eventually(`SELECT id FROM messages WHERE provider_message_id = 'wamid.media-open'`, []);
  });
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it("sends an image by link, a document by media id and a sticker in Meta's documented bodies", async () => {
    const image = await (await sender('Image', { type: 'whatsapp.send_media', config: { connectionId, to: CUSTOMER, kind: 'image', url: 'https://example.com/map.png', caption: 'How to find us' } }))();
    expect(image.status).toBe('succeeded');
    expect(lastSend()).toEqual({ ...envelope(image.id), type: 'image', image: { link: 'https://example.com/map.png', caption: 'How to find us' } });

    const document = await (await sender('Document by id', { type: 'whatsapp.send_media', config: { connectionId, to: CUSTOMER, kind: 'document', mediaId: '1166846181421424', filename: 'invoice.pdf', caption: 'Your invoice' } }))();
    expect(document.status).toBe('succeeded');
    expect(lastSend()).toEqual({ ...envelope(document.id), type: 'document', document: { id: '1166846181421424', caption: 'Your invoice', filename: 'invoice.pdf' } });

    const sticker = await (await sender('Sticker', { type: 'whatsapp.send_media', config: { connectionId, to: CUSTOMER, kind: 'sticker', url: 'https://example.com/thanks.webp' } }))();
    expect(sticker.status).toBe('succeeded');
    expect(lastSend()).toEqual({ ...envelope(sticker.id), type: 'sticker', sticker: { link: 'https://example.com/thanks.webp' } });
  });

  it("sends a template with an image header in Meta's documented components", async () => {
    const run = await (await sender('Offer', {
      type: 'whatsapp.send_template',
      config: { connectionId, to: CUSTOMER, template: 'offer_with_image', language: 'en', parameters: ['Alex'], header: { kind: 'image', url: 'https://example.com/offer.jpg' } },
    }))();
    expect(run.status).toBe('succeeded');
    expect(lastSend()).toEqual({
      ...envelope(run.id),
      type: 'template',
      template: {
        name: 'offer_with_image',
        language: { code: 'en', policy: 'deterministic' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/offer.jpg' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Alex' }] },
        ],
      },
    });
  });

  it("sends a location and a contact card in Meta's documented bodies, stored as the text the log shows", async () => {
    const location = await (await sender('Location', { type: 'whatsapp.send_location', config: { connectionId, to: CUSTOMER, latitude: 37.44216251868683, longitude: '-122.16153582049394', name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' } }))();
    expect(location.status).toBe('succeeded');
    expect(lastSend()).toEqual({
      ...envelope(location.id),
      type: 'location',
      location: { latitude: 37.44216251868683, longitude: -122.16153582049394, name: 'Philz Coffee', address: '101 Forest Ave, Palo Alto, CA 94301' },
    });

    const contact = await (await sender('Contact', {
      type: 'whatsapp.send_contact',
      config: {
        connectionId,
        to: CUSTOMER,
        formattedName: 'Dr. Sam Lee',
        firstName: 'Sam',
        lastName: 'Lee',
        company: 'Main Street Clinic',
        phones: [{ phone: '+14155550100', type: 'WORK' }],
        emails: [{ email: 'desk@example.com', type: 'WORK' }],
        urls: [{ url: 'https://example.com' }],
      },
    }))();
    expect(contact.status).toBe('succeeded');
    expect(lastSend()).toEqual({
      ...envelope(contact.id),
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Dr. Sam Lee', first_name: 'Sam', last_name: 'Lee' },
          org: { company: 'Main Street Clinic' },
          phones: [{ phone: '+14155550100', type: 'WORK' }],
          emails: [{ email: 'desk@example.com', type: 'WORK' }],
          urls: [{ url: 'https://example.com' }],
        },
      ],
    });
    const bodies = await engine.environment.sql<{ body: string }>(`SELECT body FROM messages WHERE run_id = ANY($1::uuid[]) ORDER BY created_at`, [[location.id, contact.id]]);
    expect(bodies.map((row) => row.body)).toEqual([
      '[location] 37.44216251868683, -122.16153582049394\nPhilz Coffee\n101 Forest Ave, Palo Alto, CA 94301',
      '[contact] Dr. Sam Lee\nMain Street Clinic\nWORK: +14155550100\nWORK: desk@example.com\nhttps://example.com',
    ]);
  });

  it('refuses an out-of-range location at publish, naming the field', async () => {
    const answer = await api.post('/api/flows/validate', {
      graph: { nodes: [{ id: 'start', type: 'manual', config: {} }, { id: 'pin', type: 'whatsapp.send_location', config: { connectionId, to: CUSTOMER, latitude: 95, longitude: 0 } }], edges: [{ id: 'e1', source: 'start', target: 'pin' }] },
    });
    expect(JSON.stringify(answer.body)).toContain('latitude 95 is out of range');
  });

  it("puts an inbound image, location and reaction into the event's data, keeps the media id, and a flow forwards the image by id", async () => {
    const forwarder = await api.publish('Forward photos', {
      nodes: [
        { id: 'received', type: 'whatsapp.message_received', config: { connectionId, conditions: { and: [{ '==': [{ var: 'trigger.type' }, 'image'] }] } } },
        { id: 'send', type: 'whatsapp.send_media', config: { connectionId, to: '{{trigger.from}}', kind: '{{trigger.media.kind}}', mediaId: '{{trigger.media.id}}', caption: 'We got your {{trigger.media.kind}}' } },
      ],
      edges: [{ id: 'e1', source: 'received', target: 'send' }],
    });
    const image = { id: '2754859441498128', mime_type: 'image/jpeg', sha256: 'HgyLhF0pGeY+2IvRM6hO3o5ZPx3dqYq1Cnt0OWkzp/8=', caption: 'My insurance card' };
    expect((await signed(inboundPayload(CUSTOMER, 'wamid.in-image', 'image', { image }))).status).toBe(200);
    expect(await eventData('wamid.in-image')).toMatchObject({
      type: 'image',
      text: 'My insurance card',
      media: { kind: 'image', id: image.id, mimeType: 'image/jpeg', sha256: image.sha256, caption: 'My insurance card', filename: null },
    });
    expect(await eventually(`SELECT media_id, media_mime_type FROM messages WHERE provider_message_id = 'wamid.in-image'`, [])).toEqual({ media_id: image.id, media_mime_type: 'image/jpeg' });

    const { run_id: runId } = await eventually<{ run_id: string }>(`SELECT id AS run_id FROM runs WHERE flow_id = $1`, [forwarder]);
    const run = await api.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    const forwarded = meta.sends('/messages').find((request) => request.body.biz_opaque_callback_data === `${runId}:send:`);
    expect(forwarded?.body).toEqual({ ...envelope(runId), type: 'image', image: { id: image.id, caption: 'We got your image' } });

    const location = { latitude: 52.520008, longitude: 13.404954, name: 'Main Street Clinic', address: '1 Main Street' };
    await signed(inboundPayload(CUSTOMER, 'wamid.in-location', 'location', { location }));
    expect(await eventData('wamid.in-location')).toMatchObject({ type: 'location', text: '[location]', location });

    await signed(inboundPayload(CUSTOMER, 'wamid.in-reaction', 'reaction', { reaction: { message_id: 'wamid.media-open', emoji: '👍' } }));
    expect(await eventData('wamid.in-reaction')).toMatchObject({ type: 'reaction', text: '[reaction 👍]', reaction: { messageId: 'wamid.media-open', emoji: '👍' } });
    const [data] = await engine.environment.sql<{ data: any }>(`SELECT data FROM events WHERE external_id = 'wamid.in-location'`, []);
    expect(data!.data.media).toBeUndefined();
  });

  it('starts a flow filtered on a button id only for that button, and Activity explains the other', async () => {
    const customer = '+14155550172';
    const flowId = await api.publish('Confirmed taps', {
      nodes: [
        { id: 'tapped', type: 'whatsapp.message_received', config: { connectionId, replyIds: ['confirm'] } },
        { id: 'note', type: 'flow.set', config: { values: { tapped: '{{trigger.reply.id}}' } } },
      ],
      edges: [{ id: 'e1', source: 'tapped', target: 'note' }],
    });
    const tap = (id: string, title: string) => inboundPayload(customer, `wamid.tap-${id}`, 'interactive', { interactive: { type: 'button_reply', button_reply: { id, title } } });
    await signed(tap('cancel', 'Cancel'));
    await signed(tap('confirm', 'Confirm'));
    const { run_id: runId } = await eventually<{ run_id: string }>(`SELECT id AS run_id FROM runs WHERE flow_id = $1`, [flowId]);
    const run = await api.waitForRun(runId);
    expect(stepOf(run, 'note').output).toEqual({ tapped: 'confirm' });
    const [{ n }] = (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE flow_id = $1`, [flowId])) as [{ n: number }];
    expect(n).toBe(1);

    await eventData('wamid.tap-cancel');
    const [entry] = (await api.get('/api/activity?eventId=wamid.tap-cancel')).body.entries;
    expect(entry.flows.find((flow: any) => flow.flowId === flowId)).toMatchObject({
      started: false,
      reason: { code: 'REPLY_MISMATCH', message: 'the customer tapped "cancel", not confirm', details: { expected: ['confirm'], actual: 'cancel' } },
    });
  });

  it("resumes a wait's handle from a picked list row", async () => {
    const customer = '+14155550173';
    const flowId = await api.publish('Pick a slot', {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId, from: customer, timeoutMinutes: 10, buttons: ['wed_9', 'wed_14'] } },
        { id: 'morning', type: 'flow.set', config: { values: { slot: 'morning' } } },
        { id: 'afternoon', type: 'flow.set', config: { values: { slot: 'afternoon' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'wait' },
        { id: 'e2', source: 'wait', sourceHandle: 'wed_9', target: 'morning' },
        { id: 'e3', source: 'wait', sourceHandle: 'wed_14', target: 'afternoon' },
      ],
    });
    const runId = (await api.post(`/api/flows/${flowId}/run`, { data: {} })).body.runId;
    await api.waitForRun(runId, (run) => stepOf(run, 'wait')?.status === 'waiting');
    await signed(inboundPayload(customer, 'wamid.list-pick', 'interactive', { interactive: { type: 'list_reply', list_reply: { id: 'wed_14', title: '14:00', description: 'With Dr. Lee' } } }));
    const run = await api.waitForRun(runId);
    expect(stepOf(run, 'wait')).toMatchObject({ handle: 'wed_14', output: { button: 'wed_14', message: { reply: { kind: 'list', id: 'wed_14', title: '14:00', description: 'With Dr. Lee' } } } });
    expect(stepOf(run, 'afternoon').status).toBe('succeeded');
    expect(stepOf(run, 'morning').status).toBe('skipped');
  });

  it('on the sandbox: takes a photo, a pin and a reaction, validated, and sends the photo on by its id', async () => {
    const sandbox = await api.sandbox('Sandbox media');
    const customer = '+14155550174';
    const bad = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer, location: { latitude: 100, longitude: 0 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('location.latitude must be between -90 and 90');
    expect((await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer })).status).toBe(400);

    const photo = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer, media: { kind: 'image', url: 'https://example.com/card.jpg', caption: 'My card' } });
    expect(photo.status).toBe(202);
    const data = await eventData(photo.body.eventId);
    expect(data).toMatchObject({ type: 'image', text: 'My card', media: { kind: 'image', url: 'https://example.com/card.jpg', id: expect.stringMatching(/^sandbox\.media\./) } });
    const pin = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer, location: { latitude: 1.5, longitude: 2.5, name: 'Here' } });
    expect(await eventData(pin.body.eventId)).toMatchObject({ type: 'location', location: { latitude: 1.5, longitude: 2.5, name: 'Here', address: null } });
    const reaction = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: customer, reaction: { messageId: 'sandbox.out.1', emoji: '❤️' } });
    expect(await eventData(reaction.body.eventId)).toMatchObject({ type: 'reaction', text: '[reaction ❤️]' });

    const send = await (await sender('Sandbox forward', { type: 'whatsapp.send_media', config: { connectionId: sandbox, to: customer, kind: 'image', mediaId: data.media.id } }))();
    expect(send.status).toBe('succeeded');
    const [stored] = await engine.environment.sql<{ body: string }>(`SELECT body FROM messages WHERE run_id = $1`, [send.id]);
    expect(stored?.body).toBe(`[image] media:${data.media.id}`);
  });
});
