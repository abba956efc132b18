import type { NormalizedCall, VoiceConfig, VoiceDelivery, VoiceEvent, VoicePlatform, VoiceVerdict } from '../voice-platform';
import { connectedOf, hmacHex, instant, num, obj, safeEqual, signatureParts, str, type Json } from '../voice-common';
import { redactCredentials } from '../redact';

/**
 * Retell AI (reference §2). `{ event, call }`; `call_ended` (no analysis yet) and
 * `call_analyzed` (with `call_analysis`) are calls, `call_started`, `transcript_updated` and
 * `transfer_*` are dropped. Signed with `x-retell-signature: v=<ms>,d=<hex HMAC-SHA256(raw body
 * + ms)>` keyed by an API key with the webhook badge (§2.2); a `v=` more than `toleranceSeconds`
 * (default 300, the SDK's ±5 minutes) away from now is stale.
 *
 * The connection's `analysis` decides what the two call events are: `update` (default) makes
 * them one event per call (same dedupe key: the first starts the flows, the later one is recorded
 * on it), `separate` makes each its own event.
 */
export const retellPlatform: VoicePlatform = {
  provider: 'voice.retell',
  title: 'Retell AI',

  verify(delivery: VoiceDelivery, config: VoiceConfig, now: number): VoiceVerdict {
    const header = delivery.headers['x-retell-signature'];
    if (!header) return { ok: false, reason: 'x-retell-signature is required' };
    const parts = signatureParts(header);
    const stamp = parts.get('v')?.[0];
    const digest = parts.get('d')?.[0]?.toLowerCase();
    if (!stamp || !/^\d{10,16}$/.test(stamp) || !digest) return { ok: false, reason: 'x-retell-signature is not v=<timestamp ms>,d=<hex>' };
    const tolerance = (num(config.toleranceSeconds) ?? 300) * 1000;
    if (Math.abs(now - Number(stamp)) > tolerance) return { ok: false, reason: 'x-retell-signature is stale (v= is outside the accepted window)' };
    const apiKey = typeof config.apiKey === 'string' ? config.apiKey : '';
    const expected = hmacHex(apiKey, Buffer.concat([delivery.raw, Buffer.from(stamp)]));
    return safeEqual(digest, expected) ? { ok: true } : { ok: false, reason: 'x-retell-signature does not match the body' };
  },

  read(delivery: VoiceDelivery, config: VoiceConfig): VoiceEvent {
    const body = obj(delivery.body);
    const event = str(body.event);
    if (!event) throw new Error('event is required: Retell sends { "event": …, "call": { … } }');
    if (event !== 'call_ended' && event !== 'call_analyzed') return { kind: 'ignored', reason: `Retell ${event} events start no flows; call_ended and call_analyzed do` };
    // `data` is the deprecated name of `call` (§2.1).
    const call = obj(body.call ?? body.data);
    const id = str(call.call_id);
    if (!id) throw new Error('call.call_id is required');
    const dedupeKey = config.analysis === 'separate' ? `${id}:${event}` : `${id}:call`;
    return { kind: event, dedupeKey, data: normalize(call, id) };
  },

  redact(body: unknown): unknown {
    return redactCredentials(body);
  },
};

function normalize(call: Json, id: string): NormalizedCall {
  const direction = call.direction === 'inbound' || call.direction === 'outbound' ? call.direction : null;
  const from = str(call.from_number);
  const to = str(call.to_number);
  const analysis = obj(call.call_analysis);
  const dynamic = obj(call.retell_llm_dynamic_variables);
  const endedReason = str(call.disconnection_reason);
  const status = retellStatus(endedReason, analysis.in_voicemail === true, str(call.call_status));
  const duration = num(call.duration_ms);
  return {
    call: {
      id,
      direction,
      from,
      to,
      startedAt: instant(call.start_timestamp),
      endedAt: instant(call.end_timestamp),
      durationSeconds: duration === null ? null : Math.round(duration / 1000),
      status,
      connected: connectedOf(status),
      endedReason,
      recordingUrl: str(call.recording_url),
    },
    agent: { id: str(call.agent_id), name: str(call.agent_name) },
    customer: { phone: direction === 'inbound' ? from : direction === 'outbound' ? to : null, name: str(dynamic.customer_name) ?? str(dynamic.name) },
    metadata: { ...obj(call.metadata), ...dynamic },
    variables: { ...obj(analysis.custom_analysis_data), ...obj(call.collected_dynamic_variables) },
    transcript: turns(call.transcript_object),
    summary: str(analysis.call_summary),
  };
}

/** `agent`/`user` turns; a transfer target's are left out; `at` is the first word's start (seconds from the call's start). */
function turns(items: unknown): NormalizedCall['transcript'] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const turn = obj(item);
    const role = turn.role === 'agent' ? 'agent' : turn.role === 'user' ? 'customer' : null;
    const text = str(turn.content);
    if (!role || !text) return [];
    const first = Array.isArray(turn.words) ? num(obj(turn.words[0]).start) : null;
    return [first === null ? { role, text } : { role, text, at: first }];
  });
}

/** Calls that never reached anyone (§2.1's `disconnection_reason` values). */
const FAILED = new Set([
  'dial_failed',
  'invalid_destination',
  'telephony_provider_permission_denied',
  'telephony_provider_unavailable',
  'sip_routing_error',
  'marked_as_spam',
  'user_declined',
  'concurrency_limit_reached',
  'no_concurrency_fallback',
  'no_valid_payment',
  'scam_detected',
  'registered_call_timeout',
]);

/** Reference §8 "Status derivation": Retell's `disconnection_reason`, `call_analysis.in_voicemail` and `call_status`. */
export function retellStatus(reason: string | null, inVoicemail: boolean, callStatus: string | null): NormalizedCall['call']['status'] {
  if (reason === 'dial_no_answer') return 'no_answer';
  if (reason === 'dial_busy') return 'busy';
  if (reason === 'voicemail_reached' || inVoicemail) return 'voicemail';
  if ((reason && (FAILED.has(reason) || reason.startsWith('error_'))) || callStatus === 'not_connected' || callStatus === 'error') return 'failed';
  return 'completed';
}
