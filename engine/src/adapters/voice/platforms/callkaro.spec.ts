import { describe, expect, it } from 'vitest';
import { callkaroFixture } from '../../../testing/voice-fixtures/callkaro';
import type { VoiceDelivery } from '../voice-platform';
import { callkaroPlatform } from './callkaro';

const config = callkaroFixture.config;
const NOW = Date.parse('2025-12-19T16:05:00Z');

function delivery(body: unknown, query?: Record<string, string | undefined>): VoiceDelivery {
  const raw = Buffer.from(JSON.stringify(body));
  return { raw, body, headers: {}, query: query ?? callkaroFixture.sign(raw, config, NOW).query ?? {} };
}

function ended(event: ReturnType<typeof callkaroPlatform.read>) {
  if (event.kind === 'ignored') throw new Error(`ignored: ${event.reason}`);
  return event;
}

describe('callkaroPlatform.verify', () => {
  it('accepts the connection token in the query', () => {
    expect(callkaroPlatform.verify(delivery(callkaroFixture.answered()), config, NOW)).toEqual({ ok: true });
  });

  it('refuses a missing or wrong token, and a connection without one', () => {
    expect(callkaroPlatform.verify(delivery(callkaroFixture.answered(), {}), config, NOW)).toEqual({ ok: false, reason: 'the webhook URL has no token query parameter' });
    expect(callkaroPlatform.verify(delivery(callkaroFixture.answered(), { token: 'callkaro-test-url-tokeN' }), config, NOW)).toEqual({ ok: false, reason: 'the token query parameter does not match the connection' });
    expect(callkaroPlatform.verify(delivery(callkaroFixture.answered()), {}, NOW)).toEqual({ ok: false, reason: 'the CallKaro connection has no token configured' });
  });
});

describe('callkaroPlatform.read', () => {
  it('normalises the documented call_ended example', () => {
    expect(callkaroPlatform.read(delivery(callkaroFixture.answered()), config)).toEqual({
      kind: 'call_ended',
      dedupeKey: 'callkaro:2303fa770b666a64ab1694c1e',
      data: {
        call: {
          id: '2303fa770b666a64ab1694c1e',
          direction: 'outbound',
          from: '+919876543210',
          to: '+918765432109',
          startedAt: '2025-12-19T16:01:07.000Z',
          endedAt: '2025-12-19T16:03:07.000Z',
          durationSeconds: 120,
          status: 'completed',
          connected: true,
          endedReason: 'CLIENT_INITIATED',
          recordingUrl: 'https://recordings.example.com/callkaro/2303fa77.mp3',
        },
        agent: { id: '6803fa770b666a64ab1694c1e', name: null },
        customer: { phone: '+918765432109', name: 'Jatin' },
        metadata: { name: 'Jatin', lead_id: 'L-42' },
        variables: { lead_status: 'interested' },
        transcript: [
          { role: 'agent', text: 'Namaste, this is Acme.' },
          { role: 'customer', text: 'Hello, yes.' },
        ],
        summary: null,
      },
    });
    expect(callkaroFixture.expected).toEqual({ callId: '2303fa770b666a64ab1694c1e', customerPhone: '+918765432109', direction: 'outbound' });
  });

  it('reads zero talk time as not answered', () => {
    expect(ended(callkaroPlatform.read(delivery(callkaroFixture.notAnswered!()), config)).data.call).toMatchObject({ status: 'no_answer', connected: false, durationSeconds: 0 });
  });

  it('reads an inbound call’s customer from `from`, and `time` in the configured offset', () => {
    const body = callkaroFixture.answered() as { data: Record<string, unknown> };
    body.data.name = 'inbound';
    const event = ended(callkaroPlatform.read(delivery(body), { ...config, timeOffset: '+05:30' }));
    expect(event.data).toMatchObject({ call: { direction: 'inbound', startedAt: '2025-12-19T10:31:07.000Z' }, customer: { phone: '+919876543210' } });
  });

  it('ignores other events and rejects a call_ended without callSid', () => {
    expect(callkaroPlatform.read(delivery(callkaroFixture.ignored!()), config)).toEqual({ kind: 'ignored', reason: 'CallKaro event call_started does not end a call' });
    expect(() => callkaroPlatform.read(delivery({ event: 'call_ended', data: {} }), config)).toThrow('data.callSid');
  });

  it('gives the same dedupe key to the same call delivered twice', () => {
    expect(ended(callkaroPlatform.read(delivery(callkaroFixture.answered()), config)).dedupeKey).toBe(ended(callkaroPlatform.read(delivery(callkaroFixture.answered()), config)).dedupeKey);
  });
});

describe('callkaroPlatform.redact', () => {
  it('drops credential-like keys from the metadata a team passed', () => {
    const body = callkaroFixture.answered() as { data: Record<string, unknown> };
    body.data.call_metadata = { lead_id: 'L-42', crm_api_key: 'k', nested: { accessToken: 't' } };
    expect((callkaroPlatform.redact(body) as { data: { call_metadata: unknown } }).data.call_metadata).toEqual({ lead_id: 'L-42', nested: {} });
  });
});
