import { z } from 'zod';
import { PROVIDER_FIELDS, UNKNOWN_OUTCOME, type ProviderFields } from './provider-fields';

/*
 * The connection providers and their config schemas, by which the engine validates and stores
 * connections. Their secrets, destinations and defaults come from `provider-fields.ts`, which
 * the editor's connection forms read too (without zod).
 */

export interface ProviderSpec extends Omit<ProviderFields, 'defaults'> {
  /** What the user fills in for this provider; defaults are applied when a connection is stored. */
  config: z.ZodObject;
}

/** A base URL that API paths are appended to (see `baseUrlProblem`). */
const url = (fallback: string) =>
  z
    .url('must be a URL such as https://…')
    .superRefine((value, ctx) => {
      const problem = baseUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(fallback);
const secret = (name: string) => z.string({ error: `${name} is required` }).min(1, `${name} is required`);
/** Sends per second a sender allows; shared by every worker (a Redis bucket). */
const sendRate = (fallback: number) => z.coerce.number().int().min(1).max(1000).default(fallback);
/** Seconds between two messages to one customer (Meta's pair rate); 0 turns the spacing off. */
const pairInterval = z.coerce.number({ error: 'pairIntervalSeconds is a number of seconds' }).min(0, 'pairIntervalSeconds is 0 or more').max(3600, 'pairIntervalSeconds is at most 3600');
/**
 * Unique customers the sender may start business-initiated conversations with (a template to a
 * customer without an open 24-hour window) in a moving 24 hours. Unset: the tier Meta reports.
 */
const dailyCustomerLimit = z.coerce.number({ error: 'dailyCustomerLimit is a whole number' }).int('dailyCustomerLimit is a whole number').min(1, 'dailyCustomerLimit is at least 1').max(10_000_000).optional();
/** Messages to one customer that may go at once before the pair interval spaces them (Meta allows bursts of up to 45). */
const pairBurst = z.coerce.number({ error: 'pairBurst is a whole number' }).int('pairBurst is a whole number').min(1, 'pairBurst is at least 1').max(45, 'pairBurst is at most 45');
/** The limits every WhatsApp sender's connection can set; the sandbox paces nothing unless told (and then strictly, bursts of 1). */
const limits = (fallback?: { pairIntervalSeconds: number; pairBurst: number }) => ({
  pairIntervalSeconds: fallback === undefined ? pairInterval.optional() : pairInterval.default(fallback.pairIntervalSeconds),
  pairBurst: fallback === undefined ? pairBurst.optional() : pairBurst.default(fallback.pairBurst),
  dailyCustomerLimit,
});

/**
 * What a send whose outcome stayed unknown becomes (the provider may have taken it: a timeout
 * or a reset after the request was written, a crash before its answer was stored). The step
 * first waits `unknownOutcomeGraceMinutes` for the provider's status webhook, which names the
 * step (Meta's `biz_opaque_callback_data`, Heltar's `refId`) and completes it; without one,
 * `fail` (the default) fails the step with `OUTCOME_UNKNOWN` (check the conversation, then
 * retry the run to send it anyway) and `resend` sends it again under the same key.
 */
const unknownOutcome = {
  unknownOutcome: z.enum(['fail', 'resend'], { error: 'unknownOutcome is fail or resend' }).default(UNKNOWN_OUTCOME.unknownOutcome),
  unknownOutcomeGraceMinutes: z.coerce.number().positive().max(7 * 24 * 60).default(UNKNOWN_OUTCOME.unknownOutcomeGraceMinutes),
};

const { 'voice.vapi': vapi, 'voice.retell': retell, 'voice.synthflow': synthflow, 'voice.elevenlabs': elevenlabs, 'whatsapp.sandbox': sandbox, 'whatsapp.meta': meta, 'whatsapp.heltar': heltar, 'whatsapp.aisensy': aisensy, smtp, 'http.header': httpHeader, 'ai.openai_compatible': openai } = PROVIDER_FIELDS;
/** A provider's facts without its defaults (the schema applies those). */
const facts = ({ defaults: _defaults, ...rest }: ProviderFields): Omit<ProviderFields, 'defaults'> => rest;

/** A window in seconds a signed timestamp may be away from now. */
const tolerance = (field: string, fallback: number) =>
  z.coerce.number({ error: `${field} is a number of seconds` }).int(`${field} is a whole number of seconds`).min(1, `${field} is at least 1`).max(86_400, `${field} is at most 86400`).default(fallback);
/**
 * The secret a platform that signs nothing (CallKaro, Autocalls) carries in the webhook URL's
 * `?token=`: generated when the connection is made without one (Web Crypto, in Node and browsers).
 */
const urlToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{24,128}$/, 'token is 24 to 128 letters, digits, _ or -')
  .default(() => {
    const bytes = new Uint8Array(24);
    (globalThis as unknown as { crypto: { getRandomValues(array: Uint8Array): Uint8Array } }).crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  });

/** A template the sandbox offers (so flows built in the sandbox map parameters like the real ones). */
const sandboxTemplate = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/, 'template names are lower case letters, digits and _'),
  language: z.string().default('en'),
  category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']).default('UTILITY'),
  body: z.string().min(1),
  status: z.enum(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED']).default('APPROVED'),
});

