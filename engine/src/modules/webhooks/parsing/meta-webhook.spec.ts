import { describe, expect, it } from 'vitest';
import { parseMetaWebhook, textOf } from './meta-webhook';
import { contentOf } from './message-text';

const METADATA = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };

/** Wraps change values into a payload with one entry per element of `entries`. */
function payload(...entries: Array<Array<{ field: string; value: unknown }>>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((changes, i) => ({ id: `WABA_${i}`, changes })),
  };
}

// whatsapp.md §2.3, verbatim.
const MESSAGE_SAMPLE = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '<WABA_ID>',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: METADATA,
            contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
            messages: [
              {
                from: '16505551234',
                id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
                timestamp: '1749416383',
                type: 'text',
                text: { body: 'Does it come in another color?' },
              },
            ],
          },
        },
      ],
    },
  ],
};

// whatsapp.md §2.4, verbatim except the elided strings.
const STATUS = {
  id: 'wamid.HBgLstatus',
  status: 'failed',
  timestamp: '1705312320',
  recipient_id: '4915112345678',
  biz_opaque_callback_data: 'optional-echo',
  conversation: { id: 'conv', origin: { type: 'utility' }, expiration_timestamp: '1705398720' },
  pricing: { billable: true, pricing_model: 'CBP', category: 'utility' },
  errors: [
    {
      code: 131047,
      title: 'Re-engagement message',
      message: 'Re-engagement message',
      error_data: { details: 'Message failed to send because more than 24 hours have passed…' },
      href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
    },
  ],
};

