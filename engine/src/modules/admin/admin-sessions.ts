import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EngineConfig } from '../../config/config';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, REDIS } from '../../runtime/tokens';
import { WorkspacesService, type WorkspaceRef } from '../workspaces/workspaces.service';

/** How long a sign-in link to the queue board may be opened, once. */
export const TICKET_MS = 60_000;
/** How long the board's cookie lets a browser in. */
export const SESSION_MS = 30 * 60_000;
export const SESSION_COOKIE = 'sb_queues';

type Purpose = 'ticket' | 'session';

/**
 * Who may see the queue board (`/admin/queues`): the engine's operator. The queue is shared by
 * every workspace, so only an API key of the operator's workspace — the first one, created at
 * first start with the key printed then (or BOOTSTRAP_API_KEY) — gets in; another workspace's
 * key is refused.
 *
 * A browser cannot send an Authorization header when it opens a page, so an API call
 * (`POST /api/admin/queues/link`, with the header) hands out a sign-in link that works once
 * within a minute; opening it sets an HttpOnly, SameSite=Strict cookie for `/admin/queues`
 * that lasts 30 minutes. Links and cookies are HMAC-signed with a key derived from
 * ENCRYPTION_KEY, each for its own purpose, so one cannot stand in for the other.
 */
@Injectable()
export class AdminSessions {
  private readonly key: Buffer;
  private operator?: Promise<string | null>;

  constructor(
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(REDIS) private readonly redis: RedisConnection,
    private readonly workspaces: WorkspacesService,
  ) {
    this.key = createHmac('sha256', config.ENCRYPTION_KEY ?? '').update('switchboard admin sessions v1').digest();
  }

  /** Whether a workspace is the operator's. */
  async isOperator(workspace: WorkspaceRef): Promise<boolean> {
    this.operator ??= this.workspaces.firstWorkspaceId().then(
      (id) => {
        if (!id) this.operator = undefined;
        return id;
      },
      (error: unknown) => {
        this.operator = undefined;
        throw error;
      },
    );
    return (await this.operator) === workspace.id;
  }

  /** A one-time sign-in link for the board, from a request authenticated with the operator's key. */
  link(workspace: WorkspaceRef, now = Date.now()): { url: string; expiresAt: string } {
    const ticket = this.sign('ticket', { w: workspace.id, exp: now + TICKET_MS, n: randomBytes(12).toString('base64url') });
    return { url: `/admin/queues/login?ticket=${ticket}`, expiresAt: new Date(now + TICKET_MS).toISOString() };
  }

  /** The cookie value a valid, unused ticket is exchanged for; null when the ticket is not valid or was used. */
  async redeem(ticket: string, now = Date.now()): Promise<{ cookie: string; maxAgeSeconds: number } | null> {
    const claims = this.verify('ticket', ticket, now);
    if (!claims || typeof claims.n !== 'string') return null;
    // Once: a link seen in a log or a browser's history is spent.
    const first = await this.redis.set(`${this.config.QUEUE_PREFIX}:admin-ticket:${claims.n}`, '1', 'PX', TICKET_MS, 'NX');
    if (first !== 'OK') return null;
    return { cookie: this.sign('session', { w: claims.w, exp: now + SESSION_MS }), maxAgeSeconds: SESSION_MS / 1000 };
  }

  /** The workspace id a board cookie was issued to, when it is valid and not expired. */
  sessionWorkspace(cookie: string, now = Date.now()): string | null {
    const claims = this.verify('session', cookie, now);
    return claims && typeof claims.w === 'string' ? claims.w : null;
  }

  private sign(purpose: Purpose, claims: Record<string, unknown>): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.mac(purpose, body)}`;
  }

  private verify(purpose: Purpose, token: string, now: number): Record<string, unknown> | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(purpose, body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
      return typeof claims.exp === 'number' && claims.exp > now ? claims : null;
    } catch {
      return null;
    }
  }

  private mac(purpose: Purpose, body: string): string {
    return createHmac('sha256', this.key).update(`${purpose}.${body}`).digest('base64url');
  }
}
