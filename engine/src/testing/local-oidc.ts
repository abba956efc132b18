import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenerateKeyPairResult, JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type Provider from 'oidc-provider' with { 'resolution-mode': 'import' };

/** A person the local provider knows: the claims it vouches for. */
export interface OidcPerson {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** What the provider's sign-in page does next: sign `accountId` in (and consent for them), or refuse. */
export type NextLogin = { accountId: string } | { deny: string };

const KID = 'local-oidc-key';

/**
 * A real OpenID provider (the `oidc-provider` package) on a loopback port, with one client. Its
 * sign-in page is a tiny interaction that signs in `nextLogin` and grants the scopes asked for
 * at once, so a test drives the whole flow with plain HTTP. Its signing key is the test's own,
 * so `forge` can make the token endpoint answer ID tokens of the test's choosing (another
 * audience, another nonce) signed as the provider signs them.
 */
export class LocalOidcProvider {
  readonly clientId = 'switchboard-test';
  readonly clientSecret = 'switchboard-test-secret-0123456789';
  nextLogin: NextLogin = { accountId: 'nobody' };
  /** While set, `POST /token` answers this ID token (given the request's form) instead of the provider. */
  forge: ((form: URLSearchParams) => Promise<string>) | null = null;

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private readonly privateKey: GenerateKeyPairResult['privateKey'],
  ) {}

  static async start(redirectUris: string[], people: Record<string, OidcPerson>): Promise<LocalOidcProvider> {
    const { default: ProviderClass } = await import('oidc-provider');
    const { exportJWK, generateKeyPair } = await import('jose');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const provider: Provider = new ProviderClass(issuer, {
      clients: [{ client_id: 'switchboard-test', client_secret: 'switchboard-test-secret-0123456789', redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
      findAccount: (_ctx, id) => (people[id] ? { accountId: id, claims: () => ({ sub: id, ...people[id] }) } : undefined),
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' }] },
      cookies: { keys: ['local-oidc-cookie-key'] },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      // Short lives of its own choosing (the defaults' functions print a notice each).
      ttl: { AccessToken: 300, AuthorizationCode: 60, Grant: 600, IdToken: 300, Interaction: 600, Session: 600 },
    });
    const local = new LocalOidcProvider(server, issuer, privateKey);
    const callback = provider.callback();
    server.on('request', (request, response) => {
      const path = new URL(request.url ?? '/', issuer).pathname;
      if (path.startsWith('/interaction/')) return void local.interact(provider, request, response).catch((error: Error) => response.writeHead(500).end(error.message));
      if (path === '/token' && request.method === 'POST' && local.forge) {
        const forge = local.forge;
        return void readBody(request)
          .then(async (body) => {
            const idToken = await forge(new URLSearchParams(body));
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id_token: idToken, access_token: 'forged', token_type: 'Bearer', expires_in: 60 }));
          })
          .catch((error: Error) => response.writeHead(500).end(error.message));
      }
      callback(request, response);
    });
    return local;
  }

  /** An ID token signed with the provider's own key: the provider's issuer and this client's audience unless `claims` say otherwise. */
  async sign(claims: JWTPayload): Promise<string> {
    const { SignJWT } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: this.issuer, aud: this.clientId, iat: now, exp: now + 300, ...claims }).setProtectedHeader({ alg: 'RS256', kid: KID }).sign(this.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The sign-in page: signs `nextLogin` in and grants what the client asked for, or refuses as the person would. */
  private async interact(provider: Provider, request: IncomingMessage, response: import('node:http').ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    const next = this.nextLogin;
    if ('deny' in next) {
      await provider.interactionFinished(request, response, { error: 'access_denied', error_description: next.deny }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new provider.Grant({ accountId: next.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { login: { accountId: next.accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}

/**
 * A browser as far as sign-in needs one: a cookie jar per origin (paths and expiry ignored but
 * for deletion) and redirects followed one by one, so a test sees each hop.
 */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** Opens `url` and follows redirects until `stop` says so (the URL it stopped at is not opened) or an answer is not a redirect. */
  async follow(url: string, stop: (url: string) => boolean, maxHops = 15): Promise<{ url: string; hops: string[] }> {
    const hops: string[] = [];
    let current = url;
    for (let hop = 0; hop < maxHops; hop++) {
      if (stop(current)) return { url: current, hops };
      hops.push(current);
      const response = await this.fetch(current);
      const location = response.headers.get('location');
      await response.arrayBuffer();
      if (response.status < 300 || response.status >= 400 || !location) throw new Error(`${current} answered ${response.status} without a redirect, after ${hops.join(' → ')}`);
      current = new URL(location, current).toString();
    }
    throw new Error(`more than ${maxHops} redirects: ${hops.join(' → ')}`);
  }

  /** One request with the origin's cookies; the answer's cookies are kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jar(origin);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const gone = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=thu, 01 jan 1970/i.test(attribute));
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(new URL(origin).origin).get(name);
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }
}
