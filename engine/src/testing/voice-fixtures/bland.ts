import { createHmac } from 'node:crypto';
import type { VoiceFixture } from './fixture';

const CALL_ID = 'c1234567-89ab-cdef-0123-456789abcdef';

/** Bland's post-call call object as documented (reference §3.1, [B1]); placeholders for ids and numbers. */
function blandCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    call_id: CALL_ID,
    c_id: CALL_ID,
    status: 'completed',
    queue_status: 'complete',
    completed: true,
    inbound: false,
    to: '+14155550123',
    from: '+14155550100',
    created_at: '2026-01-01T00:00:00.000+00:00',
    started_at: '2026-01-01T00:00:05+00:00',
    call_length: 1.18,
    corrected_duration: '71',
    answered_by: 'human',
    call_ended_by: 'USER',
    error_message: null,
    record: true,
    recording_url: 'https://recordings.example.com/bland/c1234567.mp3',
    summary: 'Jane agreed to a demo on Tuesday.',
    concatenated_transcript: 'assistant: Hi Jane, this is Acme. \n user: Hi, yes.',
    transcripts: [
      { id: 1, created_at: '2026-01-01T00:00:06+00:00', text: 'Hi Jane, this is Acme.', user: 'assistant' },
      { id: 2, created_at: '2026-01-01T00:00:09+00:00', text: 'Hi, yes.', user: 'user' },
    ],
    variables: { call_id: CALL_ID, appointment_time: 'tuesday 10am' },
    metadata: { lead_id: 'L-42', customer_name: 'Jane Doe' },
    analysis: null,
    ...overrides,
  };
}

export const blandFixture: VoiceFixture = {
  provider: 'voice.bland',
  config: { webhookSecret: 'bland-test-signing-secret' },
  answered: () => blandCall(),
  // Documented no-answer marker: `answered_by: no-answer` (only with answered_by_enabled).
  notAnswered: () =>
    blandCall({ call_id: 'c1234567-89ab-cdef-0123-4567890000aa', c_id: 'c1234567-89ab-cdef-0123-4567890000aa', answered_by: 'no-answer', corrected_duration: '0', call_length: 0, transcripts: [], summary: null, recording_url: null }),
  // A webhook for a call still in the queue (Bland's optional extra events) is acknowledged, not run.
  ignored: () => blandCall({ call_id: 'c1234567-89ab-cdef-0123-4567890000bb', queue_status: 'started', completed: false }),
  sign: (raw, config) => ({
    headers: { 'X-Webhook-Signature': createHmac('sha256', String(config.webhookSecret)).update(raw).digest('hex') },
  }),
  expected: { callId: CALL_ID, customerPhone: '+14155550123', direction: 'outbound' },
};
