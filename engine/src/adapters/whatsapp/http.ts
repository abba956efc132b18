import { StepError } from '@switchboard/shared';
import { outboundFetch } from '../outbound/outbound-fetch';
import type { OutboundAccess, OutboundPolicy } from '../outbound/outbound-policy';

/** How long a provider call may take before it fails with `TIMEOUT`. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** One call to a provider's JSON API. */
export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as the JSON body when present. */
  json?: unknown;
  timeoutMs?: number;
  /** Who is called, as a user reads it in an error ("Meta", "Heltar", "AiSensy"). */
  service: string;
  /** Where this call may go: the workspace's access under the outbound policy, or the operator's. */
  outbound: OutboundAccess;
}

/** Same-origin redirects a provider call follows; one to another origin is refused (it would carry the secret). */
const MAX_REDIRECTS = 3;

/** What a provider answered, whatever the status: the caller decides what is an error. */
export interface JsonResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else the raw text ('' when empty). */
  body: unknown;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
};

/** Failures before a connection existed: the request cannot have reached the provider. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Calls a JSON API under the outbound policy: the address is checked in the socket's lookup
 * (private and loopback refused unless allowed), same-origin redirects are followed and
 * checked again, a redirect to another origin is a permanent `URL_NOT_ALLOWED`. Network failures become retryable `NETWORK`, a call
 * slower than the timeout a retryable `TIMEOUT`; any HTTP status is returned, not thrown.
 * Each failure says in `details.mayHaveArrived` whether the provider may have received the
 * request: false only when no connection was ever made (refused, unknown host, unreachable);
 * a timeout or a reset may have come after the request was written, so a send that fails so
 * must not be repeated blindly (see `mayHaveArrived`).
 *
 * @example const { status, body } = await requestJson({ service: 'Meta', method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
 */
export async function requestJson(request: JsonRequest): Promise<JsonResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  // Messages name only origin and path: query strings (Graph paging links) can carry tokens.
  const target = `${request.method} ${safeUrl(request.url)}`;
  if (!URL.canParse(request.url)) {
    // A malformed base URL is a setup mistake, not a network failure worth retrying.
    throw new StepError('CONFIG_INVALID', `the ${request.service} base URL is not a valid URL`);
  }
  try {
    const { response } = await outboundFetch(request.outbound, new URL(request.url), {
      method: request.method,
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      signal: AbortSignal.timeout(timeoutMs),
      maxRedirects: MAX_REDIRECTS,
      crossOrigin: 'refuse',
      service: request.service,
    });
    // The timeout also covers reading the body: a provider can stall after the headers.
    const text = await response.text();
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return { status: response.status, headers: responseHeaders, body: parseBody(text) };
  } catch (error) {
    // Refused by the outbound policy: nothing was sent.
    if (error instanceof StepError) throw error;
    if (isTimeout(error)) {
      throw new StepError('TIMEOUT', `${request.service} did not answer within ${formatSeconds(timeoutMs)} (${target})`, { cause: error, details: { mayHaveArrived: true } });
    }
    const arrived = !NOT_CONNECTED.has(networkCode(error) ?? '');
    throw new StepError('NETWORK', `${request.service} could not be reached: ${networkReason(error)} (${target})`, { cause: error, details: { mayHaveArrived: arrived } });
  }
}

/** The URL without query string, fragment or credentials, for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * Whether a failed provider call may have reached the provider (a timeout or a connection
 * lost after connecting): its outcome is unknown, and sending again could deliver twice.
 */
export function mayHaveArrived(error: unknown): boolean {
  return error instanceof StepError && (error.details as { mayHaveArrived?: unknown } | undefined)?.mayHaveArrived === true;
}

function networkCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined) : undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = networkCode(error);
  if (code) return NETWORK_REASONS[code] ?? code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Options every provider adapter takes; tests shorten the timeout. */
export interface ProviderHttpOptions {
  /** Where a connection's calls may go (its workspace's access under the outbound policy). */
  outbound: OutboundPolicy;
  timeoutMs?: number;
}
