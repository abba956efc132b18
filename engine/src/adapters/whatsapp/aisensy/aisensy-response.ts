import type { StepError } from '@switchboard/shared';
import type { JsonResponse } from '../http';
import { asMetaCode, httpError, metaError, statusRule, type MetaErrorRule, type ProviderErrorContext } from '../../../modules/connections/provider-errors';
import type { ProviderSendResult } from '../whatsapp-provider';

/**
 * Whether AiSensy accepted the call. Its success bodies are undocumented: any 2xx counts unless
 * the body says `success: false` (a pattern of its other endpoints, e.g. campaign-details).
 */
export function aisensyAccepted(response: JsonResponse): boolean {
  const success = (response.body as { success?: unknown } | null)?.success;
  return response.status >= 200 && response.status < 300 && success !== false && success !== 'false';
}

/**
 * The send result from an undocumented success body: the first id found, else `fallbackId`.
 * `sent` only with a Meta wamid (Meta accepted it); otherwise AiSensy has it queued.
 */
export function aisensySendResult(body: unknown, fallbackId: string): ProviderSendResult {
  const root = (body ?? {}) as Record<string, unknown>;
  const data = (typeof root.data === 'object' && root.data !== null ? root.data : {}) as Record<string, unknown>;
  const firstMessage = Array.isArray(root.messages) ? (root.messages[0] as { id?: unknown } | undefined) : undefined;
  const candidates = [root.messageId, root.id, root.submitted_message_id, data.messageId, data.id, data._id, firstMessage?.id, root._id];
  const id = candidates.find((value): value is string | number => (typeof value === 'string' && value !== '') || typeof value === 'number');
  const providerMessageId = id === undefined ? fallbackId : String(id);
  return { providerMessageId, status: providerMessageId.startsWith('wamid.') ? 'sent' : 'queued' };
}

/**
 * The StepError for a refused AiSensy call. AiSensy has no documented error codes, so the
 * message text decides where it is specific (campaign missing, parameter count), else the
 * HTTP status; a Meta-style `error.code` (Project API) goes through the Meta table.
 */
export function aisensyError(response: JsonResponse, context: ProviderErrorContext): StepError {
  const body = (response.body ?? {}) as { error?: unknown };
  const message = messageOf(response.body);
  const metaCode = typeof body.error === 'object' && body.error !== null ? asMetaCode((body.error as { code?: unknown }).code) : null;
  // `success: false` inside a 2xx is still a refusal of this request.
  const errorContext = { ...context, httpStatus: response.status >= 400 ? response.status : 400 };
  if (metaCode !== null) return metaError(metaCode, message, errorContext);
  return httpError(errorContext, null, message, ruleFromText(message, errorContext.httpStatus));
}

function ruleFromText(message: string | null, status: number): MetaErrorRule | undefined {
  // Rate limits and outages keep their retryable class whatever the text says.
  if (!message || status === 429 || status >= 500) return undefined;
  const text = message.toLowerCase();
  if (text.includes('campaign') && /not found|not live|does not exist|doesn't exist/.test(text)) {
    return { code: 'TEMPLATE_NOT_FOUND', retry: 'permanent', explanation: 'the API campaign for {template} does not exist or is not live in AiSensy' };
  }
  if (text.includes('param')) {
    return { code: 'TEMPLATE_PARAMS_MISMATCH', retry: 'permanent', explanation: 'the parameters do not match the API campaign for {template}' };
  }
  if (/api ?key|password|unauthori[sz]ed/.test(text) && /invalid|wrong|incorrect|unauthori[sz]ed|not valid/.test(text)) {
    return statusRule(401);
  }
  return undefined;
}

function messageOf(body: unknown): string | null {
  if (typeof body === 'string') return body === '' ? null : body;
  if (!body || typeof body !== 'object') return null;
  const fields = body as { message?: unknown; error?: unknown; errorMessage?: unknown; msg?: unknown };
  const error = typeof fields.error === 'object' && fields.error !== null ? (fields.error as { message?: unknown }).message : fields.error;
  const found = [fields.message, fields.errorMessage, error, fields.msg].find((value) => typeof value === 'string' && value !== '');
  return typeof found === 'string' ? found : null;
}