describe('parseMetaWebhook', () => {
  it('parses the §2.3 inbound text message', () => {
    const message = MESSAGE_SAMPLE.entry[0].changes[0].value.messages[0];
    expect(parseMetaWebhook(MESSAGE_SAMPLE)).toEqual([
      {
        kind: 'message',
        providerMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        from: '+16505551234',
        name: 'Sheena Nelson',
        type: 'text',
        text: 'Does it come in another color?',
        timestamp: '2025-06-08T20:59:43.000Z',
        phoneNumberId: '106540352242922',
        contextMessageId: null,
        raw: message,
      },
    ]);
  });

  it('parses the §2.4 failed status with its errors', () => {
    const body = payload([{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: METADATA, statuses: [STATUS] } }]);
    expect(parseMetaWebhook(body)).toEqual([
      {
        kind: 'status',
        providerMessageId: 'wamid.HBgLstatus',
        status: 'failed',
        timestamp: '2024-01-15T09:52:00.000Z',
        recipient: '+4915112345678',
        errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message' }],
        phoneNumberId: '106540352242922',
        callbackData: 'optional-echo',
        raw: STATUS,
      },
    ]);
  });

  it("reads the echoed idempotency key from Meta's biz_opaque_callback_data or Heltar's refId", () => {
    const status = (extra: Record<string, unknown>) => ({ id: 'wamid.x', status: 'sent', timestamp: '1705312320', recipient_id: '4915112345678', ...extra });
    const body = payload([{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: METADATA, statuses: [status({ biz_opaque_callback_data: 'r1:send:' }), status({ refId: 'r2:send:' }), status({})] } }]);
    expect(parseMetaWebhook(body).map((item) => (item.kind === 'status' ? item.callbackData : undefined))).toEqual(['r1:send:', 'r2:send:', null]);
  });

  it('returns every message and status of a batched payload, in order', () => {
    const value = (n: number) => ({
      metadata: { phone_number_id: `PN${n}` },
      messages: [
        { from: '4915100000001', id: `wamid.m${n}a`, timestamp: '1700000000', type: 'text', text: { body: `a${n}` } },
        { from: '4915100000002', id: `wamid.m${n}b`, timestamp: '1700000001', type: 'text', text: { body: `b${n}` } },
      ],
      statuses: [{ id: `wamid.s${n}`, status: 'read', timestamp: '1700000002', recipient_id: '4915100000003' }],
    });
    const items = parseMetaWebhook(payload([{ field: 'messages', value: value(1) }], [{ field: 'messages', value: value(2) }]));
    expect(items.map((item) => [item.kind, 'providerMessageId' in item ? item.providerMessageId : null])).toEqual([
      ['message', 'wamid.m1a'],
      ['message', 'wamid.m1b'],
      ['status', 'wamid.s1'],
      ['message', 'wamid.m2a'],
      ['message', 'wamid.m2b'],
      ['status', 'wamid.s2'],
    ]);
    expect(items.map((item) => ('phoneNumberId' in item ? item.phoneNumberId : null))).toEqual(['PN1', 'PN1', 'PN1', 'PN2', 'PN2', 'PN2']);
  });

  it('matches contacts to messages by wa_id, not by position', () => {
    const items = parseMetaWebhook(
      payload([
        {
          field: 'messages',
          value: {
            contacts: [
              { profile: { name: 'Bea' }, wa_id: '4915100000002' },
              { profile: { name: 'Ada' }, wa_id: '4915100000001' },
            ],
            messages: [
              { from: '4915100000001', id: 'wamid.1', timestamp: '1700000000', type: 'text', text: { body: 'x' } },
              { from: '4915100000002', id: 'wamid.2', timestamp: '1700000000', type: 'text', text: { body: 'y' } },
              { from: '4915100000009', id: 'wamid.3', timestamp: '1700000000', type: 'text', text: { body: 'z' } },
            ],
          },
        },
      ]),
    );
    expect(items.map((item) => (item.kind === 'message' ? item.name : undefined))).toEqual(['Ada', 'Bea', null]);
  });

  it('skips username users without a phone number and malformed items', () => {
    const items = parseMetaWebhook(
      payload([
        {
          field: 'messages',
          value: {
            contacts: [{ profile: { name: 'Hidden' }, user_id: 'BD.1068713429041673' }],
            messages: [
              { from_user_id: 'BD.1068713429041673', id: 'wamid.user', timestamp: '1700000000', type: 'text', text: { body: 'hi' } },
              { from: '4915100000001', timestamp: '1700000000', type: 'text', text: { body: 'no id' } },
              { from: '4915100000001', id: 'wamid.t', timestamp: 'yesterday', type: 'text', text: { body: 'bad time' } },
              'garbage',
              { from: '4915100000001', id: 'wamid.ok', timestamp: '1700000000', type: 'text', text: { body: 'kept' } },
            ],
            statuses: [
              { id: 'wamid.s', status: 'deleted', timestamp: '1700000000' },
              { id: 'wamid.u', status: 'delivered', timestamp: '1700000000', recipient_user_id: 'BD.1' },
            ],
          },
        },
      ]),
    );
    expect(items).toMatchObject([
      { kind: 'message', providerMessageId: 'wamid.ok', text: 'kept' },
      { kind: 'status', providerMessageId: 'wamid.u', status: 'delivered', recipient: null, errors: [] },
    ]);
  });

  it('reads the reply context and app-level errors', () => {
    const items = parseMetaWebhook(
      payload([
        {
          field: 'messages',
          value: {
            messages: [
              {
                from: '4915100000001',
                id: 'wamid.r',
                timestamp: '1700000000',
                type: 'button',
                context: { from: '15550783881', id: 'wamid.original' },
                button: { text: 'Yes, confirm', payload: 'CONFIRM' },
              },
            ],
            errors: [{ code: 131000, title: 'Something went wrong', error_data: { details: 'Try again' } }],
          },
        },
      ]),
    );
    expect(items).toMatchObject([
      { kind: 'message', type: 'button', text: 'Yes, confirm', contextMessageId: 'wamid.original' },
      { kind: 'error', code: 131000, title: 'Something went wrong', message: 'Try again' },
    ]);
  });

  it('parses a template status update', () => {
    const value = {
      event: 'approved',
      message_template_id: 806312974732579,
      message_template_name: 'order_update',
      message_template_language: 'de',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    };
    const rejected = { ...value, event: 'REJECTED', reason: 'INCORRECT_CATEGORY' };
    expect(parseMetaWebhook(payload([{ field: 'message_template_status_update', value }, { field: 'message_template_status_update', value: rejected }]))).toEqual([
      { kind: 'template_status', event: 'APPROVED', templateId: '806312974732579', name: 'order_update', language: 'de', reason: null, category: 'UTILITY', wabaId: 'WABA_0', at: null, raw: value },
      { kind: 'template_status', event: 'REJECTED', templateId: '806312974732579', name: 'order_update', language: 'de', reason: 'INCORRECT_CATEGORY', category: 'UTILITY', wabaId: 'WABA_0', at: null, raw: rejected },
    ]);
  });

  it("reads a rejection's explanation, the WABA and the time of a template status update", () => {
    const value = {
      event: 'REJECTED',
      message_template_id: 1689556908129835,
      message_template_name: 'abandoned_cart',
      message_template_language: 'en',
      reason: 'INVALID_FORMAT',
      rejection_info: { reason: 'Variable parameters are not allowed at the end', recommendation: 'Add text after it' },
    };
    const body = { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', time: 1751247548, changes: [{ field: 'message_template_status_update', value }] }] };
    expect(parseMetaWebhook(body)).toEqual([
      {
        kind: 'template_status',
        event: 'REJECTED',
        templateId: '1689556908129835',
        name: 'abandoned_cart',
        language: 'en',
        reason: 'INVALID_FORMAT: Variable parameters are not allowed at the end',
        category: null,
        wabaId: '102290129340398',
        at: new Date(1751247548 * 1000).toISOString(),
        raw: value,
      },
    ]);
  });

  it('parses a template quality update; one without a score or name is skipped', () => {
    const value = { previous_quality_score: 'GREEN', new_quality_score: 'yellow', message_template_id: 806312974732579, message_template_name: 'order_update', message_template_language: 'de' };
    expect(parseMetaWebhook(payload([{ field: 'message_template_quality_update', value }, { field: 'message_template_quality_update', value: { message_template_name: 'x' } }]))).toEqual([
      { kind: 'template_quality', quality: 'YELLOW', templateId: '806312974732579', name: 'order_update', language: 'de', wabaId: 'WABA_0', raw: value },
    ]);
  });

  it("parses a change of the sender's messaging limit or throughput", () => {
    const value = { display_phone_number: '15550783881', event: 'upgrade', old_limit: 'TIER_250', current_limit: 'TIER_2K', max_daily_conversations_per_business: 'TIER_2K' };
    expect(parseMetaWebhook(payload([{ field: 'phone_number_quality_update', value }]))).toEqual([
      { kind: 'quality_update', event: 'UPGRADE', displayPhoneNumber: '15550783881', currentLimit: 'TIER_2K', maxDaily: 'TIER_2K', raw: value },
    ]);
  });

  it('returns nothing for garbage, unknown fields and other Meta products', () => {
    for (const body of [null, undefined, [], 'x', 42, {}, { entry: 'x' }, { entry: [null, 1, { changes: 'x' }, { changes: [null, { field: 'messages' }] }] }]) {
      expect(parseMetaWebhook(body)).toEqual([]);
    }
    expect(parseMetaWebhook(payload([{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }]))).toEqual([]);
    expect(parseMetaWebhook(payload([{ field: 'phone_number_quality_update', value: { display_phone_number: '15550783881' } }]))).toEqual([]);
    const page = { ...(MESSAGE_SAMPLE as object), object: 'page' };
    expect(parseMetaWebhook(page)).toEqual([]);
  });

  it('accepts a forwarded payload without `object` and with extra top-level fields (Heltar)', () => {
    const { object: _object, ...forwarded } = MESSAGE_SAMPLE;
    expect(parseMetaWebhook({ ...forwarded, customField: { order_id: 'ORD-1' } })).toHaveLength(1);
  });
});

