import { createHmac } from 'node:crypto';
import type { VoiceFixture } from './fixture';

/** Retell's `call_analyzed` example of reference §2.1 (built from Retell's docs and SDK types). */
const answered = () => ({
  event: 'call_analyzed',
  call: {
    call_type: 'phone_call',
    call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6',
    agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
    agent_name: 'Booking agent',
    agent_version: 3,
    call_status: 'ended',
    direction: 'outbound',
    from_number: '+14155550100',
    to_number: '+14155550123',
    start_timestamp: 1714608475945,
    end_timestamp: 1714608491736,
    duration_ms: 15791,
    disconnection_reason: 'user_hangup',
    transcript: 'Agent: Hi Jane, this is Acme.\nUser: Hi, yes.\n',
    transcript_object: [
      { role: 'agent', content: 'Hi Jane, this is Acme.', words: [{ word: 'Hi', start: 0.5, end: 0.7 }] },
      { role: 'user', content: 'Hi, yes.', words: [{ word: 'Hi,', start: 3.1, end: 3.3 }] },
    ],
    recording_url: 'https://recordings.example.com/retell/Jabr9TXY.wav',
    metadata: { lead_id: 'L-42' },
    retell_llm_dynamic_variables: { customer_name: 'Jane Doe' },
    call_analysis: {
      call_summary: 'Jane booked a demo for Tuesday.',
      in_voicemail: false,
      user_sentiment: 'Positive',
      call_successful: true,
      custom_analysis_data: { appointment_booked: true },
    },
  },
});

export const retellFixture: VoiceFixture = {
  provider: 'voice.retell',
  config: { apiKey: 'key_retell_webhook_badge_1' },
  answered,
  // A dial that nobody picked up: no call_started, but call_ended (§2.1).
  notAnswered: () => ({
    event: 'call_ended',
    call: {
      call_type: 'phone_call',
      call_id: 'Kbcs0UYZZKgwm7Tzzqj99seBIdnr7',
      agent_id: 'oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD',
      call_status: 'not_connected',
      direction: 'outbound',
      from_number: '+14155550100',
      to_number: '+14155550124',
      start_timestamp: 1714608475945,
      end_timestamp: 1714608500945,
      duration_ms: 0,
      disconnection_reason: 'dial_no_answer',
    },
  }),
  ignored: () => ({ event: 'call_started', call: { call_id: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6', call_status: 'ongoing', direction: 'outbound' } }),
  /** `v=<ms>,d=<hex HMAC-SHA256(body + ms)>` keyed by the API key (§2.2, the SDK's webhook_auth). */
  sign: (raw, config, now) => {
    const stamp = String(now);
    const digest = createHmac('sha256', String(config.apiKey)).update(Buffer.concat([raw, Buffer.from(stamp)])).digest('hex');
    return { headers: { 'x-retell-signature': `v=${stamp},d=${digest}` } };
  },
  expected: { callId: 'Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6', customerPhone: '+14155550123', direction: 'outbound' },
};
