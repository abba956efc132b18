import type { VoiceFixture } from './fixture';

/** Vapi's end-of-call report as in reference §1.1 (built from Vapi's schema), with a Twilio credential in `phoneNumber` to prove it is not stored. */
const report = (overrides: { id: string; endedReason: string; endedAt: string; messages: unknown[] }) => ({
  message: {
    type: 'end-of-call-report',
    timestamp: 1767225725000,
    endedReason: overrides.endedReason,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: overrides.endedAt,
    cost: 0.21,
    call: {
      id: overrides.id,
      type: 'outboundPhoneCall',
      status: 'ended',
      assistantId: 'asst_9f1',
      phoneNumberId: 'pn_77',
      customer: { number: '+14155550123', name: 'Jane Doe' },
      assistantOverrides: { variableValues: { leadId: 'L-42' } },
    },
    phoneNumber: { provider: 'twilio', number: '+14155550100', twilioAccountSid: 'AC123', twilioAuthToken: 'twilio-auth-token-never-stored' },
    customer: { number: '+14155550123', name: 'Jane Doe' },
    assistant: { name: 'Booking agent', metadata: { crmAccount: 'A1' } },
    analysis: {
      summary: 'Jane booked a demo for Tuesday 10:00.',
      structuredData: { appointmentBooked: true, slot: '2026-01-06T10:00' },
      successEvaluation: 'true',
    },
    artifact: {
      transcript: 'AI: Hi Jane, this is Acme.\nUser: Hi, yes.',
      messages: overrides.messages,
      recording: { stereoUrl: 'https://recordings.example.com/vapi/4a1c-stereo.wav', mono: { combinedUrl: 'https://recordings.example.com/vapi/4a1c-mono.wav' } },
      structuredOutputs: { so_1: { name: 'Lead', result: { email: 'jane@example.com' } } },
    },
  },
});

export const vapiFixture: VoiceFixture = {
  provider: 'voice.vapi',
  config: { secret: 'vapi-server-secret-1' },
  answered: () =>
    report({
      id: '4a1c7f2e-0000-4000-8000-000000000001',
      endedReason: 'customer-ended-call',
      endedAt: '2026-01-01T00:02:05.000Z',
      messages: [
        { role: 'system', message: 'You are a booking agent.', time: 1767225600000, secondsFromStart: 0 },
        { role: 'bot', message: 'Hi Jane, this is Acme.', time: 1767225601000, endTime: 1767225603000, secondsFromStart: 1.1 },
        { role: 'user', message: 'Hi, yes.', time: 1767225604000, endTime: 1767225605000, secondsFromStart: 4.0 },
      ],
    }),
  // Voicemail picked up and the agent talked to it for 20 seconds: a duration, but not connected.
  notAnswered: () => report({ id: '4a1c7f2e-0000-4000-8000-000000000002', endedReason: 'voicemail', endedAt: '2026-01-01T00:00:20.000Z', messages: [] }),
  ignored: () => ({ message: { type: 'status-update', status: 'ended', call: { id: '4a1c7f2e-0000-4000-8000-000000000001' } } }),
  sign: (_raw, config) => ({ headers: { authorization: `Bearer ${String(config.secret)}` } }),
  expected: { callId: '4a1c7f2e-0000-4000-8000-000000000001', customerPhone: '+14155550123', direction: 'outbound' },
};