describe('textOf', () => {
  it.each([
    [{ type: 'text', text: { body: 'hi' } }, 'hi'],
    [{ type: 'button', button: { text: 'Yes', payload: 'Y' } }, 'Yes'],
    [{ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'Book now' } } }, 'Book now'],
    [{ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'l1', title: 'Tuesday', description: 'd' } } }, 'Tuesday'],
    [{ type: 'image', image: { id: 'm', mime_type: 'image/jpeg', caption: 'my invoice' } }, 'my invoice'],
    [{ type: 'image', image: { id: 'm', mime_type: 'image/jpeg' } }, '[image]'],
    [{ type: 'document', document: { id: 'm', filename: 'name.pdf' } }, '[document: name.pdf]'],
    [{ type: 'document', document: { id: 'm' } }, '[document]'],
    [{ type: 'audio', audio: { id: 'm', voice: true } }, '[audio]'],
    [{ type: 'location', location: { latitude: 52.5, longitude: 13.4 } }, '[location]'],
    [{ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } }, '[reaction 👍]'],
    [{ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '' } }, '[reaction removed]'],
    [{ type: 'contacts', contacts: [] }, '[contacts]'],
    [{ type: 'unsupported', errors: [{ code: 131051 }] }, '[unsupported]'],
    [{ type: 'unknown' }, '[unsupported]'],
    [null, '[unsupported]'],
  ])('%j → %s', (message, text) => {
    expect(textOf(message)).toBe(text);
  });
});

