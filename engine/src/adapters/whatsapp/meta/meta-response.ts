import type { StepError } from '@switchboard/shared';
import type { JsonResponse } from '../http';
import { asMetaCode, httpError, metaError, type ProviderErrorContext } from '../../../modules/connections/provider-errors';

/** The `error` object of a Graph API error answer (reference §1.5). */
interface GraphError {
  message?: unknown;
  code?: unknown;
  error_data?: { details?: unknown };
}

/**
 * The StepError for a failed Graph API answer: by `error.code` when there is one, else by the
 * HTTP status (a 500 without a body, an HTML proxy page).
 */
export function graphError(response: JsonResponse, context: ProviderErrorContext): StepError {
  const error = graphErrorOf(response.body);
  const code = asMetaCode(error?.code);
  const message = graphMessage(error) ?? (typeof response.body === 'string' && response.body !== '' ? response.body : null);
  return code === null ? httpError(context, null, message) : metaError(code, message, context);
}

/** True for a 2xx answer. */
export function isSuccess(response: JsonResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function graphErrorOf(body: unknown): GraphError | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  return error && typeof error === 'object' ? (error as GraphError) : undefined;
}

// `message` holds a title Meta plans to drop; `error_data.details` is the useful part.
function graphMessage(error: GraphError | undefined): string | null {
  if (!error) return null;
  const message = typeof error.message === 'string' ? error.message : null;
  const details = typeof error.error_data?.details === 'string' ? error.error_data.details : null;
  if (message && details && !message.includes(details)) return `${message}: ${details}`;
  return message ?? details;
}
