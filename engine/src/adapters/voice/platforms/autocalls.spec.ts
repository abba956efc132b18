import { describe, expect, it } from 'vitest';
import { autocallsFixture } from '../../../testing/voice-fixtures/autocalls';
import type { VoiceDelivery } from '../voice-platform';
import { autocallsPlatform } from './autocalls';

const config = autocallsFixture.config;
const NOW = Date.parse('2026-01-01T10:35:00Z');

function delivery(body: unknown, query?: Record<string, string | undefined>): VoiceDelivery {
  const raw = Buffer.from(JSON.stringify(body));
  return { raw, body, headers: {}, query: query ?? autocallsFixture.sign(raw, config, NOW).query ?? {} };
}

function ended(event: ReturnType<typeof autocallsPlatform.read>) {
  if (event.kind === 'ignored') throw new Error(`ignored: ${event.reason}`);
  return event;
}

describe('autocallsPlatform.verify', () => {
  it('accepts the connection token in the query and refuses a missing or wrong one', () => {
    expect(autocallsPlatform.verify(delivery(autocallsFixture.answered()), config, NOW)).toEqual({ ok: true });
    expect(autocallsPlatform.verify(delivery(autocallsFixture.answered(), {}), config, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('no token') });
    expect(autocallsPlatform.verify(delivery(autocallsFixture.answered(), { token: 'guess' }), config, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(autocallsPlatform.verify(delivery(autocallsFixture.answered()), { token: '' }, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('no token configured') });
  });
});

describe('autocallsPlatform.read', () => {
  it('normalises the documented post-call example', () => {
    expect(autocallsPlatform.read(delivery(autocallsFixture.answered()), config)).toEqual({
      kind: 'call_ended',
      dedupeKey: 'autocalls:12345',
      data: {
        call: {
          id: '12345',
          direction: null,
          from: '+14155550100',
          to: '+14155550123',
          startedAt: '2026-01-01T10:30:00.000Z',
          endedAt: '2026-01-01T10:32:05.000Z',
          durationSeconds: 125,
          status: 'completed',
          connected: true,
          endedReason: 'completed',
          recordingUrl: 'https://app.autocalls.ai/storage/recordings/call-12345.mp4',
        },
        agent: { id: null, name: null },
        customer: { phone: '+14155550123', name: 'Jane Doe' },
        metadata: { customer_name: 'Jane Doe', lead_id: 'L-42' },
        variables: { status: true, summary: 'Booked demo Tuesday', lead_quality: 'high' },
        transcript: [
          { role: 'agent', text: 'Hi Jane, this is Acme.' },
          { role: 'customer', text: 'Hi, yes.' },
        ],
        summary: 'Booked demo Tuesday',
      },
    });
    expect(autocallsFixture.expected).toEqual({ callId: '12345', customerPhone: '+14155550123', direction: null });
  });

  it('reads busy, failed and no-answer as not connected', () => {
    expect(ended(autocallsPlatform.read(delivery(autocallsFixture.notAnswered!()), config)).data.call).toMatchObject({ status: 'busy', connected: false, endedReason: 'busy' });
    for (const [sent, status] of [['failed', 'failed'], ['no-answer', 'no_answer'], ['something-new', 'failed']]) {
      const event = ended(autocallsPlatform.read(delivery({ ...(autocallsFixture.answered() as object), status: sent }), config));
      expect(event.data.call).toMatchObject({ status, connected: false });
    }
  });

  it('takes campaign lead variables into metadata, the call’s own input variables winning', () => {
    const body = { ...(autocallsFixture.answered() as object), lead: { id: 7, phone_number: '+14155550123', variables: { lead_id: 'old', segment: 'b2b' } } };
    expect(ended(autocallsPlatform.read(delivery(body), config)).data.metadata).toEqual({ lead_id: 'L-42', segment: 'b2b', customer_name: 'Jane Doe' });
  });

  it('rejects a body without id and keeps the dedupe key stable', () => {
    expect(() => autocallsPlatform.read(delivery({ status: 'completed' }), config)).toThrow('no id');
    expect(ended(autocallsPlatform.read(delivery(autocallsFixture.answered()), config)).dedupeKey).toBe(ended(autocallsPlatform.read(delivery(autocallsFixture.answered()), config)).dedupeKey);
  });
});

describe('autocallsPlatform.redact', () => {
  it('drops credential-like keys from the input variables', () => {
    const body = { ...(autocallsFixture.answered() as object), input_variables: { lead_id: 'L-42', password: 'p', 'x-api-key': 'k' } };
    expect((autocallsPlatform.redact(body) as { input_variables: unknown }).input_variables).toEqual({ lead_id: 'L-42' });
  });
});
