import type { MeView } from '@switchboard/shared';
import { ApiClient } from './test-engine';

/** A browser's cookie jar and CSRF token, as a test person's requests carry them. */
class Jar {
  cookie: string | null = null;
  csrf: string | null = null;
  workspace: string | null = null;

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    if (this.csrf) headers.set('x-csrf-token', this.csrf);
    if (this.workspace) headers.set('x-workspace', this.workspace);
    const response = await fetch(input, { ...init, headers });
    const set = response.headers.get('set-cookie');
    const session = set ? /sb_session=([^;]*)/.exec(set) : null;
    if (session) this.cookie = session[1] ? `sb_session=${session[1]}` : null;
    return response;
  };
}

/**
 * A person using the API as the editor does: an httpOnly session cookie, the CSRF token of the
 * session on every change, and optionally the workspace it acts in (`X-Workspace`). `api` checks
 * every answer against the contract like any test client.
 */
export class Person {
  readonly api: ApiClient;
  private readonly jar = new Jar();
  me: MeView | null = null;

  constructor(readonly baseUrl: string) {
    this.api = new ApiClient(baseUrl, null, this.jar.fetch);
  }

  /** Signs up (`extra`: an invitation or setup token); throws with the answer when refused. */
  async signUp(email: string, password: string, name: string, extra: { invitation?: string; setup?: string } = {}): Promise<MeView> {
    return this.take(await this.api.post('/api/auth/signup', { email, password, name, ...extra }), 201);
  }

  async signIn(email: string, password: string): Promise<MeView> {
    return this.take(await this.api.post('/api/auth/login', { email, password }), 200);
  }

  /** Acts in `workspaceId` from now on (null: the session's own choice). */
  actIn(workspaceId: string | null): this {
    this.jar.workspace = workspaceId;
    return this;
  }

  /** Drops the CSRF token, as a forged cross-site request would lack it. */
  withoutCsrf(): this {
    this.jar.csrf = null;
    return this;
  }

  /** The bare response to one request with the person's cookie and headers (a stream's status without reading it). */
  raw(method: string, path: string, signal?: AbortSignal): Promise<Response> {
    return this.jar.fetch(`${this.baseUrl}${path}`, { method, signal });
  }

  get cookie(): string | null {
    return this.jar.cookie;
  }

  private take(answer: { status: number; body: unknown }, status: number): MeView {
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    this.me = answer.body as MeView;
    this.jar.csrf = this.me.csrfToken;
    return this.me;
  }
}

/** The token at the end of a link the engine wrote (`…/#/invite/<token>`), read from a mail's HTML or a URL. */
export function linkToken(text: string, kind: 'invite' | 'reset' | 'setup'): string {
  const match = new RegExp(`#/${kind}/([A-Za-z0-9_-]{20,100})`).exec(text);
  if (!match) throw new Error(`no ${kind} link in: ${text.slice(0, 500)}`);
  return match[1]!;
}
