import type { VoiceFixture } from './fixture';

/** Autocalls' post-call webhook as documented (reference §7.1, [A1]). */
function postCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 12345,
    customer_phone: '+14155550123',
    assistant_phone: '+14155550100',
    duration: 125,
    status: 'completed',
    extracted_variables: { status: true, summary: 'Booked demo Tuesday', lead_quality: 'high' },
    input_variables: { customer_name: 'Jane Doe', lead_id: 'L-42' },
    transcript: 'AI: Hi Jane, this is Acme.\nCustomer: Hi, yes.',
    recording_url: 'https://app.autocalls.ai/storage/recordings/call-12345.mp4',
    created_at: '2026-01-01T10:30:00.000000Z',
    finished_at: '2026-01-01T10:32:05.000000Z',
    ...overrides,
  };
}

export const autocallsFixture: VoiceFixture = {
  provider: 'voice.autocalls',
  config: { token: 'autocalls-test-url-token-0001' },
  answered: () => postCall(),
  // `busy` is one of the documented statuses; the customer never talked to the agent.
  notAnswered: () => postCall({ id: 12346, status: 'busy', duration: 0, transcript: '', recording_url: null, extracted_variables: {} }),
  // Autocalls signs nothing: the secret travels in the webhook URL the user pastes.
  sign: (_raw, config) => ({ query: { token: String(config.token) } }),
  // Autocalls' webhook does not carry the direction (reference §7.1).
  expected: { callId: '12345', customerPhone: '+14155550123', direction: null },
};
