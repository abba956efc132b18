import type { NormalizedCall, VoiceConfig, VoiceDelivery, VoiceEvent, VoicePlatform, VoiceVerdict } from '../voice-platform';
import { connectedOf, hmacHex, instant, num, obj, safeEqual, signatureParts, str, type Json } from '../voice-common';
import { redactCredentials } from '../redact';

/**
 * ElevenLabs Agents Platform (reference §5). `{ type, event_timestamp, data }`:
 * `post_call_transcription` is a call that took place, `call_initiation_failure` a call that
 * never connected (busy, no answer, or a connection error: not sent when voicemail answers),
 * `post_call_audio` (base64 MP3) is dropped. Signed with `ElevenLabs-Signature: t=<unix s>,
 * v0=<hex HMAC-SHA256("<t>.<raw body>")>`; a `t` more than `toleranceSeconds` (default 1800,
 * the SDK's 30 minutes) old — or as far in the future — is stale (§5.2).
 */
export const elevenlabsPlatform: VoicePlatform = {
  provider: 'voice.elevenlabs',
  title: 'ElevenLabs',

  verify(delivery: VoiceDelivery, config: VoiceConfig, now: number): VoiceVerdict {
    const header = delivery.headers['elevenlabs-signature'];
    if (!header) return { ok: false, reason: 'ElevenLabs-Signature is required' };
    const parts = signatureParts(header);
    const stamp = parts.get('t')?.[0];
    const signatures = (parts.get('v0') ?? []).map((value) => value.toLowerCase());
    if (!stamp || !/^\d{9,11}$/.test(stamp) || signatures.length === 0) return { ok: false, reason: 'ElevenLabs-Signature is not t=<unix seconds>,v0=<hex>' };
    const tolerance = num(config.toleranceSeconds) ?? 1800;
    if (Math.abs(now / 1000 - Number(stamp)) > tolerance) return { ok: false, reason: 'ElevenLabs-Signature is stale (t= is outside the accepted window)' };
    const secret = typeof config.webhookSecret === 'string' ? config.webhookSecret : '';
    const expected = hmacHex(secret, Buffer.concat([Buffer.from(`${stamp}.`), delivery.raw]));
    return signatures.some((signature) => safeEqual(signature, expected)) ? { ok: true } : { ok: false, reason: 'ElevenLabs-Signature does not match the body' };
  },

  read(delivery: VoiceDelivery): VoiceEvent {
    const body = obj(delivery.body);
    const type = str(body.type);
    if (!type) throw new Error('type is required: ElevenLabs sends { "type": …, "event_timestamp": …, "data": { … } }');
    const data = obj(body.data);
    if (type !== 'post_call_transcription' && type !== 'call_initiation_failure') return { kind: 'ignored', reason: `ElevenLabs ${type} webhooks start no flows; post_call_transcription and call_initiation_failure do` };
    const id = str(data.conversation_id);
    if (!id) throw new Error('data.conversation_id is required');
    const normalized = type === 'post_call_transcription' ? transcription(data, id) : initiationFailure(data, id, num(body.event_timestamp));
    return { kind: 'call_ended', dedupeKey: `${id}:${type}`, data: normalized };
  },

  redact(body: unknown): unknown {
    return redactCredentials(body);
  },
};

function transcription(data: Json, id: string): NormalizedCall {
  const metadata = obj(data.metadata);
  const phone = obj(metadata.phone_call);
  const direction = phone.direction === 'inbound' || phone.direction === 'outbound' ? phone.direction : null;
  const external = str(phone.external_number);
  const agentNumber = str(phone.agent_number);
  const start = num(metadata.start_time_unix_secs);
  const duration = num(metadata.call_duration_secs);
  const analysis = obj(data.analysis);
  const dynamic = obj(obj(data.conversation_initiation_client_data).dynamic_variables);
  const variables: Json = {};
  for (const [key, result] of Object.entries(obj(analysis.data_collection_results))) variables[key] = obj(result).value;
  const userId = str(data.user_id);
  const status = 'completed';
  return {
    call: {
      id,
      direction,
      from: direction === 'inbound' ? external : direction === 'outbound' ? agentNumber : null,
      to: direction === 'inbound' ? agentNumber : direction === 'outbound' ? external : null,
      startedAt: instant(start, 's'),
      endedAt: start !== null && duration !== null ? instant(start + duration, 's') : null,
      durationSeconds: duration,
      status,
      connected: connectedOf(status),
      endedReason: str(metadata.termination_reason),
      // The transcription carries no audio URL: post_call_audio or GET /v1/convai/conversations/{id}/audio (§5.1).
      recordingUrl: null,
    },
    agent: { id: str(data.agent_id), name: str(data.agent_name) },
    customer: { phone: external, name: str(dynamic.customer_name) ?? str(dynamic.name) },
    metadata: userId === null ? dynamic : { ...dynamic, user_id: userId },
    variables,
    transcript: turns(data.transcript),
    summary: str(analysis.transcript_summary),
  };
}

/** A call that never connected: `failure_reason` busy / no-answer / unknown, numbers from Twilio's or SIP's status body (§5.1). */
function initiationFailure(data: Json, id: string, eventTimestamp: number | null): NormalizedCall {
  const metadata = obj(data.metadata);
  const detail = obj(metadata.body);
  const from = str(detail.From) ?? str(detail.from_number);
  const to = str(detail.To) ?? str(detail.to_number);
  const reason = str(data.failure_reason);
  const status = reason === 'busy' ? 'busy' : reason === 'no-answer' ? 'no_answer' : 'failed';
  const at = instant(eventTimestamp, 's');
  return {
    // Only calls the agent places fail to initiate: outbound, the customer is the number called.
    call: { id, direction: 'outbound', from, to, startedAt: at, endedAt: at, durationSeconds: 0, status, connected: connectedOf(status), endedReason: reason, recordingUrl: null },
    agent: { id: str(data.agent_id), name: str(data.agent_name) },
    customer: { phone: to, name: null },
    metadata: {},
    variables: {},
    transcript: [],
    summary: null,
  };
}

/** `agent`/`user` turns with their text (tool-only turns have none); `at` is `time_in_call_secs`. */
function turns(items: unknown): NormalizedCall['transcript'] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const turn = obj(item);
    const role = turn.role === 'agent' ? 'agent' : turn.role === 'user' ? 'customer' : null;
    const text = str(turn.message);
    if (!role || !text) return [];
    const at = num(turn.time_in_call_secs);
    return [at === null ? { role, text } : { role, text, at }];
  });
}
