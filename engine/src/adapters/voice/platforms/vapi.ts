import type { NormalizedCall, VoiceConfig, VoiceDelivery, VoiceEvent, VoicePlatform, VoiceVerdict } from '../voice-platform';
import { connectedOf, hmacHex, instant, num, obj, safeEqual, str, type Json } from '../voice-common';
import { redactCredentials } from '../redact';

/**
 * Vapi (reference §1). Every server message is `{ message: { type, call, … } }`; only the
 * `end-of-call-report` starts flows (`status-update`, `transcript`, `hang`… are answered and
 * dropped). Vapi signs nothing by itself: the server's credential is a Bearer token (header
 * `Authorization: Bearer <secret>` or the legacy `X-Vapi-Secret: <secret>`), or an HMAC plan
 * whose settings are ours to choose (§1.2): sha256, hex, payload `{timestamp}.{body}`, headers
 * `x-signature` and `x-timestamp`. With `hmacSecret` set the HMAC is required (the timestamp
 * unit is not documented: seconds and milliseconds are both read, §9.1) and a secret header,
 * when one comes too, must match; without it the secret header is required.
 */
export const vapiPlatform: VoicePlatform = {
  provider: 'voice.vapi',
  title: 'Vapi',

  verify(delivery: VoiceDelivery, config: VoiceConfig, now: number): VoiceVerdict {
    const secret = typeof config.secret === 'string' ? config.secret : '';
    const bearer = delivery.headers.authorization?.replace(/^Bearer\s+/i, '');
    const given = delivery.headers['x-vapi-secret'] ?? bearer;
    const hmacSecret = typeof config.hmacSecret === 'string' ? config.hmacSecret : '';
    if (hmacSecret) {
      const signature = delivery.headers['x-signature']?.replace(/^sha256=/i, '').trim().toLowerCase();
      const timestamp = delivery.headers['x-timestamp']?.trim();
      if (!signature || !timestamp) return { ok: false, reason: 'x-signature and x-timestamp are required (the server credential is an HMAC plan)' };
      const stamp = num(timestamp);
      if (stamp === null) return { ok: false, reason: 'x-timestamp is not a number' };
      const ms = stamp > 1e12 ? stamp : stamp * 1000;
      const tolerance = (num(config.hmacToleranceSeconds) ?? 300) * 1000;
      if (Math.abs(now - ms) > tolerance) return { ok: false, reason: 'x-timestamp is outside the accepted window' };
      if (!safeEqual(signature, hmacHex(hmacSecret, Buffer.concat([Buffer.from(`${timestamp}.`), delivery.raw])))) return { ok: false, reason: 'x-signature does not match the body' };
      if (given !== undefined && !safeEqual(given, secret)) return { ok: false, reason: 'the secret header does not match' };
      return { ok: true };
    }
    if (given === undefined) return { ok: false, reason: 'Authorization: Bearer <secret> or X-Vapi-Secret is required' };
    return safeEqual(given, secret) ? { ok: true } : { ok: false, reason: 'the secret does not match' };
  },

  read(delivery: VoiceDelivery): VoiceEvent {
    const message = obj(obj(delivery.body).message);
    const type = str(message.type);
    if (!type) throw new Error('message.type is required: Vapi sends { "message": { "type": … } }');
    if (type !== 'end-of-call-report') return { kind: 'ignored', reason: `Vapi ${type} messages start no flows; only end-of-call-report does` };
    const call = obj(message.call);
    const id = str(call.id);
    if (!id) throw new Error('message.call.id is required in an end-of-call-report');
    return { kind: 'call_ended', dedupeKey: `${id}:end-of-call-report`, data: normalize(message, call, id) };
  },

  redact(body: unknown): unknown {
    return redactCredentials(body);
  },
};

function normalize(message: Json, call: Json, id: string): NormalizedCall {
  const direction = call.type === 'inboundPhoneCall' ? 'inbound' : call.type === 'outboundPhoneCall' ? 'outbound' : null;
  const customer = { ...obj(call.customer), ...obj(message.customer) };
  const customerPhone = str(customer.number);
  const ourNumber = str(obj(message.phoneNumber).number);
  const startedAt = instant(message.startedAt ?? call.startedAt);
  const endedAt = instant(message.endedAt ?? call.endedAt);
  const durationSeconds = startedAt && endedAt ? Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000)) : null;
  const endedReason = str(message.endedReason ?? call.endedReason);
  const status = vapiStatus(endedReason);
  const artifact = obj(message.artifact);
  const recording = obj(artifact.recording);
  const analysis = obj(message.analysis);
  const outputs: Json = {};
  for (const output of Object.values(obj(artifact.structuredOutputs))) {
    const name = str(obj(output).name);
    if (name) outputs[name] = obj(output).result;
  }
  const assistant = obj(message.assistant);
  return {
    call: {
      id,
      direction,
      from: direction === 'inbound' ? customerPhone : direction === 'outbound' ? ourNumber : null,
      to: direction === 'inbound' ? ourNumber : direction === 'outbound' ? customerPhone : null,
      startedAt,
      endedAt,
      durationSeconds,
      status,
      connected: connectedOf(status),
      endedReason,
      recordingUrl: str(obj(recording.mono).combinedUrl) ?? str(artifact.recordingUrl) ?? str(recording.stereoUrl),
    },
    agent: { id: str(call.assistantId), name: str(assistant.name) },
    customer: { phone: customerPhone, name: str(customer.name) },
    metadata: { ...obj(obj(call.assistantOverrides).variableValues), ...obj(assistant.metadata) },
    variables: { ...obj(analysis.structuredData), ...outputs },
    transcript: turns(artifact.messages),
    summary: str(analysis.summary),
  };
}

/** `bot`/`assistant` turns are the agent's, `user` the customer's; system and tool messages are left out (§1.1). */
function turns(messages: unknown): NormalizedCall['transcript'] {
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((item) => {
    const turn = obj(item);
    const role = turn.role === 'bot' || turn.role === 'assistant' ? 'agent' : turn.role === 'user' ? 'customer' : null;
    const text = str(turn.message);
    if (!role || !text) return [];
    const at = num(turn.secondsFromStart);
    return [at === null ? { role, text } : { role, text, at }];
  });
}

/** Reference §8 "Status derivation": Vapi's `endedReason`. */
export function vapiStatus(reason: string | null): NormalizedCall['call']['status'] {
  if (!reason) return 'completed';
  if (reason === 'customer-did-not-answer') return 'no_answer';
  if (reason === 'customer-busy') return 'busy';
  if (reason === 'voicemail') return 'voicemail';
  if (reason.includes('failed-to-connect') || reason.startsWith('call.start.error') || reason.startsWith('pipeline-error') || reason.includes('error')) return 'failed';
  return 'completed';
}
