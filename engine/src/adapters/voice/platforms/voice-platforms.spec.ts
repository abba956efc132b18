import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { elevenlabsFixture } from '../../../testing/voice-fixtures/elevenlabs';
import { retellFixture } from '../../../testing/voice-fixtures/retell';
import { vapiFixture } from '../../../testing/voice-fixtures/vapi';
import type { VoiceConfig, VoiceDelivery, VoicePlatform, VoiceVerdict } from '../voice-platform';
import { elevenlabsPlatform } from './elevenlabs';
import { retellPlatform, retellStatus } from './retell';
import { vapiPlatform, vapiStatus } from './vapi';

const delivery = (body: unknown, headers: Record<string, string> = {}): VoiceDelivery => {
  const raw = Buffer.from(JSON.stringify(body));
  return { raw, body, headers, query: {} };
};
/** These three platforms verify without a re-fetch: synchronously. */
const verify = (platform: VoicePlatform, given: VoiceDelivery, config: VoiceConfig, now: number) => platform.verify(given, config, now) as VoiceVerdict;
const NOW = Date.parse('2026-01-01T00:03:00Z');

describe('Vapi', () => {
  it('reads the end-of-call report as the mapping table says', () => {
    const event = vapiPlatform.read(delivery(vapiFixture.answered()), vapiFixture.config);
    expect(event.kind).toBe('call_ended');
    if (event.kind === 'ignored') return;
    expect(event.dedupeKey).toBe('4a1c7f2e-0000-4000-8000-000000000001:end-of-call-report');
    expect(event.data).toEqual({
      call: {
        id: '4a1c7f2e-0000-4000-8000-000000000001',
        direction: 'outbound',
        from: '+14155550100',
        to: '+14155550123',
        startedAt: '2026-01-01T00:00:00.000Z',
        endedAt: '2026-01-01T00:02:05.000Z',
        durationSeconds: 125,
        status: 'completed',
        connected: true,
        endedReason: 'customer-ended-call',
        recordingUrl: 'https://recordings.example.com/vapi/4a1c-mono.wav',
      },
      agent: { id: 'asst_9f1', name: 'Booking agent' },
      customer: { phone: '+14155550123', name: 'Jane Doe' },
      metadata: { leadId: 'L-42', crmAccount: 'A1' },
      variables: { appointmentBooked: true, slot: '2026-01-06T10:00', Lead: { email: 'jane@example.com' } },
      transcript: [
        { role: 'agent', text: 'Hi Jane, this is Acme.', at: 1.1 },
        { role: 'customer', text: 'Hi, yes.', at: 4 },
      ],
      summary: 'Jane booked a demo for Tuesday 10:00.',
    });
  });

  it('derives the status from endedReason, so a 20-second voicemail is not connected', () => {
    expect(vapiStatus('customer-did-not-answer')).toBe('no_answer');
    expect(vapiStatus('customer-busy')).toBe('busy');
    expect(vapiStatus('voicemail')).toBe('voicemail');
    expect(vapiStatus('twilio-failed-to-connect-call')).toBe('failed');
    expect(vapiStatus('pipeline-error-openai-llm-failed')).toBe('failed');
    expect(vapiStatus('assistant-ended-call')).toBe('completed');
    const event = vapiPlatform.read(delivery(vapiFixture.notAnswered!()), vapiFixture.config);
    expect(event.kind !== 'ignored' && event.data.call).toMatchObject({ durationSeconds: 20, status: 'voicemail', connected: false });
  });

  it('takes the secret as Bearer or X-Vapi-Secret, and requires the HMAC when an HMAC secret is set', () => {
    const body = vapiFixture.answered();
    const config = { secret: 's3cret' };
    expect(verify(vapiPlatform, delivery(body, { authorization: 'Bearer s3cret' }), config, NOW)).toEqual({ ok: true });
    expect(verify(vapiPlatform, delivery(body, { 'x-vapi-secret': 's3cret' }), config, NOW)).toEqual({ ok: true });
    expect(verify(vapiPlatform, delivery(body, { authorization: 'Bearer nope' }), config, NOW).ok).toBe(false);
    expect(verify(vapiPlatform, delivery(body), config, NOW).ok).toBe(false);

    const hmac = { secret: 's3cret', hmacSecret: 'h', hmacToleranceSeconds: 300 };
    const signed = delivery(body);
    const stamp = String(Math.floor(NOW / 1000));
    const signature = createHmac('sha256', 'h').update(Buffer.concat([Buffer.from(`${stamp}.`), signed.raw])).digest('hex');
    expect(verify(vapiPlatform, { ...signed, headers: { 'x-signature': signature, 'x-timestamp': stamp } }, hmac, NOW)).toEqual({ ok: true });
    expect(verify(vapiPlatform, { ...signed, headers: { 'x-signature': signature, 'x-timestamp': stamp } }, hmac, NOW + 301_000).ok).toBe(false);
    expect(verify(vapiPlatform, { ...signed, headers: { authorization: 'Bearer s3cret' } }, hmac, NOW).ok).toBe(false);
  });

  it('ignores every message but the end-of-call report, and keeps provider credentials out of the stored payload', () => {
    expect(vapiPlatform.read(delivery(vapiFixture.ignored!()), vapiFixture.config)).toMatchObject({ kind: 'ignored' });
    expect(() => vapiPlatform.read(delivery({ nothing: true }), vapiFixture.config)).toThrow(/message.type/);
    const stored = JSON.stringify(vapiPlatform.redact(vapiFixture.answered()));
    expect(stored).not.toContain('twilio-auth-token-never-stored');
    expect(stored).not.toContain('twilioAuthToken');
    expect(stored).toContain('Hi Jane, this is Acme.');
  });
});

