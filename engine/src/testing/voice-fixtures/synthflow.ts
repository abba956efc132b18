import { createHmac } from 'node:crypto';
import type { VoiceFixture } from './fixture';

const CALL_ID = '1711646262471x768387119913843100';
const NO_ANSWER_ID = '1711646262471x768387119913843101';

/** Synthflow's post-call webhook as documented (reference §4.1, [S1][S2][S4]). */
function postCall(call: Record<string, unknown> = {}, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'completed',
    error_message: '',
    lead: { name: 'Jane Doe', phone_number: '+14155550123', prompt_variables: { lead_id: 'L-42' } },
    call: {
      status: 'completed',
      end_call_reason: 'human_goodbye',
      model_id: 'b336ab4e-8f1e-4b6c-aca1-d8f95b5b3ef6',
      timezone: 'Europe/Berlin',
      call_id: CALL_ID,
      duration: 113,
      start_time: '2026-01-01T10:59:46+01:00',
      transcript: '\nbot: Hi Jane, this is Acme.\nhuman: Hi, yes.',
      external_id: 'crm-lead-42',
      ...call,
    },
    executed_actions: {
      extract_info_1: {
        name: 'extract_info_1',
        action_type: 'extract_info_action_type',
        parameters_hard_coded: { identifier: 'appointment' },
        error_message: null,
        return_value: { appointment: 'tuesday 10am' },
      },
    },
    collected_variables: { user_email: { value: 'jane@example.com', collected: true } },
    ...rest,
  };
}

const NOT_ANSWERED = { call_id: NO_ANSWER_ID, status: 'no-answer', end_call_reason: null, duration: 0, transcript: '' };

/**
 * Synthflow signs only `call.call_id`, so the adapter re-fetches the call from Synthflow's API
 * (`GET <baseUrl>/v2/calls/{call_id}`, `Authorization: Bearer <apiKey>`) and refuses a body that
 * disagrees with it. THE INTEGRATION TEST MUST serve that API: start a local HTTP server that
 * answers `GET /v2/calls/:id` with `synthflowApiAnswer(id)` (404 when undefined), checks the
 * Bearer key, and set this fixture's `config.baseUrl` to `http://127.0.0.1:<port>` before
 * creating the connection (the outbound policy must allow that loopback address in tests).
 */
export const synthflowFixture: VoiceFixture = {
  provider: 'voice.synthflow',
  config: { signingSecret: 'synthflow-test-webhook-secret', apiKey: 'synthflow-test-api-key', baseUrl: 'http://127.0.0.1:0' },
  answered: () => postCall(),
  notAnswered: () => postCall(NOT_ANSWERED, { status: 'no-answer' }),
  sign: (raw, config) => {
    const callId = String((JSON.parse(raw.toString('utf8')) as { call?: { call_id?: unknown } }).call?.call_id ?? '');
    return { headers: { 'Synthflow-Signature': createHmac('sha256', String(config.signingSecret)).update(callId).digest('base64') } };
  },
  expected: { callId: CALL_ID, customerPhone: '+14155550123', direction: 'outbound' },
};

/**
 * What Synthflow's `GET /v2/calls/{call_id}` answers for the fixture's calls (`{status, response:
 * {calls: [call]}}`, the API's list envelope), or undefined for a call it does not know (→ 404).
 */
export function synthflowApiAnswer(callId: string): { status: number; body: unknown } | undefined {
  const posted = callId === CALL_ID ? postCall() : callId === NO_ANSWER_ID ? postCall(NOT_ANSWERED) : undefined;
  if (!posted) return undefined;
  const call = posted.call as Record<string, unknown>;
  return {
    status: 200,
    body: {
      status: 'ok',
      response: {
        calls: [{ call_id: callId, call_status: call.status, duration: call.duration, phone_number_to: '+14155550123', model_id: call.model_id, transcript: call.transcript }],
      },
    },
  };
}
