import { baseUrlProblem, type ErrorCode, remoteExcerpt, type RetryClass, StepError } from '@switchboard/shared';
import { z } from 'zod';

/** The real WhatsApp providers, as `details.provider` names them. */
export type ProviderName = 'meta' | 'heltar' | 'aisensy';

/** How each provider is named in a message a user reads. */
export const PROVIDER_LABELS: Record<ProviderName, string> = { meta: 'Meta', heltar: 'Heltar', aisensy: 'AiSensy' };

/** What every provider `StepError` carries in `details`. */
export interface ProviderErrorDetails {
  provider: ProviderName;
  /** null when the failure was not an HTTP answer (e.g. a per-message entry of a batch). */
  httpStatus: number | null;
  providerCode: number | string | null;
  providerMessage: string | null;
}

/** Where a provider error happened: who answered, how, and which template (for the message). */
export interface ProviderErrorContext {
  provider: ProviderName;
  httpStatus: number | null;
  template?: { name: string; language: string };
}

/** How one Meta error code is reported: a CONTRACT code, its retry class, and what it means. */
export interface MetaErrorRule {
  code: ErrorCode;
  retry: RetryClass;
  /** For a no-code user; `{template}` becomes "the template <name> (<language>)". */
  explanation: string;
}

type Row = [metaCodes: number[], code: ErrorCode, retry: RetryClass, explanation: string];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