describe('Retell', () => {
  it('verifies v=<ms>,d=<hex> over body and timestamp within five minutes', () => {
    const body = retellFixture.answered();
    const { raw } = delivery(body);
    const headers = retellFixture.sign(raw, retellFixture.config, NOW).headers!;
    expect(verify(retellPlatform, delivery(body, headers), retellFixture.config, NOW)).toEqual({ ok: true });
    expect(verify(retellPlatform, delivery(body, headers), retellFixture.config, NOW + 299_000)).toEqual({ ok: true });
    expect(verify(retellPlatform, delivery(body, headers), retellFixture.config, NOW + 301_000).ok).toBe(false);
    expect(verify(retellPlatform, delivery({ ...(body as object), event: 'call_ended' }, headers), retellFixture.config, NOW).ok).toBe(false);
    expect(verify(retellPlatform, delivery(body, { 'x-retell-signature': 'garbage' }), retellFixture.config, NOW).ok).toBe(false);
  });

  it('derives the status from disconnection_reason, in_voicemail and call_status', () => {
    expect(retellStatus('dial_no_answer', false, 'not_connected')).toBe('no_answer');
    expect(retellStatus('dial_busy', false, 'not_connected')).toBe('busy');
    expect(retellStatus('user_hangup', true, 'ended')).toBe('voicemail');
    expect(retellStatus('voicemail_reached', false, 'ended')).toBe('voicemail');
    expect(retellStatus('error_llm_websocket_open', false, 'error')).toBe('failed');
    expect(retellStatus('dial_failed', false, 'not_connected')).toBe('failed');
    expect(retellStatus('agent_hangup', false, 'ended')).toBe('completed');
  });

  it('makes call_ended and call_analyzed one event (update) or two (separate)', () => {
    const analyzed = retellFixture.answered();
    const update = retellPlatform.read(delivery(analyzed), { analysis: 'update' });
    const separate = retellPlatform.read(delivery(analyzed), { analysis: 'separate' });
    expect(update).toMatchObject({ kind: 'call_analyzed', dedupeKey: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6:call' });
    expect(separate).toMatchObject({ kind: 'call_analyzed', dedupeKey: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6:call_analyzed' });
    expect(update.kind !== 'ignored' && update.data).toMatchObject({
      customer: { phone: '+14155550123', name: 'Jane Doe' },
      call: { durationSeconds: 16, startedAt: '2024-05-02T00:07:55.945Z' },
      transcript: [
        { role: 'agent', text: 'Hi Jane, this is Acme.', at: 0.5 },
        { role: 'customer', text: 'Hi, yes.', at: 3.1 },
      ],
      variables: { appointment_booked: true },
      metadata: { lead_id: 'L-42', customer_name: 'Jane Doe' },
      summary: 'Jane booked a demo for Tuesday.',
    });
    expect(retellPlatform.read(delivery(retellFixture.ignored!()), {})).toMatchObject({ kind: 'ignored' });
  });
});

describe('ElevenLabs', () => {
  it('verifies t=<s>,v0=<hex> over "t.body" within its window', () => {
    const body = elevenlabsFixture.answered();
    const { raw } = delivery(body);
    const headers = elevenlabsFixture.sign(raw, elevenlabsFixture.config, NOW).headers!;
    const config = { ...elevenlabsFixture.config, toleranceSeconds: 1800 };
    expect(verify(elevenlabsPlatform, delivery(body, headers), config, NOW + 1_799_000)).toEqual({ ok: true });
    expect(verify(elevenlabsPlatform, delivery(body, headers), config, NOW + 1_801_000).ok).toBe(false);
    expect(verify(elevenlabsPlatform, delivery(body, headers), { ...config, webhookSecret: 'other' }, NOW).ok).toBe(false);
  });

  it('reads a transcription as a completed call and an initiation failure as a call that never connected', () => {
    const done = elevenlabsPlatform.read(delivery(elevenlabsFixture.answered()), {});
    expect(done.kind !== 'ignored' && done.data).toMatchObject({
      call: { id: 'conv_01jy', direction: 'outbound', from: '+14155550100', to: '+14155550123', durationSeconds: 125, endedAt: '2026-01-01T00:02:05.000Z', connected: true },
      variables: { appointment_booked: true },
      metadata: { lead_id: 'L-42', customer_name: 'Jane Doe', user_id: 'crm-lead-42' },
      customer: { phone: '+14155550123', name: 'Jane Doe' },
    });
    const failed = elevenlabsPlatform.read(delivery(elevenlabsFixture.notAnswered!()), {});
    expect(failed).toMatchObject({ kind: 'call_ended', dedupeKey: 'conv_01jz:call_initiation_failure' });
    expect(failed.kind !== 'ignored' && failed.data.call).toMatchObject({ status: 'no_answer', connected: false, to: '+14155550124', durationSeconds: 0 });
    expect(elevenlabsPlatform.read(delivery(elevenlabsFixture.ignored!()), {})).toMatchObject({ kind: 'ignored' });
  });
});
