import { connectedOf } from '../voice-common';
import { redactCredentials } from '../redact';
import { turnsFromLines } from '../transcript-lines';
import type { NormalizedCall, VoiceConfig, VoicePlatform } from '../voice-platform';
import { bodyObject, nameFrom, number, phone, plusSeconds, record, setting, text, verifyQueryToken } from './fields';

/**
 * CallKaro (reference §6): `{event: "call_ended", data: {…}}`, the only event. CallKaro documents
 * no signature, so the webhook URL the user pastes carries the connection's secret as
 * `?token=…` (config `token`), compared in constant time.
 */
export const callkaroPlatform: VoicePlatform = {
  provider: 'voice.callkaro',
  title: 'CallKaro',

  verify(delivery, config) {
    return verifyQueryToken(delivery, config, 'CallKaro');
  },

  read(delivery, config) {
    const body = bodyObject(delivery.body, 'CallKaro');
    const event = text(body.event);
    if (event !== 'call_ended') return { kind: 'ignored', reason: `CallKaro event ${event ?? '(none)'} does not end a call` };
    const data = record(body.data);
    const id = text(data?.callSid);
    if (!data || !id) throw new Error('the CallKaro call_ended webhook has no data.callSid');
    const kind = text(data.name)?.toLowerCase() ?? '';
    const direction = kind.includes('inbound') ? 'inbound' : kind.includes('outbound') ? 'outbound' : null;
    const from = phone(data.from);
    const to = phone(data.to);
    const durationSeconds = number(data.call_duration);
    const startedAt = localTime(data.time, config);
    // No status is documented (§8, §9.6): a call with no talk time was not answered; one that
    // talked completed. Busy and voicemail cannot be told apart from what CallKaro sends.
    const status = durationSeconds === 0 ? 'no_answer' : 'completed';
    const metadata = record(data.call_metadata) ?? {};
    const call: NormalizedCall = {
      call: {
        id,
        direction,
        from,
        to,
        startedAt,
        endedAt: plusSeconds(startedAt, durationSeconds),
        durationSeconds,
        status,
        connected: connectedOf(status),
        endedReason: text(data.hangup_reason),
        recordingUrl: text(data.recordingUrl),
      },
      agent: { id: text(data.agent), name: null },
      customer: { phone: direction === 'inbound' ? from : to, name: nameFrom(metadata) },
      metadata,
      variables: { ...(record(data.post_call) ?? {}) },
      // The format is undocumented beyond "Agent: Namaste... User: ..." (§9.6).
      transcript: turnsFromLines(data.transcription, { agent: ['Agent', 'AI', 'Assistant', 'Bot'], customer: ['User', 'Customer', 'Human'] }),
      // None documented (§8); `disposition_reason` is a classification, kept in the stored payload.
      summary: null,
    };
    return { kind: 'call_ended', dedupeKey: `callkaro:${id}`, data: call };
  },

  redact: redactCredentials,
};

/**
 * `time` is `YYYY-MM-DD HH:mm:ss` with no zone (§9.6). It is read in the connection's
 * `timeOffset` (`+05:30`) when set, else as UTC: a wrong guess shifts the time, never drops it.
 */
function localTime(value: unknown, config: VoiceConfig): string | null {
  const raw = text(value);
  const match = raw ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(raw) : null;
  if (!match) return null;
  const offset = setting(config, 'timeOffset');
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : 'Z';
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
