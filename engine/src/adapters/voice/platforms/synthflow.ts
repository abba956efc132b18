import { connectedOf } from '../voice-common';
import { redactCredentials } from '../redact';
import { turnsFromLines } from '../transcript-lines';
import type { NormalizedCall, VoiceConfig, VoicePlatform, VoiceVerdict } from '../voice-platform';
import { bodyObject, hmacSha256, isoTime, nameFrom, number, phone, plusSeconds, record, sameSecret, setting, text, type Json } from './fields';

/**
 * Synthflow's global API. US and EU workspaces set `baseUrl` to `https://api.us.synthflow.ai` or
 * `https://api.eu.synthflow.ai` (https://docs.synthflow.ai/getting-started-with-your-api lists them
 * with a trailing `/v2/`, which is accepted too).
 */
export const SYNTHFLOW_DEFAULT_BASE_URL = 'https://api.synthflow.ai';

/**
 * Synthflow (reference §4). Its signature is base64 HMAC-SHA256 of the **call id only**, keyed
 * with the webhook secret from Settings → Security → Webhooks (config `signingSecret`), so it
 * proves the call id came from Synthflow but not the rest of the body. `verify` therefore
 * re-fetches the call (`GET <baseUrl>/v2/calls/{call_id}`, Bearer config `apiKey`) and refuses a
 * body whose status, duration or lead phone disagree with what Synthflow's API holds: a replayed
 * signature cannot carry a forged outcome. (`read` then reads the posted body, now known to agree
 * on the fields flows filter on; the adapter interface has no channel from verify to read.)
 */
export const synthflowPlatform: VoicePlatform = {
  provider: 'voice.synthflow',
  title: 'Synthflow',

  async verify(delivery, config, _now, fetchJson) {
    const secret = setting(config, 'signingSecret');
    if (!secret) return { ok: false, reason: 'the Synthflow connection has no signingSecret configured' };
    const apiKey = setting(config, 'apiKey');
    if (!apiKey) return { ok: false, reason: 'the Synthflow connection has no apiKey to re-fetch the call with' };
    const signature = SIGNATURE_HEADERS.map((name) => delivery.headers[name]?.trim()).find((value) => !!value);
    if (!signature) return { ok: false, reason: 'missing Synthflow-Signature header' };
    const posted = record(record(delivery.body)?.call);
    const callId = text(posted?.call_id);
    if (!posted || !callId) return { ok: false, reason: 'the body has no call.call_id to check the signature against' };
    if (!sameSecret(signature, hmacSha256(secret, callId).toString('base64'))) {
      return { ok: false, reason: 'Synthflow-Signature does not match call.call_id' };
    }
    if (!fetchJson) return { ok: false, reason: 'the Synthflow call cannot be re-fetched here' };
    let fetched: unknown;
    try {
      fetched = await fetchJson(`${baseUrl(config)}/v2/calls/${encodeURIComponent(callId)}`, { authorization: `Bearer ${apiKey}`, accept: 'application/json' });
    } catch (error) {
      return { ok: false, reason: `could not re-fetch call ${callId} from Synthflow: ${error instanceof Error ? error.message : String(error)}` };
    }
    return agreesWithApi(record(delivery.body) ?? {}, posted, callId, fetched);
  },

  read(delivery) {
    const body = bodyObject(delivery.body, 'Synthflow');
    const call = record(body.call);
    const id = text(call?.call_id);
    if (!call || !id) throw new Error('the Synthflow webhook has no call.call_id');
    const lead = record(body.lead);
    const startedAt = isoTime(call.start_time);
    const durationSeconds = number(call.duration);
    const status = synthflowStatus(text(call.status) ?? text(body.status));
    const customerPhone = phone(lead?.phone_number);
    const metadata: Json = { ...(record(lead?.prompt_variables) ?? {}) };
    const externalId = text(call.external_id);
    if (externalId) metadata.external_id = externalId;
    const endReason = text(call.end_call_reason);
    const customReason = text(call.custom_end_call_reason);
    const data: NormalizedCall = {
      call: {
        id,
        // The webhook does not say; calls reaching `external_webhook_url` were created through the
        // API (outbound), inbound calls report to `inbound_call_webhook_url` (§4.1, §8).
        direction: 'outbound',
        from: null,
        to: customerPhone,
        startedAt,
        endedAt: plusSeconds(startedAt, durationSeconds),
        durationSeconds,
        status,
        connected: connectedOf(status),
        endedReason: customReason && endReason ? `${endReason}: ${customReason}` : (endReason ?? customReason ?? text(body.error_message)),
        // Deprecated on the call APIs, and whether the webhook carries it is unconfirmed (§9.4).
        recordingUrl: text(call.recording_url) ?? text(body.recording_url),
      },
      agent: { id: text(call.model_id), name: null },
      customer: { phone: customerPhone, name: text(lead?.name) ?? nameFrom(record(lead?.prompt_variables)) },
      metadata,
      variables: { ...actionResults(body.executed_actions), ...collected(body.collected_variables) },
      transcript: turnsFromLines(call.transcript, { agent: ['bot'], customer: ['human'] }),
      summary: null,
    };
    return { kind: 'call_ended', dedupeKey: `synthflow:${id}`, data };
  },

  redact: redactCredentials,
};

