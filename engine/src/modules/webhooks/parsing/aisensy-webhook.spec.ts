import { describe, expect, it } from 'vitest';
import { parseAisensyWebhook } from './aisensy-webhook';

// The shape third-party adapter code expects (whatsapp.md §5); not confirmed by AiSensy.
const TEXT = {
  id: 'evt_1',
  project_id: 'proj_1',
  topic: 'message.sender.user',
  data: {
    message: {
      id: 'msg_1',
      phone_number: '917428526285',
      sender: 'USER',
      message_type: 'TEXT',
      message_content: { text: { body: 'Hello' } },
      sent_at: 1705312320,
    },
  },
};

describe('parseAisensyWebhook', () => {
  it('parses a user text message', () => {
    expect(parseAisensyWebhook(TEXT)).toEqual([
      {
        kind: 'message',
        providerMessageId: 'msg_1',
        from: '+917428526285',
        name: null,
        type: 'text',
        text: 'Hello',
        timestamp: '2024-01-15T09:52:00.000Z',
        phoneNumberId: null,
        contextMessageId: null,
        raw: TEXT,
      },
    ]);
  });

  it('accepts sent_at in milliseconds or ISO and a number with +', () => {
    const at = (sent_at: unknown, phone_number = '+91 74285 26285') =>
      parseAisensyWebhook({ ...TEXT, data: { message: { ...TEXT.data.message, sent_at, phone_number } } });
    expect(at(1705312320000)).toMatchObject([{ from: '+917428526285', timestamp: '2024-01-15T09:52:00.000Z' }]);
    expect(at('2024-01-15T09:52:00Z')).toMatchObject([{ timestamp: '2024-01-15T09:52:00.000Z' }]);
    expect(at('not a date')).toEqual([]);
    expect(at(1705312320, 'abc')).toEqual([]);
  });

  it('delegates a forwarded Meta payload', () => {
    const meta = {
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ field: 'messages', value: { messages: [{ from: '917428526285', id: 'wamid.1', timestamp: '1705312320', type: 'text', text: { body: 'hi' } }] } }] }],
    };
    expect(parseAisensyWebhook(meta)).toMatchObject([{ kind: 'message', providerMessageId: 'wamid.1', from: '+917428526285', text: 'hi' }]);
  });

  it('ignores other topics, our own echoes and garbage', () => {
    expect(parseAisensyWebhook({ ...TEXT, topic: 'message.created' })).toEqual([]);
    expect(parseAisensyWebhook({ ...TEXT, data: { message: { ...TEXT.data.message, sender: 'BUSINESS' } } })).toEqual([]);
    for (const body of [null, [], 'x', {}, { topic: 'message.sender.user' }, { topic: 'message.sender.user', data: { message: 'x' } }]) {
      expect(parseAisensyWebhook(body)).toEqual([]);
    }
  });
});
