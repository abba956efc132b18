import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { connect, isIP, type LookupFunction, type Socket } from 'node:net';
import { StepError } from '@switchboard/shared';
import { Agent, type Dispatcher } from 'undici';
import { isAllowedHost, isBlockedAddress } from '../http/address-policy';

/** What a refusal tells the user to do. */
export const HOW_TO_ALLOW = "to call it, add the host to the workspace's allowed hosts (settings.httpAllowedHosts), or the operator adds it to OUTBOUND_ALLOW";

const SETTINGS_CACHE_MS = 5_000;

/** Thrown inside a socket's lookup; surfaces as the `cause` of a failed connection. */
export class BlockedAddressError extends Error {
  readonly code = 'URL_NOT_ALLOWED';
}

/** The permanent `URL_NOT_ALLOWED` step error, saying how to allow the host. */
export function notAllowed(reason: string): StepError {
  return new StepError('URL_NOT_ALLOWED', `${reason}; ${HOW_TO_ALLOW}`, { retryable: false });
}

/** The `URL_NOT_ALLOWED` error behind a failed connection, if that is why it failed. */
export function blockedCause(error: unknown): StepError | null {
  for (let cause = error, depth = 0; cause && depth < 4; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (cause instanceof BlockedAddressError) return notAllowed(cause.message);
    if (cause instanceof StepError && cause.code === 'URL_NOT_ALLOWED') return cause;
  }
  return null;
}

/**
 * Resolves names as usual, then refuses the connection when any address is private,
 * loopback or link-local. The check sits in the socket's own lookup, so the address checked
 * is the address connected to (no DNS rebinding between check and use).
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const blocked = addresses.find((entry) => isBlockedAddress(entry.address));
    if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked.address}, a private, loopback or link-local address`), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * Where one caller may connect: the hosts allowed by name (the operator's `OUTBOUND_ALLOW`
 * and the workspace's `httpAllowedHosts`), or anywhere for the operator's own configuration.
 * A host allowed by name is connected to as it resolves; any other host is connected to only
 * when every address it resolves to is public, checked in the socket's lookup.
 */
export class OutboundAccess {
  constructor(
    private readonly agents: { guarded: Agent; open: Agent },
    /** null: trusted operator configuration (`AI_BASE_URL`, `SMTP_URL`), not checked. */
    readonly allowed: readonly string[] | null,
  ) {}

  /** Refuses a URL this caller may not call; the dispatcher to connect with when it may. */
  dispatcherFor(url: URL): Dispatcher {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StepError('URL_NOT_ALLOWED', `only http and https URLs can be called, not ${url.protocol}`);
    if (url.username || url.password) throw new StepError('CONFIG_INVALID', 'put credentials in a header or an auth connection, not in the URL');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    return this.isOpen(url.hostname, port) ? this.agents.open : this.agents.guarded;
  }

  /**
   * A TCP connection to `host:port` under the same rule (for SMTP): a literal private address
   * is refused at once, a name is resolved, checked and connected to in one lookup.
   */
  connect(host: string, port: number, timeoutMs: number): Promise<Socket> {
    const open = this.isOpen(host, port);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port, ...(open ? {} : { lookup: guardedLookup }) });
      const fail = (error: Error) => {
        socket.destroy();
        reject(blockedCause(error) ?? error);
      };
      socket.setTimeout(timeoutMs, () => fail(Object.assign(new Error(`connecting to ${host}:${port} took longer than ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.removeListener('error', fail);
        resolve(socket);
      });
    });
  }

  /** Whether `host` may be connected to without the address check; throws for a literal private address. */
  private isOpen(hostname: string, port: number): boolean {
    if (this.allowed === null || isAllowedHost(hostname, port, this.allowed)) return true;
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isBlockedAddress(host)) throw notAllowed(`${hostname}:${port} is a private, loopback or link-local address`);
    return false;
  }
}

/**
 * The one outbound policy for every call the engine makes on a user's behalf: `http.request`,
 * WhatsApp provider base URLs, AI connection base URLs and SMTP connection hosts. Private,
 * loopback and link-local addresses are refused after DNS (and on every redirect) unless the
 * operator (`OUTBOUND_ALLOW`) or the workspace (`settings.httpAllowedHosts`) allows the host.
 * The engine's own defaults (`AI_BASE_URL`, `SMTP_URL`) are operator configuration and use
 * `operator()`, which is not checked.
 *
 * @example const access = await policy.forWorkspace(workspaceId); await outboundFetch(access, url, init)
 */
export class OutboundPolicy {
  private readonly agents = { guarded: new Agent({ connect: { lookup: guardedLookup } }), open: new Agent() };
  private readonly settings = new Map<string, { hosts: string[]; until: number }>();
  private readonly trusted = new OutboundAccess(this.agents, null);

  constructor(
    private readonly operatorAllow: readonly string[],
    private readonly workspaceHosts: (workspaceId: string) => Promise<string[]> = async () => [],
  ) {}

  /** What a workspace's calls may reach: the operator's hosts and the workspace's own. */
  async forWorkspace(workspaceId: string): Promise<OutboundAccess> {
    const cached = this.settings.get(workspaceId);
    let hosts: string[];
    if (cached && cached.until > Date.now()) {
      hosts = cached.hosts;
    } else {
      hosts = await this.workspaceHosts(workspaceId);
      this.settings.set(workspaceId, { hosts, until: Date.now() + SETTINGS_CACHE_MS });
    }
    return new OutboundAccess(this.agents, [...this.operatorAllow, ...hosts]);
  }

  /** The operator's own configuration (`AI_BASE_URL`, `SMTP_URL`): trusted, not checked. */
  operator(): OutboundAccess {
    return this.trusted;
  }

  /** Forget a workspace's cached allowed hosts (its settings were just changed). */
  settingsChanged(workspaceId: string): void {
    this.settings.delete(workspaceId);
  }

  async close(): Promise<void> {
    await Promise.all([this.agents.guarded.close(), this.agents.open.close()]);
  }

  /** NestJS calls this when the engine stops. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
