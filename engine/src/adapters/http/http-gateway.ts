import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { StepError } from '@switchboard/shared';
import type { HttpPort, HttpRequest, HttpResponse } from '@switchboard/nodes';
import type { Pool } from 'pg';
import { Agent, fetch, type Response } from 'undici';
import { ConnectionsService } from '../../modules/connections/connections.service';
import { PROVIDERS } from '../../modules/connections/providers';
import { PG_POOL } from '../../runtime/tokens';
import { isAllowedHost, isBlockedAddress } from './address-policy';

const MAX_REDIRECTS = 5;
/** A larger answer fails the step rather than filling the step's stored output. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const SETTINGS_CACHE_MS = 5_000;

class BlockedAddressError extends Error {
  readonly code = 'URL_NOT_ALLOWED';
}

/**
 * Resolves names as usual, then refuses the connection when any address is private,
 * loopback or link-local. The check sits in the socket's own lookup, so the address checked
 * is the address connected to (no DNS rebinding between check and use).
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
    if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked.address}, a private, loopback or link-local address`), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** The step an HTTP call belongs to. */
export interface HttpOrigin {
  workspaceId: string;
  idempotencyKey: string;
}

/**
 * The HTTP port. Only http(s); private, loopback and link-local addresses are refused after
 * DNS resolution and on every redirect, unless the workspace's `httpAllowedHosts` names the
 * host. Each request carries the step's `Idempotency-Key`; a non-2xx answer is returned for
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
export class HttpGateway implements OnApplicationShutdown {
  private readonly guarded = new Agent({ connect: { lookup: guardedLookup } });
  private readonly open = new Agent();
  private readonly settings = new Map<string, { hosts: string[]; until: number }>();

  constructor(
    private readonly connections: ConnectionsService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  forStep(origin: HttpOrigin): HttpPort {
    return { request: (request) => this.request(origin, request) };
  }

  async request(origin: HttpOrigin, request: HttpRequest): Promise<HttpResponse> {
    const headers = normalizeHeaders(request.headers);
    if (request.authConnectionId) Object.assign(headers, await this.authHeader(origin.workspaceId, request.authConnectionId));
    headers['idempotency-key'] ??= origin.idempotencyKey;
    const allowed = await this.allowedHosts(origin.workspaceId);
    let url = parseUrl(request.url);
    let method: string = request.method;
    let body = request.body;
    const signal = AbortSignal.timeout(request.timeoutMs);
    for (let hop = 0; ; hop += 1) {
      const open = this.check(url, allowed);
      const response = await this.send(url, { method, headers, body, signal, dispatcher: open ? this.open : this.guarded }, request.timeoutMs);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        const next = parseUrl(new URL(location, url).toString());
        if (next.origin !== url.origin) delete headers.authorization;
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        url = next;
        continue;
      }
      return { status: response.status, headers: responseHeaders(response), body: await readBody(response, request.responseType) };
    }
  }

  /** Refuses a URL the workspace may not call; returns whether the host is explicitly allowed. */
  private check(url: URL, allowed: string[]): boolean {
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    if (isAllowedHost(url.hostname, port, allowed)) return true;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isBlockedAddress(host)) {
      throw new StepError('URL_NOT_ALLOWED', `${url.origin} is a private, loopback or link-local address; add the host to the workspace's allowed hosts to call it`);
    }
    return false;
  }

  private async send(url: URL, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; dispatcher: Agent }, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'manual' });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof BlockedAddressError) {
        throw new StepError('URL_NOT_ALLOWED', `${cause.message}; add the host to the workspace's allowed hosts to call it`);
      }
      if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') {
        throw new StepError('TIMEOUT', `${init.method} ${url.origin}${url.pathname} did not answer within ${timeoutMs} ms`);
      }
      const code = (cause as { code?: string } | undefined)?.code;
      throw new StepError('NETWORK', `${init.method} ${url.origin}${url.pathname} could not be reached${code ? ` (${code})` : ''}`);
    }
  }

  private async authHeader(workspaceId: string, connectionId: string): Promise<Record<string, string>> {
    const connection = await this.connections.resolve(workspaceId, connectionId);
    if (!connection) throw new StepError('CONNECTION_NOT_FOUND', `auth connection ${connectionId} does not exist in this workspace`);
    if (PROVIDERS[connection.provider]?.channel !== 'http') throw new StepError('CONFIG_INVALID', `connection ${connectionId} is a ${connection.provider} connection, not an HTTP auth connection`);
    const { headerName, value } = connection.config as { headerName: string; value: string };
    return { [headerName.toLowerCase()]: value };
  }

  /** The workspace's `settings.httpAllowedHosts` (cached briefly). */
  private async allowedHosts(workspaceId: string): Promise<string[]> {
    const cached = this.settings.get(workspaceId);
    if (cached && cached.until > Date.now()) return cached.hosts;
    const { rows } = await this.pool.query<{ hosts: unknown }>(`SELECT settings -> 'httpAllowedHosts' AS hosts FROM workspaces WHERE id = $1`, [workspaceId]);
    const hosts = Array.isArray(rows[0]?.hosts) ? (rows[0]!.hosts as unknown[]).filter((host): host is string => typeof host === 'string') : [];
    this.settings.set(workspaceId, { hosts, until: Date.now() + SETTINGS_CACHE_MS });
    return hosts;
  }

  /** Forget cached settings (the workspace was just updated). */
  settingsChanged(workspaceId: string): void {
    this.settings.delete(workspaceId);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.guarded.close(), this.open.close()]);
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StepError('CONFIG_INVALID', `"${text}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StepError('URL_NOT_ALLOWED', `only http and https URLs can be called, not ${url.protocol}`);
  if (url.username || url.password) throw new StepError('CONFIG_INVALID', 'put credentials in a header or an auth connection, not in the URL');
  return url;
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
    if (type === 'json') throw new StepError('HTTP_INVALID_JSON', `the answer is not JSON: ${text.slice(0, 200)}`);
    return text;
  }
}