// reference/whatsapp.md §3.1. The retry class follows Meta's "possible solution": account and
// sender problems can heal (retryable SENDER_OFFLINE), request and template problems cannot.
const ROWS: Row[] = [
  [[0], 'PROVIDER_AUTH', 'permanent', 'the access token is invalid or was revoked; connect the Meta account again'],
  [[190], 'PROVIDER_AUTH', 'permanent', 'the access token has expired; enter a new one (a system-user token does not expire)'],
  [[3], 'PROVIDER_AUTH', 'permanent', 'the Meta app lacks the capability for this call'],
  [[10, ...range(200, 299)], 'PROVIDER_AUTH', 'permanent', 'permission denied: the access token lacks the whatsapp_business_messaging or whatsapp_business_management permission'],
  [[131005], 'PROVIDER_AUTH', 'permanent', 'access denied: the access token may not use this phone number'],
  [[4], 'RATE_LIMITED', 'retryable', 'the Meta app made too many API calls; sending again later'],
  [[80007], 'RATE_LIMITED', 'retryable', 'the WhatsApp Business Account reached its rate limit; sending again later'],
  [[130429], 'RATE_LIMITED', 'retryable', "the phone number's sending speed limit was reached; sending again shortly"],
  [[131048], 'RATE_LIMITED', 'retryable', "too many messages from this number were blocked or reported as spam; check the number's quality rating"],
  [[131056], 'RATE_LIMITED', 'retryable', 'too many messages to this recipient in a short time; sending again later'],
  [[131049], 'MARKETING_LIMIT', 'permanent', "Meta held this marketing message back to limit how many marketing messages this customer gets (its per-user marketing limit); it is not sent again now. Try this customer again no sooner than a day later, or send them something they asked for"],
  [[131026], 'RECIPIENT_UNAVAILABLE', 'permanent', 'the message cannot be delivered: the number may not use WhatsApp, run an old app version, or have blocked this business'],
  [[130472], 'RECIPIENT_UNAVAILABLE', 'permanent', "the recipient's number is part of a Meta experiment and does not receive this message"],
  [[131021], 'RECIPIENT_UNAVAILABLE', 'permanent', "the recipient is the sender's own number"],
  [[368], 'SENDER_OFFLINE', 'retryable', 'the sender is temporarily blocked for policy violations'],
  [[131031], 'SENDER_OFFLINE', 'retryable', "the sender's account is locked"],
  [[131042], 'SENDER_OFFLINE', 'retryable', 'the business account has a payment or eligibility problem'],
  [[133010], 'SENDER_OFFLINE', 'retryable', "the sender's phone number is not registered on the WhatsApp Business Platform"],
  [[33], 'SENDER_OFFLINE', 'retryable', "the sender's phone number was deleted or the phone number id is wrong"],
  [[131045], 'SENDER_OFFLINE', 'retryable', "the sender's phone number has a certificate error; register it again"],
  [[131057], 'SENDER_OFFLINE', 'retryable', "the sender's account is in maintenance mode"],
  [[133000], 'SENDER_OFFLINE', 'retryable', "an earlier deregistration of the sender's phone number is incomplete"],
  [[133015], 'SENDER_OFFLINE', 'retryable', "the sender's phone number was deleted recently; wait about 5 minutes before registering it"],
  [[1], 'PROVIDER_UNAVAILABLE', 'retryable', 'an unknown error at Meta'],
  [[2, 131016, 133004], 'PROVIDER_UNAVAILABLE', 'retryable', 'the service is temporarily unavailable'],
  [[131000], 'PROVIDER_UNAVAILABLE', 'retryable', 'something went wrong at Meta'],
  [[100], 'CONFIG_INVALID', 'permanent', 'the request has an invalid or unsupported parameter'],
  [[131008], 'CONFIG_INVALID', 'permanent', 'a required parameter is missing'],
  [[131009], 'CONFIG_INVALID', 'permanent', 'a parameter value is not valid'],
  [[131051], 'CONFIG_INVALID', 'permanent', 'this message type is not supported'],
  [[135000], 'CONFIG_INVALID', 'permanent', 'the request parameters were rejected'],
  [[131052], 'CONFIG_INVALID', 'permanent', 'the media could not be downloaded'],
  [[131053], 'CONFIG_INVALID', 'permanent', 'the media could not be uploaded'],
  [[132007], 'CONFIG_INVALID', 'permanent', '{template} breaks the format rules (for example line breaks, tabs or more than four spaces in a parameter)'],
  [[133005, 133006, 133007, 133008, 133009], 'CONFIG_INVALID', 'permanent', "the two-step verification PIN of the sender's phone number was rejected"],
  [[133016], 'CONFIG_INVALID', 'permanent', "too many register or deregister attempts for the sender's phone number"],
  [[131047], 'OUTSIDE_24H_WINDOW', 'permanent', 'more than 24 hours have passed since the customer last wrote; only an approved template can be sent now'],
  [[131050], 'OPTED_OUT', 'permanent', 'the customer stopped marketing messages from this business'],
  [[132000], 'TEMPLATE_PARAMS_MISMATCH', 'permanent', 'the number of parameters does not match {template}'],
  [[132012], 'TEMPLATE_PARAMS_MISMATCH', 'permanent', 'the parameters do not have the format {template} expects (for example an image in the header)'],
  [[132001], 'TEMPLATE_NOT_FOUND', 'permanent', '{template} does not exist or is not approved'],
  [[132015], 'TEMPLATE_NOT_FOUND', 'permanent', '{template} is paused by Meta because of low quality'],
  [[132016], 'TEMPLATE_NOT_FOUND', 'permanent', '{template} is disabled by Meta (it was paused too often); create a new template'],
  [[132005], 'MESSAGE_TOO_LONG', 'permanent', 'the text of {template} is too long once the parameters are filled in'],
];

/** Every Meta error code the engine knows, keyed by the number in `error.code`. */
export const META_ERRORS: ReadonlyMap<number, MetaErrorRule> = new Map(
  ROWS.flatMap(([metaCodes, code, retry, explanation]) => metaCodes.map((metaCode): [number, MetaErrorRule] => [metaCode, { code, retry, explanation }])),
);

/** The rule for an HTTP status when the provider gave no code we know. */
export function statusRule(httpStatus: number | null): MetaErrorRule {
  if (httpStatus === 429) return { code: 'RATE_LIMITED', retry: 'retryable', explanation: 'too many requests; sending again later' };
  if (httpStatus === 401 || httpStatus === 403) {
    return { code: 'PROVIDER_AUTH', retry: 'permanent', explanation: "the credentials were rejected; check the connection's API key or access token" };
  }
  if (httpStatus !== null && httpStatus >= 500) return { code: 'PROVIDER_UNAVAILABLE', retry: 'retryable', explanation: 'the service is temporarily unavailable' };
  // Other 4xx, and a per-message failure inside a 200/206 batch answer: the request itself was refused.
  return { code: 'CONFIG_INVALID', retry: 'permanent', explanation: 'the request was rejected' };
}