export type SandboxTemplateConfig = z.output<typeof sandboxTemplate>;

/**
 * The providers a connection can be made for (CONTRACT "Connections"). The sandbox needs no
 * account: it delivers to the built-in simulator. Every provider's base URL can be changed
 * (tests, regional endpoints).
 */
export const PROVIDERS: Record<string, ProviderSpec> = {
  'whatsapp.sandbox': {
    config: z
      .object({
        templates: z.array(sandboxTemplate).optional(),
        /** No limit unless set: the sandbox has no provider to protect, but flows can be tried against one. */
        sendRatePerSecond: z.coerce.number().int().min(1).max(1000).optional(),
        ...limits(),
      })
      .strict(),
    ...facts(sandbox),
  },
  'whatsapp.meta': {
    config: z
      .object({
        accessToken: secret('accessToken'),
        phoneNumberId: z.string({ error: 'phoneNumberId is required' }).regex(/^\d+$/, 'phoneNumberId is the numeric id of the sender'),
        wabaId: z.string({ error: 'wabaId is required' }).regex(/^\d+$/, 'wabaId is the numeric WhatsApp Business Account id'),
        appSecret: secret('appSecret'),
        verifyToken: secret('verifyToken'),
        apiVersion: z.string().regex(/^v\d+\.\d+$/, 'apiVersion looks like v23.0').default(meta.defaults.apiVersion),
        baseUrl: url(meta.defaults.baseUrl),
        sendRatePerSecond: sendRate(meta.defaults.sendRatePerSecond),
        ...limits(meta.defaults),
        ...unknownOutcome,
      })
      .strict(),
    ...facts(meta),
  },
  'whatsapp.heltar': {
    config: z
      .object({
        apiKey: secret('apiKey'),
        /** The static header Heltar is set to send with every webhook (see the README). */
        webhookSecret: secret('webhookSecret'),
        baseUrl: url(heltar.defaults.baseUrl),
        sendRatePerSecond: sendRate(heltar.defaults.sendRatePerSecond),
        ...limits(heltar.defaults),
        ...unknownOutcome,
      })
      .strict(),
    ...facts(heltar),
  },
  'whatsapp.aisensy': {
    config: z
      .object({
        apiKey: secret('apiKey'),
        plan: z.enum(['basic', 'pro'], { error: 'plan is basic or pro' }),
        projectId: z.string().min(1).optional(),
        projectApiPassword: z.string().min(1).optional(),
        /** The shared secret AiSensy signs webhooks with (unconfirmed scheme, see the README). */
        webhookSecret: z.string().min(1).optional(),
        baseUrl: url(aisensy.defaults.baseUrl),
        projectApiBaseUrl: url(aisensy.defaults.projectApiBaseUrl),
        sendRatePerSecond: sendRate(aisensy.defaults.sendRatePerSecond),
        ...limits(aisensy.defaults),
        ...unknownOutcome,
      })
      .strict()
      .refine((config) => config.plan === 'basic' || (config.projectId && config.projectApiPassword), {
        message: 'the pro plan needs projectId and projectApiPassword (the Project API sends free-form text and lists templates)',
        path: ['projectId'],
      }) as unknown as z.ZodObject,
    ...facts(aisensy),
  },
  smtp: {
    config: z
      .object({
        // No query string: nodemailer reads transport options from it.
        url: z
          .string()
          .regex(/^smtps?:\/\/[^?#]+$/, 'url looks like smtp://user:password@host:587, without ? or #')
          .optional(),
        host: z.string().min(1).optional(),
        port: z.coerce.number().int().min(1).max(65535).optional(),
        /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
        secure: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], { error: 'secure is true or false' }).optional(),
        user: z.string().optional(),
        password: z.string().optional(),
        from: z.string({ error: 'from is required: the sender, e.g. Support <support@example.com>' }).min(3, 'from is required: the sender, e.g. Support <support@example.com>'),
        /**
         * A mail whose hand-over stayed unknown (the server went silent after DATA, a crash before
         * its answer was stored): `fail` (default) fails the step with OUTCOME_UNKNOWN, `resend`
         * sends it again. Mail servers send no report to wait for, so there is no grace period.
         */
        unknownOutcome: unknownOutcome.unknownOutcome,
      })
      .strict()
      .refine((config) => config.url || config.host, { message: 'give url (smtp://user:password@host:587) or host', path: ['host'] }) as unknown as z.ZodObject,
    ...facts(smtp),
  },
  'http.header': {
    config: z
      .object({
        headerName: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'headerName is a header name such as Authorization').default(httpHeader.defaults.headerName),
        value: secret('value'),
      })
      .strict(),
    ...facts(httpHeader),
  },
  'voice.vapi': {
    config: z
      .object({
        /** What the Bearer credential (`Authorization: Bearer …`) or the legacy `X-Vapi-Secret` header carries. */
        secret: secret('secret'),
        /** Set when the server's credential is an HMAC plan (sha256, hex, `{timestamp}.{body}`, `x-signature`/`x-timestamp`). */
        hmacSecret: z.string().min(1, 'hmacSecret is left out or not empty').optional(),
        hmacToleranceSeconds: tolerance('hmacToleranceSeconds', vapi.defaults.hmacToleranceSeconds),
      })
      .strict(),
    ...facts(vapi),
  },
  'voice.retell': {
    config: z
      .object({
        /** A Retell API key with the webhook badge: it keys `x-retell-signature`. */
        apiKey: secret('apiKey'),
        /**
         * What `call_analyzed` does after `call_ended` (reference §2.1): `update` (one event per call;
         * the first of the two starts the flows, the other is recorded on it) or `separate` (each
         * is its own event and starts the flows; `platform.event` tells them apart).
         */
        analysis: z.enum(['update', 'separate'], { error: 'analysis is update or separate' }).default(retell.defaults.analysis as 'update'),
        toleranceSeconds: tolerance('toleranceSeconds', retell.defaults.toleranceSeconds),
      })
      .strict(),
    ...facts(retell),
  },
  'voice.bland': {
    config: z.object({ webhookSecret: secret('webhookSecret') }).strict(),
    ...facts(PROVIDER_FIELDS['voice.bland']),
  },
  'voice.synthflow': {
    config: z
      .object({
        /** Settings → Security → Webhooks: signs the call id (`Synthflow-Signature`). */
        signingSecret: secret('signingSecret'),
        /** Re-fetches the call (`GET /v2/calls/{call_id}`): the body itself is not signed. */
        apiKey: z.string().min(1, 'apiKey is left out or not empty').optional(),
        baseUrl: url(synthflow.defaults.baseUrl),
      })
      .strict(),
    ...facts(synthflow),
  },
  'voice.elevenlabs': {
    config: z
      .object({
        webhookSecret: secret('webhookSecret'),
        toleranceSeconds: tolerance('toleranceSeconds', elevenlabs.defaults.toleranceSeconds),
      })
      .strict(),
    ...facts(elevenlabs),
  },
  'voice.callkaro': {
    config: z.object({ token: urlToken }).strict(),
    ...facts(PROVIDER_FIELDS['voice.callkaro']),
  },
  'voice.autocalls': {
    config: z.object({ token: urlToken }).strict(),
    ...facts(PROVIDER_FIELDS['voice.autocalls']),
  },
  'ai.openai_compatible': {
    config: z
      .object({
        // A query string is kept (Azure OpenAI's `?api-version=`): the path is set on the parsed URL, not appended.
        baseUrl: z.url('baseUrl must be a URL such as https://api.openai.com/v1').superRefine((value, ctx) => {
          const problem = baseUrlProblem(value, { query: true });
          if (problem) ctx.addIssue({ code: 'custom', message: `baseUrl ${problem}` });
        }),
        apiKey: z.string().optional(),
        model: z.string({ error: 'model is required, e.g. gpt-4o-mini' }).min(1, 'model is required, e.g. gpt-4o-mini'),
        timeoutMs: z.coerce.number().int().min(100).max(300_000).default(openai.defaults.timeoutMs),
      })
      .strict(),
    ...facts(openai),
  },
};

