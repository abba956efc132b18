/**
 * What each connection provider's config holds that more than the engine needs to know: its
 * secrets, where they are sent, and its defaults. Plain data, without zod, so the editor's
 * connection forms take them from here without carrying the engine's validation into the
 * browser; the config schemas of `providers.ts` are built from them.
 */

/** The facts of one provider's config. */
export interface ProviderFields {
  /** The port family the connection serves. */
  channel: 'whatsapp' | 'smtp' | 'ai' | 'http' | 'voice';
  /** Fields of `config` stored encrypted and never returned. */
  secretFields: readonly string[];
  /**
   * Fields that say where the secrets are sent (base URLs, an SMTP host). Secrets stay bound to
   * the destination they were entered for: changing one of these needs the secrets again.
   */
  destinationFields?: readonly string[];
  /** The value a field takes when a connection leaves it out. */
  defaults: Readonly<Record<string, string | number>>;
}

/** What a send whose outcome stayed unknown becomes, by default (see `providers.ts`). */
export const UNKNOWN_OUTCOME = { unknownOutcome: 'fail', unknownOutcomeGraceMinutes: 10 } as const;

/**
 * Meta's pair rate: about one message every 6 seconds from one business number to one customer,
 * with bursts of up to 45 that borrow from the time to come (error 131056 beyond it;
 * docs/whatsapp/limits.md). Every real sender paces its messages to a customer so unless its
 * connection says otherwise.
 */
export const PAIR_INTERVAL_SECONDS = 6;
export const PAIR_BURST = 45;

/** Retell's SDK accepts a signature whose `v=` timestamp is within 5 minutes of now (reference §2.2). */
export const RETELL_TOLERANCE_SECONDS = 300;
/** ElevenLabs' sample code and SDK reject a `t=` older than 30 minutes (reference §5.2). */
export const ELEVENLABS_TOLERANCE_SECONDS = 1800;
/** Vapi documents no tolerance for its HMAC timestamp (reference §9.1): ours, 5 minutes either way. */
export const VOICE_HMAC_TOLERANCE_SECONDS = 300;

export const PROVIDER_FIELDS = {
  'whatsapp.sandbox': { channel: 'whatsapp', secretFields: [], defaults: {} },
  'whatsapp.meta': {
    channel: 'whatsapp',
    secretFields: ['accessToken', 'appSecret', 'verifyToken'],
    destinationFields: ['baseUrl'],
    defaults: { apiVersion: 'v23.0', baseUrl: 'https://graph.facebook.com', sendRatePerSecond: 80, pairIntervalSeconds: PAIR_INTERVAL_SECONDS, pairBurst: PAIR_BURST, ...UNKNOWN_OUTCOME },
  },
  'whatsapp.heltar': {
    channel: 'whatsapp',
    secretFields: ['apiKey', 'webhookSecret'],
    destinationFields: ['baseUrl'],
    defaults: { baseUrl: 'https://api.heltar.com', sendRatePerSecond: 80, pairIntervalSeconds: PAIR_INTERVAL_SECONDS, pairBurst: PAIR_BURST, ...UNKNOWN_OUTCOME },
  },
  'whatsapp.aisensy': {
    channel: 'whatsapp',
    secretFields: ['apiKey', 'projectApiPassword', 'webhookSecret'],
    destinationFields: ['baseUrl', 'projectApiBaseUrl'],
    defaults: { baseUrl: 'https://backend.aisensy.com', projectApiBaseUrl: 'https://apis.aisensy.com', sendRatePerSecond: 80, pairIntervalSeconds: PAIR_INTERVAL_SECONDS, pairBurst: PAIR_BURST, ...UNKNOWN_OUTCOME },
  },
  smtp: { channel: 'smtp', secretFields: ['url', 'password'], destinationFields: ['url', 'host', 'port'], defaults: { unknownOutcome: UNKNOWN_OUTCOME.unknownOutcome } },
  'http.header': { channel: 'http', secretFields: ['value'], defaults: { headerName: 'Authorization' } },
  'ai.openai_compatible': { channel: 'ai', secretFields: ['apiKey'], destinationFields: ['baseUrl'], defaults: { timeoutMs: 30_000 } },
  // Voice platforms: what `POST /webhooks/voice/:connectionId` verifies a post-call webhook with
  // (docs/voice, reference §1–7). Their secrets are only compared, never sent anywhere, except
  // Synthflow's API key, which re-fetches the call from `baseUrl`.
  'voice.vapi': { channel: 'voice', secretFields: ['secret', 'hmacSecret'], defaults: { hmacToleranceSeconds: VOICE_HMAC_TOLERANCE_SECONDS } },
  'voice.retell': { channel: 'voice', secretFields: ['apiKey'], defaults: { analysis: 'update', toleranceSeconds: RETELL_TOLERANCE_SECONDS } },
  'voice.bland': { channel: 'voice', secretFields: ['webhookSecret'], defaults: {} },
  'voice.synthflow': { channel: 'voice', secretFields: ['signingSecret', 'apiKey'], destinationFields: ['baseUrl'], defaults: { baseUrl: 'https://api.synthflow.ai' } },
  'voice.elevenlabs': { channel: 'voice', secretFields: ['webhookSecret'], defaults: { toleranceSeconds: ELEVENLABS_TOLERANCE_SECONDS } },
  'voice.callkaro': { channel: 'voice', secretFields: ['token'], defaults: {} },
  'voice.autocalls': { channel: 'voice', secretFields: ['token'], defaults: {} },
} as const satisfies Record<string, ProviderFields>;

/** The facts of a provider name, or undefined (own keys only: `constructor` is not a provider). */
export function providerFields(provider: string): ProviderFields | undefined {
  return Object.hasOwn(PROVIDER_FIELDS, provider) ? (PROVIDER_FIELDS as Record<string, ProviderFields>)[provider] : undefined;
}

/**
 * The values a provider's fields take when a connection leaves them out (what the editor's
 * form shows as placeholders); {} for an unknown provider.
 *
 * @example providerDefaults('whatsapp.meta').apiVersion // 'v23.0'
 */
export function providerDefaults(provider: string): Readonly<Record<string, string | number>> {
  return providerFields(provider)?.defaults ?? {};
}
