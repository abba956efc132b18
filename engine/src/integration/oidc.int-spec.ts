import { createServer, type AddressInfo } from 'node:net';
import type { MeView } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturn } from '../modules/accounts/oidc.service';
import { CookieBrowser, LocalOidcProvider } from '../testing/local-oidc';
import { linkToken, Person } from '../testing/people';
import { ApiClient, TestEngine } from '../testing/test-engine';

/** A loopback port free now: the engine's PUBLIC_URL must be its real address, so the redirect URI registered at the provider matches. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('single sign-on with OpenID Connect', () => {
  let engine: TestEngine;
  /** An engine whose accounts are made by invitation (SIGNUP=invite), on the same provider. */
  let invitesOnly: TestEngine;
  let provider: LocalOidcProvider;
  let base: string;
  let invitesBase: string;

  beforeAll(async () => {
    const [port, invitesPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    invitesBase = `http://127.0.0.1:${invitesPort}`;
    provider = await LocalOidcProvider.start([`${base}/api/auth/oidc/callback`, `${invitesBase}/api/auth/oidc/callback`], {
      alice: { email: 'Alice@Example.com', email_verified: true, name: 'Alice Doe' },
      bob: { email: 'bob@example.com', email_verified: true, name: 'Robert' },
      carol: { email: 'carol@example.com', email_verified: false, name: 'Carol' },
      erin: { email: 'erin@example.com', email_verified: true, name: 'Erin' },
    });
    const oidc = { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_NAME: 'Acme SSO' };
    [engine, invitesOnly] = await Promise.all([
      TestEngine.start({ env: { PORT: String(port), PUBLIC_URL: base, ...oidc } }),
      TestEngine.start({ env: { PORT: String(invitesPort), PUBLIC_URL: invitesBase, SIGNUP: 'invite', ...oidc } }),
    ]);
    expect(engine.engine.url).toBe(base);
  });
  afterAll(async () => {
    await engine?.stop();
    await invitesOnly?.stop();
    await provider?.stop();
  });

  /** Signs in through the provider in `browser`, from the start route to the editor (or the sign-in page). */
  const signIn = (browser: CookieBrowser, returnTo = '/runs/abc?w=1', at = base) => browser.follow(`${at}/api/auth/oidc/start?return=${encodeURIComponent(returnTo)}`, (url) => url.startsWith(`${at}/#`));

  /** The API as the browser's session uses it (cookie and, once known, the CSRF token), checked against the contract. */
  function sessionApi(browser: CookieBrowser, at = base, csrf?: string): ApiClient {
    const session = browser.cookie(at, 'sb_session');
    expect(session).toBeTruthy();
    return new ApiClient(at, null, (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: `sb_session=${session}`, ...(csrf ? { 'x-csrf-token': csrf } : {}) } }));
  }

  /** `GET /api/me` with the browser's session cookie. */
  async function me(browser: CookieBrowser, at = base): Promise<MeView> {
    const answer = await sessionApi(browser, at).get('/api/me');
    expect(answer.status).toBe(200);
    return answer.body;
  }

  /** The message of a landing on the editor's sign-in page. */
  const signInError = (url: string) => {
    const match = /^http:\/\/127\.0\.0\.1:\d+\/#\/sign-in\?error=(.+)$/.exec(url);
    expect(match, url).not.toBeNull();
    return decodeURIComponent(match![1]!);
  };

  it('says so in the providers answer', async () => {
    expect((await engine.api.get('/api/auth/providers')).body.oidc).toEqual({ name: 'Acme SSO' });
  });

  it("signs a new person up through the provider, with a workspace of their own, and goes back to the editor's route", async () => {
    provider.nextLogin = { accountId: 'alice' };
    const browser = new CookieBrowser();
    const { url, hops } = await signIn(browser);
    expect(url).toBe(`${base}/#/runs/abc?w=1`);
    // start → provider's authorization endpoint (code flow, PKCE S256) → … → the engine's callback.
    const authorize = new URL(hops[1]!);
    expect(authorize.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', client_id: provider.clientId, redirect_uri: `${base}/api/auth/oidc/callback`, scope: 'openid email profile', code_challenge_method: 'S256' });
    expect(hops.at(-1)).toMatch(new RegExp(`^${base}/api/auth/oidc/callback\\?code=`));
    // The binding cookie was spent; the session cookie is set.
    expect(browser.cookie(base, 'sb_oidc')).toBeUndefined();
    const view = await me(browser);
    expect(view.user).toMatchObject({ email: 'alice@example.com', name: 'Alice Doe' });
    expect(view.workspaces).toEqual([expect.objectContaining({ name: "Alice Doe's workspace", role: 'owner' })]);
    const [row] = await engine.environment.sql<{ oidc_issuer: string; oidc_subject: string; password_hash: string | null }>(`SELECT oidc_issuer, oidc_subject, password_hash FROM users WHERE email = 'alice@example.com'`);
    expect(row).toEqual({ oidc_issuer: provider.issuer, oidc_subject: 'alice', password_hash: null });
  });

  it('finds the same account on the next sign-in, in another browser', async () => {
    provider.nextLogin = { accountId: 'alice' };
    const first = await engine.environment.sql<{ id: string }>(`SELECT id FROM users WHERE email = 'alice@example.com'`);
    const browser = new CookieBrowser();
    expect((await signIn(browser, '/flows/xyz')).url).toBe(`${base}/#/flows/xyz`);
    const view = await me(browser);
    expect(view.user!.id).toBe(first[0]!.id);
    expect(view.workspaces).toHaveLength(1);
  });

  it('links the account of an address the provider verified', async () => {
    const person = new Person(base);
    const signedUp = await person.signUp('bob@example.com', 'correct horse battery', 'Bob');
    provider.nextLogin = { accountId: 'bob' };
    const browser = new CookieBrowser();
    expect((await signIn(browser)).url).toBe(`${base}/#/runs/abc?w=1`);
    const view = await me(browser);
    expect(view.user).toEqual(signedUp.user);
    expect(await engine.environment.sql(`SELECT oidc_subject FROM users WHERE email = 'bob@example.com'`)).toEqual([{ oidc_subject: 'bob' }]);
  });

  it('refuses an address the provider did not verify', async () => {
    provider.nextLogin = { accountId: 'carol' };
    const browser = new CookieBrowser();
    expect(signInError((await signIn(browser)).url)).toMatch(/Acme SSO did not give a verified e-mail address/);
    expect(browser.cookie(base, 'sb_session')).toBeUndefined();
    expect(await engine.environment.sql(`SELECT id FROM users WHERE email = 'carol@example.com'`)).toEqual([]);
  });

  it('lands on the sign-in page with the reason when the person refuses at the provider', async () => {
    provider.nextLogin = { deny: 'The person said no' };
    const browser = new CookieBrowser();
    expect(signInError((await signIn(browser)).url)).toBe('Acme SSO did not sign you in: The person said no');
    // A crafted error answer outside a sign-in of the browser's own puts no words of its own on the page.
    const crafted = await new CookieBrowser().follow(`${base}/api/auth/oidc/callback?error=access_denied&error_description=Call+555-0100+now`, (url) => url.startsWith(`${base}/#`));
    expect(signInError(crafted.url)).toBe('This sign-in expired or was started in another browser: start it again');
  });

  it('refuses a callback opened in another browser, with a wrong state, or a second time', async () => {
    provider.nextLogin = { accountId: 'alice' };
    const browser = new CookieBrowser();
    const isCallback = (url: string) => url.startsWith(`${base}/api/auth/oidc/callback`);
    const { url: callback } = await browser.follow(`${base}/api/auth/oidc/start`, isCallback);
    // Another browser has no sb_oidc cookie of this sign-in.
    expect(signInError((await new CookieBrowser().follow(callback, (url) => url.startsWith(`${base}/#`))).url)).toMatch(/expired or was started in another browser/);
    // The right browser with another state.
    const forged = new URL(callback);
    forged.searchParams.set('state', 'A'.repeat(43));
    const wrong = await browser.fetch(forged.toString());
    expect(signInError(new URL(wrong.headers.get('location')!, base).toString())).toMatch(/expired or was started in another browser/);
    expect(wrong.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^sb_oidc=; Path=\/api\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=0/));
    // The refusal spent the browser's cookie: the real callback is refused too, and so is any replay.
    expect(signInError((await browser.follow(callback, (url) => url.startsWith(`${base}/#`))).url)).toMatch(/expired/);
    expect(browser.cookie(base, 'sb_session')).toBeUndefined();
  });

  it('signs in with a callback that keeps to its state once, and refuses its replay', async () => {
    provider.nextLogin = { accountId: 'alice' };
    const browser = new CookieBrowser();
    const started = await browser.fetch(`${base}/api/auth/oidc/start?return=/audit`);
    const cookie = browser.cookie(base, 'sb_oidc');
    expect(started.headers.getSetCookie()[0]).toMatch(/^sb_oidc=[A-Za-z0-9_-]{43}; Path=\/api\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    const { url: callback } = await browser.follow(new URL(started.headers.get('location')!).toString(), (url) => url.startsWith(`${base}/api/auth/oidc/callback`));
    expect(new URL(callback).searchParams.get('state')).toBe(cookie);
    expect((await browser.follow(callback, (url) => url.startsWith(`${base}/#`))).url).toBe(`${base}/#/audit`);
    // The same answer again, with the binding cookie put back: the state was used.
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: `sb_oidc=${cookie}` } });
    expect(signInError(replay.headers.get('location')!)).toMatch(/expired/);
  });

  describe('the ID token', () => {
    /** Starts a sign-in and answers its callback directly with the token endpoint answering `claims` (the sign-in's nonce unless given). */
    async function withIdToken(claims: (nonce: string) => Record<string, unknown>, sign?: (claims: Record<string, unknown>) => Promise<string>): Promise<{ url: string; browser: CookieBrowser }> {
      const browser = new CookieBrowser();
      const started = await browser.fetch(`${base}/api/auth/oidc/start`);
      const authorize = new URL(started.headers.get('location')!);
      const nonce = authorize.searchParams.get('nonce')!;
      provider.forge = async (form) => {
        expect(form.get('code')).toBe('a-code');
        expect(form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
        const body = { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice Doe', nonce, ...claims(nonce) };
        return sign ? sign(body) : provider.sign(body);
      };
      try {
        const callback = `${base}/api/auth/oidc/callback?code=a-code&state=${authorize.searchParams.get('state')}`;
        return { url: (await browser.follow(callback, (url) => url.startsWith(`${base}/#`))).url, browser };
      } finally {
        provider.forge = null;
      }
    }

    it('is taken when it is the provider’s, for this client, with the sign-in’s nonce (the forging works)', async () => {
      const { url, browser } = await withIdToken(() => ({}));
      expect(url).toBe(`${base}/#/flows`);
      expect((await me(browser)).user!.email).toBe('alice@example.com');
    });

    it.each([
      ['for another audience', () => ({ aud: 'another-client' })],
      ['with another nonce', () => ({ nonce: 'not-the-sign-ins-nonce' })],
      ['from another issuer', () => ({ iss: 'https://elsewhere.example' })],
      ['that expired', () => ({ iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 })],
    ])('is refused %s', async (_label, claims) => {
      const { url, browser } = await withIdToken(claims);
      expect(signInError(url)).toBe("Acme SSO's answer could not be verified: start again, or ask your admin to read the engine's log");
      expect(browser.cookie(base, 'sb_session')).toBeUndefined();
    });

    it('is refused when signed with a key that is not the provider’s', async () => {
      const { SignJWT, generateKeyPair } = await import('jose');
      const { privateKey } = await generateKeyPair('RS256');
      const { url } = await withIdToken(
        () => ({}),
        (claims) => new SignJWT({ iss: provider.issuer, aud: provider.clientId, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'local-oidc-key' }).sign(privateKey),
      );
      expect(signInError(url)).toMatch(/could not be verified/);
    });
  });

  it('makes no account without an invitation when accounts are made by invitation; with one, the person accepts it signed in', async () => {
    provider.nextLogin = { accountId: 'erin' };
    expect(signInError((await signIn(new CookieBrowser(), '/flows', invitesBase)).url)).toBe('Accounts on this engine are made by invitation: ask a workspace admin to invite you');
    const invited = await invitesOnly.api.post('/api/members', { email: 'erin@example.com', role: 'editor' });
    expect(invited.status).toBe(201);
    const token = linkToken(invited.body.inviteUrl, 'invite');
    const browser = new CookieBrowser();
    expect((await signIn(browser, `/invite/${token}`, invitesBase)).url).toBe(`${invitesBase}/#/invite/${token}`);
    const view = await me(browser, invitesBase);
    expect(view.user).toMatchObject({ email: 'erin@example.com', name: 'Erin' });
    expect(view.workspaces).toEqual([]);
    const accepted = await sessionApi(browser, invitesBase, view.csrfToken!).post('/api/auth/invitations/accept', { token });
    expect(accepted.status).toBe(200);
    expect(accepted.body.workspaces).toEqual([expect.objectContaining({ role: 'editor' })]);
  });

  it('goes back only to a route of the editor', () => {
    expect(safeReturn('/runs/abc?w=1')).toBe('/runs/abc?w=1');
    for (const bad of [undefined, '', 'runs', '//evil.example/x', '/\\evil.example', 'https://evil.example', '/x//y', '/javascript:alert(1)', '/a b']) expect(safeReturn(bad), String(bad)).toBe('/flows');
  });
});
