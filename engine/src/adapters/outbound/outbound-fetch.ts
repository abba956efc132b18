import { StepError } from '@switchboard/shared';
import { fetch, type Response } from 'undici';
import { blockedCause, type OutboundAccess } from './outbound-policy';

/** Headers that name a credential by convention; any header whose name says key, token, secret, auth, signature, password, session or cookie. */
const CREDENTIAL_NAME = /key|token|secret|auth|signature|password|passwd|session|cookie/i;
/** Matched by the pattern, carrying nothing secret, and needed by the next origin. */
const NOT_CREDENTIALS = new Set(['idempotency-key', 'keep-alive']);

/**
 * Whether a request header carries a credential, so it must not follow a redirect to another
 * origin: `authorization`, `proxy-authorization`, `cookie`, and any name that says so
 * (`x-api-key`, `x-auth-token`, `x-signature`).
 */
export function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return !NOT_CREDENTIALS.has(lower) && CREDENTIAL_NAME.test(lower);
}

export interface OutboundRequest {
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Redirects followed at most; a further 3xx is returned as it is. */
  maxRedirects: number;
  /**
   * A redirect to another origin: `strip-credentials` follows it without any credential header
   * (`http.request`); `refuse` fails with `URL_NOT_ALLOWED` (provider APIs, whose every call
   * carries the connection's secret).
   */
  crossOrigin: 'strip-credentials' | 'refuse';
  /** Headers that carry a credential whatever their name (an auth connection's own header). */
  credentialHeaders?: readonly string[];
  /** Who is called, for messages ("Meta", "the AI model"). */
  service?: string;
}

/**
 * One request under the outbound policy: the URL and every redirect hop are checked (address
 * and allowed hosts, in the socket's lookup), redirects are followed by hand, and credentials
 * never leave for another origin. A refused address is a permanent `URL_NOT_ALLOWED`; other
 * failures (network, timeout) are thrown as fetch throws them, for the caller to classify.
 *
 * @example const { response } = await outboundFetch(access, new URL(url), { method: 'GET', headers, signal, maxRedirects: 5, crossOrigin: 'strip-credentials' })
 */
export async function outboundFetch(access: OutboundAccess, start: URL, request: OutboundRequest): Promise<{ response: Response; url: URL }> {
  const headers = { ...request.headers };
  let url = start;
  let method = request.method;
  let body = request.body;
  for (let hop = 0; ; hop += 1) {
    const dispatcher = access.dispatcherFor(url);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body, signal: request.signal, dispatcher, redirect: 'manual' });
    } catch (error) {
      throw blockedCause(error) ?? error;
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location || hop >= request.maxRedirects) return { response, url };
    await response.body?.cancel();
    const next = redirectTarget(location, url);
    if (next.origin !== url.origin) {
      if (request.crossOrigin === 'refuse') {
        throw new StepError('URL_NOT_ALLOWED', `${request.service ?? url.origin} redirected to another origin (${next.origin}); a call that carries the connection's credentials does not follow it`, { retryable: false });
      }
      const extra = new Set((request.credentialHeaders ?? []).map((name) => name.toLowerCase()));
      for (const name of Object.keys(headers)) if (extra.has(name) || isCredentialHeader(name)) delete headers[name];
    }
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
    url = next;
  }
}

function redirectTarget(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new StepError('NETWORK', `${base.origin} redirected to an invalid address`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new StepError('URL_NOT_ALLOWED', `${base.origin} redirected to a ${next.protocol} URL; only http and https are followed`, { retryable: false });
  if (next.username || next.password) throw new StepError('URL_NOT_ALLOWED', `${base.origin} redirected to a URL with credentials in it`, { retryable: false });
  return next;
}