/**
 * The header is documented in its WSGI spelling `HTTP_SYNTHFLOW_SIGNATURE` (§4.2, §9.4): on the
 * wire that is `Synthflow-Signature`; the `X-` form and the literal are accepted as community
 * code does, until a live delivery confirms the name.
 */
const SIGNATURE_HEADERS = ['synthflow-signature', 'x-synthflow-signature', 'http_synthflow_signature'];

function baseUrl(config: VoiceConfig): string {
  return (setting(config, 'baseUrl') ?? SYNTHFLOW_DEFAULT_BASE_URL).replace(/\/+$/, '').replace(/\/v2$/, '');
}

/**
 * Compares the posted call with Synthflow's own record of it. The GET call response is read
 * tolerantly (`{response:{calls:[…]}}`, `{response:{…}}`, `{call:{…}}` or the call itself) and
 * only fields present on both sides are compared: status (`call.status` ↔ `call_status`|`status`),
 * duration, lead phone (`lead.phone_number` ↔ `phone_number_to`|`lead_phone_number`|`phone_number`).
 */
function agreesWithApi(body: Json, posted: Json, callId: string, fetched: unknown): VoiceVerdict {
  const call = fetchedCall(fetched);
  if (!call) return { ok: false, reason: `Synthflow's API returned no call ${callId}` };
  const fetchedId = text(call.call_id) ?? text(call.id);
  if (fetchedId && fetchedId !== callId) return { ok: false, reason: `Synthflow's API returned call ${fetchedId} for ${callId}` };
  const checks: Array<[string, string | null, string | null]> = [
    ['call.status', text(posted.status), text(call.call_status) ?? text(call.status)],
    ['call.duration', numberText(posted.duration), numberText(call.duration)],
    ['lead.phone_number', phone(record(body.lead)?.phone_number), phone(call.phone_number_to ?? call.lead_phone_number ?? call.phone_number)],
  ];
  for (const [field, given, known] of checks) {
    if (given !== null && known !== null && given.toLowerCase() !== known.toLowerCase()) {
      return { ok: false, reason: `${field} disagrees with Synthflow's record of call ${callId}` };
    }
  }
  return { ok: true };
}

function fetchedCall(fetched: unknown): Json | null {
  const root = record(fetched);
  if (!root) return null;
  const response = record(root.response);
  const calls = response?.calls ?? root.calls;
  if (Array.isArray(calls)) return record(calls[0]);
  return record(response?.call) ?? response ?? record(root.call) ?? (text(root.call_id) ? root : null);
}

function numberText(value: unknown): string | null {
  const found = number(value);
  return found === null ? null : String(found);
}

/** Reference §8 status derivation for `call.status`; unknown values are failures, not silent successes. */
function synthflowStatus(status: string | null): NormalizedCall['call']['status'] {
  switch (status?.toLowerCase()) {
    case 'completed':
      return 'completed';
    case 'no-answer':
    case 'no_answer':
      return 'no_answer';
    case 'busy':
      return 'busy';
    case 'hangup_on_voicemail':
    case 'left_voicemail':
    case 'voicemail':
      return 'voicemail';
    default:
      return 'failed';
  }
}

/** `executed_actions[*].return_value` objects merged (extract-info actions return what they extracted). */
function actionResults(value: unknown): Json {
  const out: Json = {};
  for (const action of Object.values(record(value) ?? {})) Object.assign(out, record(record(action)?.return_value) ?? {});
  return out;
}

/**
 * `collected_variables`: `{name: {value, collected}}`, or keyed by agent id first per the
 * 2026-02 changelog (§4.1, §9.4); both read to `{name: value}`, uncollected slots skipped.
 */
function collected(value: unknown): Json {
  const out: Json = {};
  for (const [name, entry] of Object.entries(record(value) ?? {})) {
    const slot = record(entry);
    if (!slot) continue;
    if ('collected' in slot || 'value' in slot) {
      if (slot.collected !== false) out[name] = slot.value;
    } else {
      Object.assign(out, collected(slot));
    }
  }
  return out;
}