/**
 * The StepError for a Meta error code (sent by Meta or passed through by a BSP); codes not in
 * the table fall back to the HTTP status.
 *
 * @example metaError(132001, '(#132001) Template name does not exist in the translation', { provider: 'meta', httpStatus: 404, template: { name: 'appointment_confirmation', language: 'en' } })
 * // → TEMPLATE_NOT_FOUND: "Meta error 132001: the template appointment_confirmation (en) does not exist or is not approved"
 */
export function metaError(metaCode: number, remoteMessage: string | null, context: ProviderErrorContext): StepError {
  const providerMessage = excerptOf(remoteMessage);
  const known = META_ERRORS.get(metaCode);
  const rule = known ?? statusRule(context.httpStatus);
  const prefix = context.provider === 'meta' ? 'Meta error' : `${PROVIDER_LABELS[context.provider]} reported Meta error`;
  const explanation = known ? fillTemplate(rule.explanation, context.template) : (providerMessage ?? rule.explanation);
  return new StepError(rule.code, `${prefix} ${metaCode}: ${explanation}`, {
    retryable: rule.retry === 'retryable',
    details: details(context, metaCode, providerMessage),
  });
}

/**
 * The StepError for a provider answer without a Meta code, by HTTP status; `rule` overrides the
 * status rule when the provider's text says more (AiSensy's "campaign not found").
 */
export function httpError(context: ProviderErrorContext, providerCode: number | string | null, remoteMessage: string | null, rule?: MetaErrorRule): StepError {
  const providerMessage = excerptOf(remoteMessage);
  const chosen = rule ?? statusRule(context.httpStatus);
  const label = PROVIDER_LABELS[context.provider];
  const status = context.httpStatus === null ? '' : ` HTTP ${context.httpStatus}`;
  const own = providerMessage ? ` (${label} says: ${providerMessage})` : '';
  return new StepError(chosen.code, `${label} answered${status}: ${fillTemplate(chosen.explanation, context.template)}${own}`, {
    retryable: chosen.retry === 'retryable',
    details: details(context, providerCode, providerMessage),
  });
}

/** A Meta-format code as a number (`131026` or `"131026"`), else null. */
export function asMetaCode(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

function details(context: ProviderErrorContext, providerCode: number | string | null, providerMessage: string | null): ProviderErrorDetails {
  return { provider: context.provider, httpStatus: context.httpStatus, providerCode, providerMessage };
}

function fillTemplate(explanation: string, template: ProviderErrorContext['template']): string {
  return explanation.replace('{template}', template ? `the template ${template.name} (${template.language})` : 'the template');
}

// Provider messages are shown to users and stored with the step: an HTML error page must not
// flood the run view, and what an internal service answers must not be read through it.
function excerptOf(message: string | null): string | null {
  const excerpt = message === null ? '' : remoteExcerpt(message);
  return excerpt === '' ? null : excerpt;
}

/**
 * Reads a connection's config with its defaults; a missing or malformed field is a permanent
 * `CONFIG_INVALID` naming the fields (never their values: some are secrets).
 */
export function parseConnectionConfig<T>(schema: z.ZodType<T>, config: unknown, provider: ProviderName): T {
  const parsed = schema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(config)'))];
  throw new StepError('CONFIG_INVALID', `the ${PROVIDER_LABELS[provider]} connection is missing or has invalid settings: ${fields.join(', ')}`);
}

/** An optional URL setting: absent or '' takes the default; no trailing slash; http(s) without credentials, query or fragment (paths are appended to it). */
export function urlSetting(defaultUrl: string) {
  return z
    .preprocess((value) => (value === '' || value === null ? undefined : value), z.url().default(defaultUrl))
    .refine((url) => baseUrlProblem(url) === null)
    .transform((url) => url.replace(/(?<!\/)\/+$/, ''));
}
