import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blandFixture } from '../../../testing/voice-fixtures/bland';
import type { VoiceDelivery } from '../voice-platform';
import { blandPlatform } from './bland';

const config = blandFixture.config;
const NOW = Date.parse('2026-01-01T00:03:00Z');

function delivery(body: unknown, headers: Record<string, string | undefined> = {}): VoiceDelivery {
  const raw = Buffer.from(JSON.stringify(body));
  const signed = blandFixture.sign(raw, config, NOW).headers ?? {};
  const lower = Object.fromEntries(Object.entries({ ...signed, ...headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return { raw, body, headers: lower, query: {} };
}

describe('blandPlatform.verify', () => {
  it('accepts the hex HMAC-SHA256 of the raw body keyed with the webhook secret', () => {
    expect(blandPlatform.verify(delivery(blandFixture.answered()), config, NOW)).toEqual({ ok: true });
  });

  it('accepts a signature over the compact re-serialisation (what Bland’s sample signs)', () => {
    const body = blandFixture.answered();
    const raw = Buffer.from(JSON.stringify(body, null, 2));
    const signature = createHmac('sha256', 'bland-test-signing-secret').update(JSON.stringify(body)).digest('hex');
    expect(blandPlatform.verify({ raw, body, headers: { 'x-webhook-signature': signature }, query: {} }, config, NOW)).toEqual({ ok: true });
  });

  it('refuses a missing, malformed or wrong signature and names what is wrong', () => {
    expect(blandPlatform.verify(delivery(blandFixture.answered(), { 'X-Webhook-Signature': undefined }), config, NOW)).toEqual({ ok: false, reason: 'missing X-Webhook-Signature header' });
    expect(blandPlatform.verify(delivery(blandFixture.answered(), { 'X-Webhook-Signature': 'sha256=abc' }), config, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('not a hex') });
    const wrong = createHmac('sha256', 'another-secret').update(JSON.stringify(blandFixture.answered())).digest('hex');
    expect(blandPlatform.verify(delivery(blandFixture.answered(), { 'X-Webhook-Signature': wrong }), config, NOW)).toEqual({ ok: false, reason: 'X-Webhook-Signature does not match the body' });
  });

  it('refuses a body altered after signing', () => {
    const signed = delivery(blandFixture.answered());
    const tampered = { ...signed, raw: Buffer.from(signed.raw.toString().replace('"human"', '"voicemail"')), body: { ...(signed.body as object), answered_by: 'voicemail' } };
    expect(blandPlatform.verify(tampered, config, NOW)).toMatchObject({ ok: false });
  });

  it('refuses everything when the connection has no secret', () => {
    expect(blandPlatform.verify(delivery(blandFixture.answered()), {}, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('webhookSecret') });
  });
});

describe('blandPlatform.read', () => {
  it('normalises the documented answered call', () => {
    const event = blandPlatform.read(delivery(blandFixture.answered()), config);
    expect(event).toEqual({
      kind: 'call_ended',
      dedupeKey: 'bland:c1234567-89ab-cdef-0123-456789abcdef',
      data: {
        call: {
          id: 'c1234567-89ab-cdef-0123-456789abcdef',
          direction: 'outbound',
          from: '+14155550100',
          to: '+14155550123',
          startedAt: '2026-01-01T00:00:05.000Z',
          endedAt: '2026-01-01T00:01:16.000Z',
          durationSeconds: 71,
          status: 'completed',
          connected: true,
          endedReason: 'USER',
          recordingUrl: 'https://recordings.example.com/bland/c1234567.mp3',
        },
        agent: { id: null, name: null },
        customer: { phone: '+14155550123', name: 'Jane Doe' },
        metadata: { lead_id: 'L-42', customer_name: 'Jane Doe' },
        variables: { call_id: 'c1234567-89ab-cdef-0123-456789abcdef', appointment_time: 'tuesday 10am' },
        transcript: [
          { role: 'agent', text: 'Hi Jane, this is Acme.', at: 1 },
          { role: 'customer', text: 'Hi, yes.', at: 4 },
        ],
        summary: 'Jane agreed to a demo on Tuesday.',
      },
    });
    expect(blandFixture.expected).toMatchObject({ callId: 'c1234567-89ab-cdef-0123-456789abcdef', customerPhone: '+14155550123', direction: 'outbound' });
  });

  it('reads no-answer, voicemail, errors and inbound calls', () => {
    const noAnswer = blandPlatform.read(delivery(blandFixture.notAnswered!()), config);
    expect(noAnswer.kind === 'call_ended' && noAnswer.data.call).toMatchObject({ status: 'no_answer', connected: false, durationSeconds: 0 });
    const voicemail = blandPlatform.read(delivery({ ...(blandFixture.answered() as object), answered_by: 'voicemail' }), config);
    expect(voicemail.kind === 'call_ended' && voicemail.data.call).toMatchObject({ status: 'voicemail', connected: false });
    const failed = blandPlatform.read(delivery({ ...(blandFixture.answered() as object), answered_by: null, error_message: 'Invalid phone number', queue_status: 'call_error' }), config);
    expect(failed.kind === 'call_ended' && failed.data.call).toMatchObject({ status: 'failed', connected: false });
    const inbound = blandPlatform.read(delivery({ ...(blandFixture.answered() as object), inbound: true, from: '+14155550123', to: '+14155550100' }), config);
    expect(inbound.kind === 'call_ended' && inbound.data).toMatchObject({ call: { direction: 'inbound' }, customer: { phone: '+14155550123' } });
  });

  it('uses call_length minutes when corrected_duration is absent, and merges analysis into variables', () => {
    const event = blandPlatform.read(delivery({ ...(blandFixture.answered() as object), corrected_duration: undefined, analysis: { booked: true } }), config);
    expect(event.kind === 'call_ended' && event.data).toMatchObject({ call: { durationSeconds: 71 }, variables: { appointment_time: 'tuesday 10am', booked: true } });
  });

  it('ignores a call that is still queued and rejects a body without call_id', () => {
    expect(blandPlatform.read(delivery(blandFixture.ignored!()), config)).toEqual({ kind: 'ignored', reason: 'the call is still started' });
    expect(() => blandPlatform.read(delivery({ status: 'completed' }), config)).toThrow('call_id');
    expect(() => blandPlatform.read(delivery([1]), config)).toThrow('JSON object');
  });

  it('gives the same dedupe key to the same call delivered twice', () => {
    const first = blandPlatform.read(delivery(blandFixture.answered()), config);
    const again = blandPlatform.read(delivery(blandFixture.answered()), config);
    expect(first.kind === 'call_ended' && again.kind === 'call_ended' && first.dedupeKey === again.dedupeKey).toBe(true);
  });
});

describe('blandPlatform.redact', () => {
  it('drops credential-like keys at any depth and keeps the call', () => {
    const body = { ...(blandFixture.answered() as object), request_data: { phone_number: '+14155550123', api_key: 'sk-1', headers: { Authorization: 'Bearer x' } } };
    const redacted = blandPlatform.redact(body) as Record<string, unknown>;
    expect(redacted.call_id).toBe('c1234567-89ab-cdef-0123-456789abcdef');
    expect(redacted.request_data).toEqual({ phone_number: '+14155550123', headers: {} });
  });
});
