import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { oidcCallbackQuerySchema, oidcStartQuerySchema } from '@switchboard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '../../common/api-error';
import type { EngineConfig } from '../../config/config';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, LOGGER, REDIS } from '../../runtime/tokens';
import { AccountsService } from './accounts.service';
import { readCookie } from './sessions.service';

/** The cookie that binds a sign-in to the browser that started it: its state. */
export const OIDC_COOKIE = 'sb_oidc';
/** How long a started sign-in may come back (the state in Redis and its cookie). */
const PENDING_SECONDS = 600;
/** Every call to the issuer (discovery, token, userinfo, keys) gives up after this. */
const ISSUER_TIMEOUT_MS = 10_000;
/** Discovery is read again after this, so a provider's moved endpoint is heard without a restart. */
const DISCOVERY_TTL_MS = 3_600_000;
/** Where the editor goes when no (acceptable) route to return to was given. */
const DEFAULT_RETURN = '/flows';
/** ID tokens signed with a key of the JWKS; never `none`, nor HS* (a shared secret anyone with the client secret could sign with). */
const ID_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** The provider's metadata this client needs (OpenID Connect Discovery 1.0, section 3). */
const discoverySchema = z.object({
  issuer: z.string().url(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
  userinfo_endpoint: z.string().url().optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
});
type Discovery = z.infer<typeof discoverySchema>;

const tokenAnswerSchema = z.object({ id_token: z.string().min(1), access_token: z.string().optional() });

/** What a started sign-in keeps server-side, by its state. */
interface Pending {
  nonce: string;
  verifier: string;
  returnTo: string;
}

/**
 * A sign-in that did not work, with what the person reads (`message`, on the sign-in page) and
 * what the operator reads in the log (`detail`).
 */
class OidcFailure extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'OidcFailure';
  }
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest();
/** `application/x-www-form-urlencoded`, as HTTP Basic credentials of a client are encoded (RFC 6749, 2.3.1). */
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/**
 * Single sign-on with OpenID Connect (the authorization code flow with PKCE), when OIDC_ISSUER and
 * OIDC_CLIENT_ID are set. `start` sends the browser to the provider with a fresh state, nonce and
 * PKCE challenge, kept in Redis for ten minutes and bound to the browser by an httpOnly cookie
 * holding the state, so a callback opened in another browser (or twice) is refused. `callback`
 * trades the code for tokens, verifies the ID token (signature against the provider's keys,
 * issuer, audience, expiry, nonce) and signs the person in (`AccountsService.oidcAccount`).
 *
 * Both end in a redirect to the editor, never an error page: a failure lands on its sign-in page
 * with a message. Calls to the issuer are the operator's configuration (like SMTP_URL), so they
 * do not go through a workspace's outbound policy; each has a timeout.
 */
@Injectable()
export class OidcService {
  private discovered?: { at: number; value: Promise<{ discovery: Discovery; keys: JWTVerifyGetKey }> };

