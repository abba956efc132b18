import { StepError } from '@switchboard/shared';
import type { JsonResponse } from '../http';
import { asMetaCode, httpError, metaError, type ProviderErrorContext } from '../../../modules/connections/provider-errors';
import type { ProviderSendResult } from '../whatsapp-provider';

type Entry = Record<string, unknown>;

/**
 * Reads Heltar's answer to a one-message `POST /v1/messages/send`. Heltar documents two shapes
 * (reference §4) — `{ success, fail }` keyed by number and `{ data: { success, fail } }` keyed by
 * index — and 200 (all sent), 206 (partial) or 4xx/5xx; both shapes are accepted at any status.
 * `fallbackId` names the message when Heltar queued it without a wamid yet.
 */
export function heltarSendResult(response: JsonResponse, context: ProviderErrorContext, fallbackId: string): ProviderSendResult {
  const { success, fail } = outcome(response.body);
  if (fail) throw failError(fail, response, context);
  const ok = response.status >= 200 && response.status < 300;
  if (!ok) throw heltarError(response, context);
  if (!success) {
    // A 2xx that names no outcome: the message may be queued, so a retry could send it twice.
    throw new StepError('OUTCOME_UNKNOWN', 'Heltar accepted the request but did not say whether the message was sent', {
      details: { provider: 'heltar', httpStatus: response.status, providerCode: null, providerMessage: null },
    });
  }
  const message = (typeof success.message === 'object' && success.message !== null ? success.message : success) as Entry;
  const wamid = firstString(message.wamid, success.wamid, message.id, message._id, success.id, success._id);
  return { providerMessageId: wamid ?? fallbackId, status: statusOf(firstString(message.status, success.status)) };
}

/** The StepError for a Heltar error body `{ errorType, errorMessage }`, by HTTP status. */
export function heltarError(response: JsonResponse, context: ProviderErrorContext): StepError {
  const body = (response.body ?? {}) as { errorType?: unknown; errorMessage?: unknown };
  const type = typeof body.errorType === 'string' ? body.errorType : null;
  const message = typeof body.errorMessage === 'string' ? body.errorMessage : typeof response.body === 'string' && response.body !== '' ? response.body : null;
  return httpError(context, type, message);
}

function outcome(body: unknown): { success?: Entry; fail?: Entry } {
  if (!body || typeof body !== 'object') return {};
  const root = body as { data?: unknown; success?: unknown; fail?: unknown };
  const holder = root.data && typeof root.data === 'object' && ('success' in root.data || 'fail' in root.data) ? (root.data as typeof root) : root;
  return { success: firstEntry(holder.success), fail: firstEntry(holder.fail) };
}

// One message per request, so the first entry is ours whatever its key (number or index).
function firstEntry(map: unknown): Entry | undefined {
  if (!map || typeof map !== 'object') return undefined;
  const entries = Array.isArray(map) ? map : Object.values(map);
  const entry = entries.find((value) => !!value && typeof value === 'object');
  return entry as Entry | undefined;
}

function failError(fail: Entry, response: JsonResponse, context: ProviderErrorContext): StepError {
  const code = asMetaCode(fail.errorCode);
  const message = describe(fail.errorData) ?? describe(fail.errorMessage) ?? describe(fail.message);
  if (code !== null) return metaError(code, message, context);
  const status = response.status >= 400 ? response.status : 400;
  return httpError({ ...context, httpStatus: status }, typeof fail.errorCode === 'string' ? fail.errorCode : null, message);
}

function describe(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (!value || typeof value !== 'object') return null;
  const data = value as { details?: unknown; message?: unknown; title?: unknown };
  for (const field of [data.details, data.message, data.title]) if (typeof field === 'string' && field !== '') return field;
  return JSON.stringify(value);
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value !== '');
}

// Heltar queues sends ("waiting") before Meta accepts them.
function statusOf(status: string | undefined): ProviderSendResult['status'] {
  if (status === 'waiting' || status === 'queued' || status === 'pending') return 'queued';
  if (status === 'delivered' || status === 'read') return 'delivered';
  return 'sent';
}
