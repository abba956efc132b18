import { connectedOf } from '../voice-common';
import { redactCredentials } from '../redact';
import { turnsFromLines } from '../transcript-lines';
import type { NormalizedCall, VoicePlatform } from '../voice-platform';
import { bodyObject, isoTime, nameFrom, number, phone, record, text, verifyQueryToken } from './fields';

/**
 * Autocalls (reference §7): the post-call webhook is the call itself, with no event name and no
 * signature, so the URL carries the connection's `?token=…` (config `token`) like CallKaro.
 */
export const autocallsPlatform: VoicePlatform = {
  provider: 'voice.autocalls',
  title: 'Autocalls',

  verify(delivery, config) {
    return verifyQueryToken(delivery, config, 'Autocalls');
  },

  read(delivery) {
    const body = bodyObject(delivery.body, 'Autocalls');
    const id = text(body.id);
    if (!id) throw new Error('the Autocalls webhook has no id');
    const rawStatus = text(body.status)?.toLowerCase() ?? null;
    const status = autocallsStatus(rawStatus);
    const customerPhone = phone(body.customer_phone);
    const assistantPhone = phone(body.assistant_phone);
    const extracted = record(body.extracted_variables) ?? {};
    const metadata = { ...(record(record(body.lead)?.variables) ?? {}), ...(record(body.input_variables) ?? {}) };
    const data: NormalizedCall = {
      call: {
        id,
        // Not in the webhook (only on GET /api/user/calls/{id}, §7.1), so unknown; `from`/`to` are
        // read as an outbound call (our number → the customer's), the common case.
        direction: null,
        from: assistantPhone,
        to: customerPhone,
        startedAt: isoTime(body.created_at),
        endedAt: isoTime(body.finished_at),
        durationSeconds: number(body.duration),
        status,
        connected: connectedOf(status),
        endedReason: rawStatus,
        recordingUrl: text(body.recording_url),
      },
      agent: { id: null, name: null },
      customer: { phone: customerPhone, name: nameFrom(record(body.input_variables), record(record(body.lead)?.variables)) },
      metadata,
      variables: extracted,
      transcript: turnsFromLines(body.transcript, { agent: ['AI'], customer: ['Customer'] }),
      summary: text(extracted.summary),
    };
    return { kind: 'call_ended', dedupeKey: `autocalls:${id}`, data };
  },

  redact: redactCredentials,
};

/**
 * `completed | busy | failed` are documented (§7.1, full list unconfirmed §9.7); `no-answer` and
 * voicemail spellings are honoured should they appear, anything else is a failure.
 */
function autocallsStatus(status: string | null): NormalizedCall['call']['status'] {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'busy':
      return 'busy';
    case 'no-answer':
    case 'no_answer':
    case 'not-answered':
    case 'unanswered':
      return 'no_answer';
    case 'voicemail':
    case 'machine':
      return 'voicemail';
    default:
      return 'failed';
  }
}
