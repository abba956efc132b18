import { createHmac } from 'node:crypto';
import type { VoiceFixture } from './fixture';

/** ElevenLabs' `post_call_transcription` example of reference §5.1 (built from the docs and the Python SDK's types). */
const answered = () => ({
  type: 'post_call_transcription',
  event_timestamp: 1767225730,
  data: {
    agent_id: 'agent_01jx',
    agent_name: 'Booking agent',
    conversation_id: 'conv_01jy',
    status: 'done',
    user_id: 'crm-lead-42',
    transcript: [
      { role: 'agent', message: 'Hi Jane, this is Acme.', time_in_call_secs: 0 },
      { role: 'user', message: 'Hi, yes.', time_in_call_secs: 3 },
    ],
    metadata: {
      start_time_unix_secs: 1767225600,
      call_duration_secs: 125,
      termination_reason: 'Client disconnected',
      phone_call: { type: 'twilio', direction: 'outbound', phone_number_id: 'phnum_1', agent_number: '+14155550100', external_number: '+14155550123', stream_sid: 'MZ1', call_sid: 'CA1' },
    },
    analysis: {
      call_successful: 'success',
      transcript_summary: 'Jane booked a demo for Tuesday.',
      evaluation_criteria_results: {},
      data_collection_results: { appointment_booked: { data_collection_id: 'appointment_booked', value: true, rationale: 'Caller confirmed Tuesday.' } },
    },
    conversation_initiation_client_data: { dynamic_variables: { lead_id: 'L-42', customer_name: 'Jane Doe' } },
    has_audio: true,
    has_user_audio: true,
    has_response_audio: true,
  },
});

export const elevenlabsFixture: VoiceFixture = {
  provider: 'voice.elevenlabs',
  config: { webhookSecret: 'wsec_elevenlabs_1' },
  answered,
  // An outbound call nobody answered: Twilio's status callback in `metadata.body` (§5.1).
  notAnswered: () => ({
    type: 'call_initiation_failure',
    event_timestamp: 1767225800,
    data: {
      agent_id: 'agent_01jx',
      conversation_id: 'conv_01jz',
      failure_reason: 'no-answer',
      metadata: { type: 'twilio', body: { CallSid: 'CA2', To: '+14155550124', From: '+14155550100', CallStatus: 'no-answer' } },
    },
  }),
  ignored: () => ({ type: 'post_call_audio', event_timestamp: 1767225731, data: { agent_id: 'agent_01jx', conversation_id: 'conv_01jy', full_audio: 'SUQzBAAAAAAA' } }),
  /** `t=<unix s>,v0=<hex HMAC-SHA256("t.body")>` (§5.2). */
  sign: (raw, config, now) => {
    const stamp = String(Math.floor(now / 1000));
    const digest = createHmac('sha256', String(config.webhookSecret)).update(Buffer.concat([Buffer.from(`${stamp}.`), raw])).digest('hex');
    return { headers: { 'elevenlabs-signature': `t=${stamp},v0=${digest}` } };
  },
  expected: { callId: 'conv_01jy', customerPhone: '+14155550123', direction: 'outbound' },
};