describe('contentOf', () => {
  it("reads Meta's media, location, reaction and contacts objects (reference/whatsapp.md §2.3)", () => {
    expect(contentOf({ type: 'image', image: { id: '2754859441498128', mime_type: 'image/jpeg', sha256: 'abc=', caption: 'card' } })).toEqual({
      media: { kind: 'image', id: '2754859441498128', mimeType: 'image/jpeg', sha256: 'abc=', caption: 'card', filename: null },
    });
    expect(contentOf({ type: 'document', document: { id: 'd1', mime_type: 'application/pdf', filename: 'cv.pdf' } })).toMatchObject({ media: { kind: 'document', id: 'd1', filename: 'cv.pdf', caption: null } });
    expect(contentOf({ type: 'sticker', sticker: { id: 's1', mime_type: 'image/webp', animated: false } })).toMatchObject({ media: { kind: 'sticker', id: 's1' } });
    expect(contentOf({ type: 'location', location: { latitude: 52.5, longitude: '13.4', name: 'Clinic' } })).toEqual({ location: { latitude: 52.5, longitude: 13.4, name: 'Clinic', address: null } });
    expect(contentOf({ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '👍' } })).toEqual({ reaction: { messageId: 'wamid.x', emoji: '👍' } });
    expect(contentOf({ type: 'reaction', reaction: { message_id: 'wamid.x', emoji: '' } })).toEqual({ reaction: { messageId: 'wamid.x', emoji: null } });
    expect(
      contentOf({
        type: 'contacts',
        contacts: [{ name: { formatted_name: 'Sam Lee', first_name: 'Sam' }, phones: [{ phone: '+1 415 555 0100', wa_id: '14155550100', type: 'CELL' }], emails: [{ email: 'sam@example.com' }] }],
      }),
    ).toEqual({ contacts: [{ name: 'Sam Lee', phones: [{ phone: '+1 415 555 0100', waId: '14155550100', type: 'CELL' }], emails: [{ email: 'sam@example.com', type: null }] }] });
  });

  it('gives nothing for text, malformed coordinates and a reaction without its message', () => {
    expect(contentOf({ type: 'text', text: { body: 'hi' } })).toEqual({});
    expect(contentOf({ type: 'location', location: { latitude: 'north', longitude: 1 } })).toEqual({});
    expect(contentOf({ type: 'reaction', reaction: { emoji: '👍' } })).toEqual({});
    expect(contentOf({ type: 'image' })).toEqual({});
  });
});
