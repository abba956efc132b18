import { Injectable } from '@nestjs/common';
import { PROVIDERS, remoteExcerpt, StepError } from '@switchboard/shared';
import type { HttpPort, HttpRequest, HttpResponse } from '@switchboard/nodes';
import type { Response } from 'undici';
import { ConnectionsService } from '../../modules/connections/connections.service';
import { outboundFetch } from '../outbound/outbound-fetch';
import { OutboundPolicy } from '../outbound/outbound-policy';
import type { TraceContext } from '../../execution/types';

const MAX_REDIRECTS = 5;
/** A larger answer fails the step rather than filling the step's stored output. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** The step an HTTP call belongs to. */
export interface HttpOrigin {
  workspaceId: string;
  idempotencyKey: string;
  /** The step's span while tracing is on: the request carries it as `traceparent`. */
  trace?: TraceContext;
}

/**
 * The HTTP port, under the outbound policy (`OutboundPolicy`): only http(s); private, loopback
 * and link-local addresses are refused after DNS resolution and on every redirect, unless the
 * operator's `OUTBOUND_ALLOW` or the workspace's `httpAllowedHosts` names the host; a redirect
 * to another origin drops every credential header (the auth connection's own included). Each request carries the step's `Idempotency-Key`; a non-2xx answer is returned for
 * the node to classify; network failures and timeouts become retryable errors.
 *
 * Unknown outcomes: unlike a WhatsApp send or an email, an arbitrary API sends no report to
 * wait for. A timeout or a reset after the request was written is retried like any network
 * failure, and every attempt (and a retry of the run) carries the same `Idempotency-Key`
 * (run + node + scope), so an API that honours the header (the IETF draft, Stripe's
 * convention) applies the request once. An API that does not honour it may see it twice; a
 * flow that must not can set the node's `retry` to one attempt and handle the error edge.
 */
@Injectable()
export class HttpGateway {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly outbound: OutboundPolicy,
  ) {}

  forStep(origin: HttpOrigin): HttpPort {
    return { request: (request) => this.request(origin, request) };
  }

  async request(origin: HttpOrigin, request: HttpRequest): Promise<HttpResponse> {
    const headers = normalizeHeaders(request.headers);
    const auth = request.authConnectionId ? await this.authHeader(origin.workspaceId, request.authConnectionId) : {};
    Object.assign(headers, auth);
    headers['idempotency-key'] ??= origin.idempotencyKey;
    // The called service continues the step's trace, unless the flow sets a traceparent of its own.
    if (origin.trace && headers.traceparent === undefined) {
      headers.traceparent = origin.trace.traceparent;
      if (origin.trace.tracestate && headers.tracestate === undefined) headers.tracestate = origin.trace.tracestate;
    }
    const access = await this.outbound.forWorkspace(origin.workspaceId);
    const url = parseUrl(request.url);
    const signal = AbortSignal.timeout(request.timeoutMs);
    let answer: { response: Response; url: URL };
    try {
      answer = await outboundFetch(access, url, { method: request.method, headers, body: request.body, signal, maxRedirects: MAX_REDIRECTS, crossOrigin: 'strip-credentials', credentialHeaders: Object.keys(auth) });
    } catch (error) {
      if (error instanceof StepError) throw error;
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
        throw new StepError('TIMEOUT', `${request.method} ${url.origin}${url.pathname} did not answer within ${request.timeoutMs} ms`);
      }
      const code = ((error as { cause?: unknown }).cause as { code?: string } | undefined)?.code;
      throw new StepError('NETWORK', `${request.method} ${url.origin}${url.pathname} could not be reached${code ? ` (${code})` : ''}`);
    }
    const { response } = answer;
    return { status: response.status, headers: responseHeaders(response), body: await readBody(response, request.responseType) };
  }

  private async authHeader(workspaceId: string, connectionId: string): Promise<Record<string, string>> {
    const connection = await this.connections.resolve(workspaceId, connectionId);
    if (!connection) throw new StepError('CONNECTION_NOT_FOUND', `auth connection ${connectionId} does not exist in this workspace`);
    if (PROVIDERS[connection.provider]?.channel !== 'http') throw new StepError('CONFIG_INVALID', `connection ${connectionId} is a ${connection.provider} connection, not an HTTP auth connection`);
    const { headerName, value } = connection.config as { headerName: string; value: string };
    return { [headerName.toLowerCase()]: value };
  }

  /** Forget cached settings (the workspace was just updated). */
  settingsChanged(workspaceId: string): void {
    this.outbound.settingsChanged(workspaceId);
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new StepError('CONFIG_INVALID', `"${remoteExcerpt(text)}" is not a URL`);
  }
}

function normalizeHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function responseHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  return headers;
}

async function readBody(response: Response, type: HttpRequest['responseType']): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > MAX_RESPONSE_BYTES) throw new StepError('HTTP_RESPONSE_TOO_LARGE', `the answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB`);
      chunks.push(chunk);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const isJson = type === 'json' || (type === 'auto' && /[/+]json\b/i.test(response.headers.get('content-type') ?? ''));
  if (!isJson || text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (type === 'json') throw new StepError('HTTP_INVALID_JSON', `the answer is not JSON: ${remoteExcerpt(text)}`);
    return text;
  }
}
