import type { VoiceFixture } from './fixture';

const CALL_SID = '2303fa770b666a64ab1694c1e';

/** CallKaro's `call_ended` as documented (reference §6.1, [K2]): numbers without `+`, as CallKaro writes them. */
function callEnded(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'call_ended',
    data: {
      callSid: CALL_SID,
      name: 'outbound',
      agent: '6803fa770b666a64ab1694c1e',
      versionId: '1203fa770b666a64ab1694c1e',
      from: '919876543210',
      to: '918765432109',
      recordingUrl: 'https://recordings.example.com/callkaro/2303fa77.mp3',
      call_duration: 120,
      time: '2025-12-19 16:01:07',
      transcription: 'Agent: Namaste, this is Acme. User: Hello, yes.',
      batchId: null,
      hangup_reason: 'CLIENT_INITIATED',
      call_metadata: { name: 'Jatin', lead_id: 'L-42' },
      try_count: 0,
      post_call: { lead_status: 'interested' },
      post_call_detail: { lead_status: { value: 'interested', comment: 'Customer showed interest' } },
      functions_called: [{ name: 'update_crm', success: true, timestamp: '2025-12-19T15:25:00.000Z' }],
      disposition_reason: 'Customer requested callback',
      conversion_status: true,
      next_call_scheduled: false,
      call_link: 'https://callkaro.ai/dashboard/call-history?call_id=abc123',
      ...overrides,
    },
  };
}

export const callkaroFixture: VoiceFixture = {
  provider: 'voice.callkaro',
  config: { token: 'callkaro-test-url-token-0001' },
  answered: () => callEnded(),
  // No status is documented: zero talk time is how a not-answered call reads (reference §8 heuristic).
  notAnswered: () => callEnded({ callSid: '2303fa770b666a64ab16900aa', call_duration: 0, transcription: '', recordingUrl: null, hangup_reason: 'NO_ANSWER' }),
  ignored: () => ({ event: 'call_started', data: { callSid: '2303fa770b666a64ab16900bb' } }),
  // CallKaro signs nothing: the secret travels in the webhook URL the user pastes.
  sign: (_raw, config) => ({ query: { token: String(config.token) } }),
  expected: { callId: CALL_SID, customerPhone: '+918765432109', direction: 'outbound' },
};
