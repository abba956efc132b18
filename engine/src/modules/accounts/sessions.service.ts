import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@switchboard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import type { EngineConfig } from '../../config/config';
import { CONFIG, LOGGER, PG_POOL } from '../../runtime/tokens';

export const SESSION_COOKIE = 'sb_session';

/** The person a session belongs to. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/**
 * A live session as a request sees it: its person, and the workspace the request acts in with
 * the person's role there (null when the person is a member of no workspace, or the request
 * named one they are not a member of: `requestedWorkspace`).
 */
export interface SessionIdentity {
  sessionId: string;
  csrfToken: string;
  user: SessionUser;
  workspace: { id: string; name: string; role: Role } | null;
  /** The workspace the request named (`X-Workspace`) when the person is not a member of it. */
  refusedWorkspace: string | null;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Cookie sessions: a random 32-byte token in an httpOnly, SameSite=Strict cookie, stored as its
 * SHA-256 with a CSRF token the API gives the editor (`X-CSRF-Token` on every change). A session
 * ends after SESSION_IDLE_MINUTES unused (each use slides it, written at most once a minute) and
 * SESSION_MAX_DAYS after sign-in; signing out, a password reset and losing one's account end it
 * at once. Not cached: each request reads its session, so an ended session or a changed role is
 * heard by every process on the next request.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Starts a session for `userId` (acting in `workspaceId` first) and sets its cookie on `reply`. */
  async start(reply: FastifyReply, userId: string, workspaceId: string | null): Promise<{ csrfToken: string }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.pool.query(
      `INSERT INTO sessions (id, token_hash, user_id, csrf_token, workspace_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
      [randomUUID(), tokenHash(token), userId, csrfToken, workspaceId, this.idleMinutes()],
    );
    reply.header('set-cookie', this.cookie(token, this.config.SESSION_MAX_DAYS * 86_400));
    return { csrfToken };
  }

  /** The session of the request's cookie, acting in `requested` (the `X-Workspace` header) or its last workspace; null: none, or it ended. */
  async identify(request: FastifyRequest, requested: string | null): Promise<SessionIdentity | null> {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!token) return null;
    const { rows } = await this.pool.query<{
      session_id: string;
      csrf_token: string;
      user_id: string;
      email: string;
      user_name: string;
      workspace_id: string | null;
      workspace_name: string | null;
      role: Role | null;
      session_workspace: string | null;
      touch: boolean;
    }>(
      // The workspace: the one asked for when the person is a member of it; else (nothing asked)
      // the session's last when still a member, else their oldest membership.
      `SELECT s.id AS session_id, s.csrf_token, u.id AS user_id, u.email, u.name AS user_name,
              m.workspace_id, w.name AS workspace_name, m.role, s.workspace_id AS session_workspace,
              s.last_seen_at < now() - interval '1 minute' AS touch
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN LATERAL (
           SELECT workspace_id, role FROM memberships
            WHERE user_id = s.user_id AND ($2::uuid IS NULL OR workspace_id = $2::uuid)
            ORDER BY (workspace_id = s.workspace_id) DESC, created_at, workspace_id
            LIMIT 1
         ) m ON true
         LEFT JOIN workspaces w ON w.id = m.workspace_id
        WHERE s.token_hash = $1 AND s.expires_at > now()`,
      [tokenHash(token), requested],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.touch || (row.workspace_id && row.workspace_id !== row.session_workspace)) this.touch(row.session_id, row.workspace_id);
    return {
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      user: { id: row.user_id, email: row.email, name: row.user_name },
      workspace: row.workspace_id ? { id: row.workspace_id, name: row.workspace_name!, role: row.role! } : null,
      refusedWorkspace: requested && !row.workspace_id ? requested : null,
    };
  }

  /** Whether `given` is the session's CSRF token (compared in constant time). */
  static csrfMatches(identity: SessionIdentity, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(identity.csrfToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Ends the request's session and clears its cookie. */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) await this.pool.query(`DELETE FROM sessions WHERE token_hash = $1`, [tokenHash(token)]);
    reply.header('set-cookie', this.cookie('', 0));
  }

  /** Ends every session of a person (a new password), but `keep`. */
  async endAll(userId: string, keep?: string): Promise<void> {
    await this.pool.query(`DELETE FROM sessions WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)`, [userId, keep ?? null]);
  }

  /** Deletes sessions that ended, for the sweep. */
  async prune(): Promise<number> {
    return (await this.pool.query(`DELETE FROM sessions WHERE expires_at <= now()`)).rowCount ?? 0;
  }

  /**
   * Slides the session's end (never past SESSION_MAX_DAYS after sign-in) and remembers the
   * workspace it acted in last. Bookkeeping, not the request's work: not awaited, a refused
   * write only logged.
   */
  private touch(sessionId: string, workspaceId: string | null): void {
    this.pool
      .query(
        `UPDATE sessions SET last_seen_at = now(), workspace_id = coalesce($2::uuid, workspace_id),
                expires_at = least(now() + make_interval(mins => $3), created_at + make_interval(days => $4))
          WHERE id = $1`,
        [sessionId, workspaceId, this.idleMinutes(), this.config.SESSION_MAX_DAYS],
      )
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record when a session was last used'));
  }

  private idleMinutes(): number {
    return Math.min(this.config.SESSION_IDLE_MINUTES, this.config.SESSION_MAX_DAYS * 24 * 60);
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    const secure = this.config.PUBLIC_URL.startsWith('https:') ? '; Secure' : '';
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
  }
}

/** One cookie's value from a `Cookie` header (null: absent or not a token this engine writes). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  }
  return null;
}