  constructor(
    private readonly accounts: AccountsService,
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `GET /api/auth/oidc/start`: redirects to the provider's authorization endpoint. */
  async start(query: unknown, reply: FastifyReply): Promise<void> {
    try {
      const parsed = oidcStartQuerySchema.safeParse(query);
      const returnTo = safeReturn(parsed.success ? parsed.data.return : undefined);
      const { discovery } = await this.provider();
      const state = base64url(randomBytes(32));
      const pending: Pending = { nonce: base64url(randomBytes(32)), verifier: base64url(randomBytes(32)), returnTo };
      await this.redis.set(this.key(state), JSON.stringify(pending), 'EX', PENDING_SECONDS);
      const url = new URL(discovery.authorization_endpoint);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', this.config.OIDC_CLIENT_ID!);
      url.searchParams.set('redirect_uri', this.redirectUri());
      url.searchParams.set('scope', 'openid email profile');
      url.searchParams.set('state', state);
      url.searchParams.set('nonce', pending.nonce);
      url.searchParams.set('code_challenge', base64url(sha256(pending.verifier)));
      url.searchParams.set('code_challenge_method', 'S256');
      reply.header('set-cookie', this.cookie(state, PENDING_SECONDS));
      reply.redirect(url.toString(), 302);
    } catch (error) {
      await this.fail(reply, error);
    }
  }

  /** `GET /api/auth/oidc/callback`: checks the provider's answer, signs the person in and redirects to the editor. */
  async callback(query: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // The binding cookie is spent whatever happens next.
    reply.header('set-cookie', this.cookie('', 0));
    try {
      const parsed = oidcCallbackQuerySchema.safeParse(query);
      if (!parsed.success) throw new OidcFailure('The answer of the sign-in page was not understood: start again');
      const answer = parsed.data;
      // The state first, for an error answer too: the provider's words reach the sign-in page only
      // for this browser's own sign-in, so nobody's crafted link can put words there.
      const pending = await this.takePending(answer.state ?? '', readCookie(request.headers.cookie, OIDC_COOKIE));
      if (answer.error) throw new OidcFailure(`${this.name()} did not sign you in: ${(answer.error_description ?? answer.error).slice(0, 300)}`);
      if (!answer.code) throw new OidcFailure('The answer of the sign-in page lacks its code: start again');
      const { discovery, keys } = await this.provider();
      const tokens = await this.exchange(discovery, answer.code, pending.verifier);
      const claims = await this.verifyIdToken(discovery, keys, tokens.id_token, pending.nonce);
      const profile = await this.profile(discovery, claims, tokens.access_token);
      const user = await this.accounts.oidcAccount({
        issuer: discovery.issuer,
        subject: claims.sub!,
        email: typeof profile.email === 'string' ? profile.email : null,
        emailVerified: profile.email_verified === true || profile.email_verified === 'true',
        name: typeof profile.name === 'string' ? profile.name : null,
      });
      await this.accounts.startSession(reply, user.id);
      reply.redirect(`${this.base()}/#${pending.returnTo}`, 302);
    } catch (error) {
      await this.fail(reply, error);
    }
  }

  /** The provider's metadata and keys, discovered once an hour (a failed discovery is tried again on the next sign-in). */
  private provider(): Promise<{ discovery: Discovery; keys: JWTVerifyGetKey }> {
    if (!this.config.OIDC_ISSUER || !this.config.OIDC_CLIENT_ID) return Promise.reject(new OidcFailure('Single sign-on is not set up on this engine: sign in with your e-mail and password'));
    if (this.discovered && Date.now() - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.value;
    const value = this.discover(this.config.OIDC_ISSUER);
    const entry = { at: Date.now(), value };
    this.discovered = entry;
    value.catch(() => {
      if (this.discovered === entry) this.discovered = undefined;
    });
    return value;
  }

  private async discover(issuer: string): Promise<{ discovery: Discovery; keys: JWTVerifyGetKey }> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const body = await this.call(url, { headers: { accept: 'application/json' } }, 'discovery');
    const parsed = discoverySchema.safeParse(body);
    if (!parsed.success) throw new OidcFailure(this.unreachable(), `${url} is not OpenID provider metadata: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    // OpenID Connect Discovery 4.3: the metadata must name the issuer it was asked for.
    if (parsed.data.issuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) throw new OidcFailure(this.unreachable(), `${url} names the issuer ${parsed.data.issuer}, not OIDC_ISSUER ${issuer}`);
    const { createRemoteJWKSet } = await import('jose');
    return { discovery: parsed.data, keys: createRemoteJWKSet(new URL(parsed.data.jwks_uri), { timeoutDuration: ISSUER_TIMEOUT_MS }) };
  }

  /** The pending sign-in of `state`, once: the state must be the browser's own (the cookie) and still in Redis. */
  private async takePending(state: string, cookie: string | null): Promise<Pending> {
    const expired = new OidcFailure('This sign-in expired or was started in another browser: start it again');
    if (!cookie || !sameText(cookie, state)) throw expired;
    const stored = await this.redis.getdel(this.key(state));
    if (!stored) throw expired;
    return JSON.parse(stored) as Pending;
  }

  /** Trades the code for tokens at the token endpoint, authenticating as the provider allows (RFC 6749, 4.1.3; RFC 7636). */
  private async exchange(discovery: Discovery, code: string, verifier: string): Promise<z.infer<typeof tokenAnswerSchema>> {
    const id = this.config.OIDC_CLIENT_ID!;
    const secret = this.config.OIDC_CLIENT_SECRET;
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri(), code_verifier: verifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    // Discovery 3: without the list, a provider takes client_secret_basic.
    const methods = discovery.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    if (!secret) form.set('client_id', id);
    else if (methods.includes('client_secret_basic')) headers.authorization = `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
    else if (methods.includes('client_secret_post')) {
      form.set('client_id', id);
      form.set('client_secret', secret);
    } else throw new OidcFailure(this.unreachable(), `the token endpoint takes neither client_secret_basic nor client_secret_post (${methods.join(', ')})`);
    const body = await this.call(discovery.token_endpoint, { method: 'POST', headers, body: form.toString() }, 'token endpoint');
    const parsed = tokenAnswerSchema.safeParse(body);
    if (!parsed.success) throw new OidcFailure(`${this.name()} gave no ID token: start again`, `the token endpoint answered without id_token`);
    return parsed.data;
  }

  /** The ID token's claims, once its signature, issuer, audience, expiry and nonce are right (OpenID Connect Core 3.1.3.7). */
  private async verifyIdToken(discovery: Discovery, keys: JWTVerifyGetKey, idToken: string, nonce: string): Promise<JWTPayload> {
    const { jwtVerify } = await import('jose');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, keys, {
        issuer: discovery.issuer,
        audience: this.config.OIDC_CLIENT_ID!,
        algorithms: ID_TOKEN_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 60,
      }));
    } catch (error) {
      throw new OidcFailure(this.notVerified(), `the ID token was refused: ${(error as Error).message}`);
    }
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== this.config.OIDC_CLIENT_ID) throw new OidcFailure(this.notVerified(), `the ID token's azp is ${String(payload.azp)}, not this client`);
    if (typeof payload.nonce !== 'string' || !sameText(payload.nonce, nonce)) throw new OidcFailure(this.notVerified(), 'the ID token carries another nonce than this sign-in sent');
    return payload;
  }

  /**
   * The person's claims: the ID token's, completed from the userinfo endpoint when it lacks the
   * address or name (many providers put scope claims only there). Userinfo must be about the
   * same subject (OpenID Connect Core 5.3.2).
   */
  private async profile(discovery: Discovery, claims: JWTPayload, accessToken: string | undefined): Promise<Record<string, unknown>> {
    if ((claims.email !== undefined && claims.name !== undefined) || !discovery.userinfo_endpoint || !accessToken) return claims;
    const info = await this.call(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } }, 'userinfo endpoint');
    if (typeof info !== 'object' || info === null || (info as { sub?: unknown }).sub !== claims.sub) throw new OidcFailure(this.notVerified(), 'the userinfo endpoint answered about another subject than the ID token');
    return { ...(info as Record<string, unknown>), ...claims };
  }

  /** One call to the issuer: its JSON answer; a network failure, a timeout or a refusal is an `OidcFailure`. */
  private async call(url: string, init: RequestInit, what: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS) });
    } catch (error) {
      throw new OidcFailure(this.unreachable(), `${what} ${url}: ${(error as Error).message}`);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new OidcFailure(this.unreachable(), `${what} ${url} answered ${response.status} with no JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const error = body as { error?: unknown; error_description?: unknown };
      const reason = typeof error.error_description === 'string' ? error.error_description : typeof error.error === 'string' ? error.error : `HTTP ${response.status}`;
      throw new OidcFailure(`${this.name()} refused the sign-in (${reason.slice(0, 200)}): start again`, `${what} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return body;
  }

  /** Ends a sign-in that did not work on the editor's sign-in page, with a message the person can read. */
  private async fail(reply: FastifyReply, error: unknown): Promise<void> {
    let message: string;
    if (error instanceof OidcFailure) {
      message = error.message;
      this.logger.warn({ detail: error.detail }, `single sign-on failed: ${error.message}`);
    } else if (error instanceof ApiError) {
      message = error.message;
    } else {
      message = `Signing in with ${this.name()} did not work: try again, or ask your admin to read the engine's log`;
      this.logger.error({ err: error }, 'single sign-on failed');
    }
    reply.redirect(`${this.base()}/#/sign-in?error=${encodeURIComponent(message)}`, 302);
  }

  private cookie(state: string, maxAgeSeconds: number): string {
    const secure = this.config.PUBLIC_URL.startsWith('https:') ? '; Secure' : '';
    // Lax, not Strict: the callback is a top-level navigation coming back from the provider's site.
    return `${OIDC_COOKIE}=${state}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
  }

  private key(state: string): string {
    return `${this.config.QUEUE_PREFIX}:oidc:${sha256(state).toString('hex')}`;
  }

  /** The redirect URI to register at the provider. */
  private redirectUri(): string {
    return `${this.base()}/api/auth/oidc/callback`;
  }

  private base(): string {
    return this.config.PUBLIC_URL.replace(/\/+$/, '');
  }

  private name(): string {
    return this.config.OIDC_NAME;
  }

  private unreachable(): string {
    return `${this.name()} could not be reached to sign you in: try again later, or ask your admin to read the engine's log`;
  }

  private notVerified(): string {
    return `${this.name()}'s answer could not be verified: start again, or ask your admin to read the engine's log`;
  }
}

/**
 * The editor route to go back to after signing in: a relative hash route of the editor's own
 * (`/runs/abc?w=…`), never another site's address (`//host`, `https:`), else `/flows`.
 */
export function safeReturn(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.includes('//') || /[\s\\]/.test(value) || /^\/*[a-z][a-z0-9+.-]*:/i.test(value)) return DEFAULT_RETURN;
  return value;
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