/** The spec of a provider name, or undefined (own keys only: `constructor` is not a provider). */
export function providerSpec(provider: string): ProviderSpec | undefined {
  return Object.hasOwn(PROVIDERS, provider) ? PROVIDERS[provider] : undefined;
}

export function providerNames(): string[] {
  return Object.keys(PROVIDERS);
}

/** Whether a connection receives an AI voice platform's webhooks (`voice.*`). */
export function isVoice(provider: string): boolean {
  return providerSpec(provider)?.channel === 'voice';
}

/** Voice platforms that sign nothing: their webhook URL carries the connection's `?token=`. */
export function voiceUrlToken(provider: string): boolean {
  return provider === 'voice.callkaro' || provider === 'voice.autocalls';
}

/** Whether a connection sends WhatsApp messages. */
export function isWhatsApp(provider: string): boolean {
  return providerSpec(provider)?.channel === 'whatsapp';
}

/**
 * What is wrong with a base URL that API paths are appended to, or null: only http(s), no
 * user or password in it, no query string or fragment (a `#` at the end would turn every API
 * path into a fragment, a `?` into a query value).
 *
 * @example baseUrlProblem('https://graph.facebook.com#') // 'must not have a query string or fragment (? or #)'
 */
export function baseUrlProblem(text: string, options: { query?: boolean } = {}): string | null {
  let url: ParsedUrl;
  try {
    url = parseUrl(text);
  } catch {
    return 'must be a URL such as https://…';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user or password; the connection has its own secret fields';
  const hasQuery = text.includes('?');
  if (text.includes('#') || (hasQuery && !options.query)) return options.query ? 'must not have a fragment (#)' : 'must not have a query string or fragment (? or #)';
  return null;
}

/** The parts of a WHATWG URL read here. */
interface ParsedUrl {
  protocol: string;
  username: string;
  password: string;
}

/**
 * Parses with the WHATWG `URL` that Node and browsers both have (shared is compiled without
 * either's types, so the global is typed here, by the little this file reads). Throws on a bad URL.
 */
function parseUrl(text: string): ParsedUrl {
  const { URL } = globalThis as unknown as { URL: new (text: string) => ParsedUrl };
  return new URL(text);
}
