import { connectedOf } from '../voice-common';
import { redactCredentials } from '../redact';
import type { NormalizedCall, VoicePlatform } from '../voice-platform';
import { bodyObject, hmacSha256, isoTime, nameFrom, number, phone, plusSeconds, record, sameSecret, setting, text, type Json } from './fields';

/**
 * Bland AI (reference §3): the post-call webhook is the whole call object, no event name, signed
 * with `X-Webhook-Signature: <hex HMAC-SHA256 of the body>` keyed with the account's webhook
 * signing secret (config `webhookSecret`). There is no timestamp, so no staleness window: replays
 * are absorbed by the dedupe key.
 */
export const blandPlatform: VoicePlatform = {
  provider: 'voice.bland',
  title: 'Bland AI',

  verify(delivery, config) {
    const secret = setting(config, 'webhookSecret');
    if (!secret) return { ok: false, reason: 'the Bland AI connection has no webhookSecret configured' };
    const header = delivery.headers['x-webhook-signature']?.trim();
    if (!header) return { ok: false, reason: 'missing X-Webhook-Signature header' };
    if (!/^[0-9a-f]{64}$/i.test(header)) return { ok: false, reason: 'X-Webhook-Signature is not a hex HMAC-SHA256' };
    const given = header.toLowerCase();
    // The raw bytes are what Bland sent; its own sample verifies `JSON.stringify(req.body)`, so a
    // signature over the compact re-serialisation is accepted too (reference §3.2, §9.3).
    const candidates = [delivery.raw, Buffer.from(JSON.stringify(delivery.body) ?? '', 'utf8')];
    if (candidates.some((bytes) => sameSecret(given, hmacSha256(secret, bytes).toString('hex')))) return { ok: true };
    return { ok: false, reason: 'X-Webhook-Signature does not match the body' };
  },

  read(delivery) {
    const body = bodyObject(delivery.body, 'Bland AI');
    const id = text(body.call_id) ?? text(body.c_id);
    if (!id) throw new Error('the Bland AI webhook has no call_id');
    const queueStatus = text(body.queue_status);
    if (queueStatus && PENDING_QUEUE.has(queueStatus)) return { kind: 'ignored', reason: `the call is still ${queueStatus}` };

    const direction = body.inbound === true ? 'inbound' : body.inbound === false ? 'outbound' : null;
    const from = phone(body.from);
    const to = phone(body.to);
    const startedAt = isoTime(body.started_at);
    const minutes = number(body.call_length);
    const durationSeconds = number(body.corrected_duration) ?? (minutes === null ? null : Math.round(minutes * 60));
    const status = blandStatus(body);
    const metadata = record(body.metadata) ?? {};
    const requestData = record(body.request_data);
    const data: NormalizedCall = {
      call: {
        id,
        direction,
        from,
        to,
        startedAt,
        // `end_at` is documented as the scheduled auto-end, not the actual end (§9.3).
        endedAt: plusSeconds(startedAt, durationSeconds),
        durationSeconds,
        status,
        connected: connectedOf(status),
        endedReason: text(body.call_ended_by) ?? text(body.error_message),
        recordingUrl: text(body.recording_url),
      },
      agent: { id: text(requestData?.pathway_id), name: null },
      customer: { phone: direction === 'inbound' ? from : direction === 'outbound' ? to : null, name: nameFrom(metadata, requestData) },
      metadata,
      variables: { ...(record(body.variables) ?? {}), ...(record(body.analysis) ?? {}) },
      transcript: blandTurns(body.transcripts, startedAt),
      summary: text(body.summary),
    };
    return { kind: 'call_ended', dedupeKey: `bland:${id}`, data };
  },

  redact: redactCredentials,
};

/** `queue_status` values of a call that has not ended: a webhook for it is not a completed call. */
const PENDING_QUEUE = new Set(['new', 'queued', 'allocated', 'started', 'pre_queue']);

/**
 * Reference §8: `answered_by` says who picked up (only with `answered_by_enabled`), an
 * `error_message` or a `*_error` queue status means the call failed, `status: completed` covers
 * both a human and a voicemail answer. Busy has no documented marker; a `status` spelling it is
 * honoured in case Bland sends one.
 */
function blandStatus(body: Json): NormalizedCall['call']['status'] {
  const answeredBy = text(body.answered_by)?.toLowerCase();
  if (answeredBy === 'no-answer') return 'no_answer';
  if (answeredBy === 'voicemail') return 'voicemail';
  const status = text(body.status)?.toLowerCase() ?? '';
  if (text(body.error_message) || text(body.queue_status)?.endsWith('_error')) return 'failed';
  if (status.includes('busy')) return 'busy';
  if (status === 'no-answer' || status === 'no_answer') return 'no_answer';
  if (status === 'completed' || body.completed === true) return 'completed';
  return 'failed';
}

/** `transcripts[]`: assistant → agent, user → customer; `robot` and `agent-action` entries are not speech. `at` = seconds into the call. */
function blandTurns(value: unknown, startedAt: string | null): NormalizedCall['transcript'] {
  if (!Array.isArray(value)) return [];
  const start = startedAt === null ? null : Date.parse(startedAt);
  const turns: NormalizedCall['transcript'] = [];
  for (const item of value) {
    const entry = record(item);
    const said = text(entry?.text);
    const role = entry?.user === 'assistant' ? 'agent' : entry?.user === 'user' ? 'customer' : null;
    if (!entry || !said || !role) continue;
    const at = isoTime(entry.created_at);
    turns.push(start !== null && at !== null ? { role, text: said, at: (Date.parse(at) - start) / 1000 } : { role, text: said });
  }
  return turns;
}
