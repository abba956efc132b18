import { ApiError } from '../../api/client';
import type { ConnectionView, TemplateView } from '../../api/types';
import { providerLabel } from './provider-forms';

export interface TestOutcome {
  ok: boolean | null;
  /** What happened, in words. */
  message: string;
  /** What to check next, when it failed. */
  advice?: string;
}

/** Whether the sender can list its templates at all (AiSensy Basic cannot). */
export function canListTemplates(connection: Pick<ConnectionView, 'provider' | 'config'>): boolean {
  return !(connection.provider === 'whatsapp.aisensy' && connection.config.plan !== 'pro');
}

/** A successful sync: how many templates the provider listed. */
export function testSucceeded(connection: Pick<ConnectionView, 'provider'>, synced: number, approved: TemplateView[]): TestOutcome {
  const who = providerLabel(connection.provider);
  const count = `${synced} template${synced === 1 ? '' : 's'}`;
  return { ok: true, message: `Connected. ${who} listed ${count}, ${approved.length} approved for sending.` };
}

const ADVICE: Record<string, string> = {
  PROVIDER_AUTH: 'The provider refused the credentials: check the access token or API key (and that it has not expired).',
  CONFIG_INVALID: 'A setting is not accepted by the provider: check the IDs (phone number ID, WhatsApp Business Account ID, project ID).',
  NETWORK: 'Switchboard could not reach the provider: check the base URL and this server’s internet access.',
  TIMEOUT: 'The provider did not answer in time. Try again in a minute.',
  PROVIDER_UNAVAILABLE: 'The provider is having trouble right now. Try again in a few minutes.',
  RATE_LIMITED: 'The provider is rate limiting this account. Try again in a minute.',
  SENDER_OFFLINE: 'The provider says this number cannot send right now: check its status in the provider’s dashboard.',
};

/** Advice for SMTP servers and AI models, where the WhatsApp wording would mislead. */
const OTHER_ADVICE: Record<string, Record<string, string>> = {
  smtp: {
    PROVIDER_AUTH: 'The mail server refused the login: check the user name and password.',
    NETWORK: 'Switchboard could not reach the mail server: check the server name, the port and the security setting.',
    TIMEOUT: 'The mail server did not answer in time: check the port and the security setting (465 needs TLS from the start).',
  },
  'ai.openai_compatible': {
    PROVIDER_AUTH: 'The API refused the key: check the API key.',
    CONFIG_INVALID: 'The API refused the request: check the model name and the base URL (it usually ends in /v1).',
    NETWORK: 'Switchboard could not reach the API: check the base URL and this server’s network access.',
    TIMEOUT: 'The model did not answer in time: raise the timeout or try a smaller model.',
  },
};

/** A failed sync explained: the provider's own words, and what to check. */
export function testFailed(connection: Pick<ConnectionView, 'provider'>, error: unknown): TestOutcome {
  const who = providerLabel(connection.provider);
  if (error instanceof ApiError) {
    const detail = error.details && typeof error.details === 'object' ? (error.details as { code?: unknown; message?: unknown }) : null;
    const code = typeof detail?.code === 'string' ? detail.code : null;
    const providerMessage = typeof detail?.message === 'string' ? detail.message : error.message;
    if (error.status === 0) return { ok: false, message: error.message };
    // Network errors and timeouts are not the provider's answer: nothing answered.
    const unreachable = code === 'NETWORK' || code === 'TIMEOUT';
    return {
      ok: false,
      message: `${unreachable ? `No answer from ${who}` : `${who} answered`}: ${providerMessage}${code ? ` (${code})` : ''}`,
      advice: (code && (OTHER_ADVICE[connection.provider]?.[code] ?? ADVICE[code])) || undefined,
    };
  }
  return { ok: false, message: error instanceof Error ? error.message : String(error) };
}

/** Why a Test of an AiSensy Basic sender checks nothing. */
export const AISENSY_BASIC_TEST_NOTE =
  'AiSensy’s Basic plan has no API that lists templates, so there is nothing to check without sending a message: the API key is checked on the first send. Use the sandbox to try your flows first.';

/** Why the templates of an AiSensy Basic sender cannot be shown. */
export const AISENSY_BASIC_NOTE =
  'AiSensy’s Basic plan has no API that lists templates. In a “Send WhatsApp template” step, type the campaign name exactly as it is in AiSensy. With the Pro plan (Project ID and Project API password), the templates are listed here and kept in sync.';
