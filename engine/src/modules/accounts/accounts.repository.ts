import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { MemberView, Role, WorkspaceMembership } from '@switchboard/shared';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { withTransaction } from '../../persistence/checked-out';
import { LOGGER, PG_POOL } from '../../runtime/tokens';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
}

export interface InvitationRow {
  id: string;
  workspace_id: string;
  workspace_name: string;
  email: string | null;
  role: Role;
  invited_by_name: string | null;
  expires_at: Date | null;
}

type Db = Pool | PoolClient;

/**
 * The tables of people: `users`, `memberships`, `invitations`, `password_resets`. Every query
 * about members or invitations names its workspace; tokens are looked up by their SHA-256.
 */
@Injectable()
export class AccountsRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (error) => this.logger.warn({ err: error }, 'accounts: a transaction lost its Postgres connection'), work);
  }

  async userByEmail(email: string, db: Db = this.pool): Promise<UserRow | null> {
    const { rows } = await db.query<UserRow>(`SELECT id, email, name, password_hash FROM users WHERE email = $1`, [email]);
    return rows[0] ?? null;
  }

  async userById(id: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT id, email, name, password_hash FROM users WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A new account; null when the address has one already. */
  async insertUser(db: Db, user: { email: string; name: string; passwordHash: string | null; oidc?: { issuer: string; subject: string } }): Promise<UserRow | null> {
    const { rows } = await db.query<UserRow>(
      `INSERT INTO users (id, email, name, password_hash, oidc_issuer, oidc_subject) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email) DO NOTHING RETURNING id, email, name, password_hash`,
      [randomUUID(), user.email, user.name, user.passwordHash, user.oidc?.issuer ?? null, user.oidc?.subject ?? null],
    );
    return rows[0] ?? null;
  }

  /** The account signed in through an OpenID provider before (by issuer and subject). */
  async userByOidc(issuer: string, subject: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>(`SELECT id, email, name, password_hash FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2`, [issuer, subject]);
    return rows[0] ?? null;
  }

  /** Links an account to its OpenID identity (first SSO sign-in of an address with an account). */
  async linkOidc(userId: string, issuer: string, subject: string): Promise<void> {
    await this.pool.query(`UPDATE users SET oidc_issuer = $2, oidc_subject = $3 WHERE id = $1`, [userId, issuer, subject]);
  }

  async setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
    await db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [userId, passwordHash]);
  }

  async addMembership(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
    // Accepting a second invitation to a workspace one is in already keeps the stronger role.
    await db.query(
      `INSERT INTO memberships (id, workspace_id, user_id, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = CASE
         WHEN array_position(ARRAY['viewer','editor','admin','owner'], EXCLUDED.role) > array_position(ARRAY['viewer','editor','admin','owner'], memberships.role)
         THEN EXCLUDED.role ELSE memberships.role END`,
      [randomUUID(), workspaceId, userId, role],
    );
  }

  /** The workspaces of a person, with their role in each, oldest membership first. */
  async workspacesOf(userId: string): Promise<WorkspaceMembership[]> {
    const { rows } = await this.pool.query<{ id: string; name: string; role: Role; created_at: Date }>(
      `SELECT w.id, w.name, m.role, w.created_at FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
        WHERE m.user_id = $1 ORDER BY m.created_at, w.id`,
      [userId],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at.toISOString() }));
  }

  /** Whether the workspace has any member (the first workspace waits for its owner until it has). */
  async hasMembers(workspaceId: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM memberships WHERE workspace_id = $1 LIMIT 1`, [workspaceId]);
    return rows.length > 0;
  }

  /** Members and open invitations of a workspace: owners first, then by address. */
  async members(workspaceId: string): Promise<MemberView[]> {
    const { rows } = await this.pool.query<{ id: string; user_id: string | null; email: string; name: string | null; role: Role; status: 'active' | 'invited'; created_at: Date; expires_at: Date | null }>(
      `SELECT m.id, u.id AS user_id, u.email, u.name, m.role, 'active' AS status, m.created_at, NULL::timestamptz AS expires_at
         FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1
       UNION ALL
       SELECT i.id, NULL, i.email, NULL, i.role, 'invited', i.created_at, i.expires_at
         FROM invitations i WHERE i.workspace_id = $1 AND i.email IS NOT NULL
       ORDER BY status, email`,
      [workspaceId],
    );
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at?.toISOString() ?? null,
    }));
  }

  /**
   * The workspace's memberships, locked (every change to roles takes these locks first, in
   * one order, so two changes at once cannot each leave the other's owner the last one).
   */
  async lockMemberships(db: PoolClient, workspaceId: string): Promise<Array<{ id: string; user_id: string; role: Role; email: string; name: string }>> {
    const { rows } = await db.query(
      `SELECT m.id, m.user_id, m.role, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY m.id FOR UPDATE OF m`,
      [workspaceId],
    );
    return rows;
  }

  async setRole(db: Db, workspaceId: string, membershipId: string, role: Role): Promise<void> {
    await db.query(`UPDATE memberships SET role = $3 WHERE id = $2 AND workspace_id = $1`, [workspaceId, membershipId, role]);
  }

  async removeMembership(db: Db, workspaceId: string, membershipId: string): Promise<void> {
    await db.query(`DELETE FROM memberships WHERE id = $2 AND workspace_id = $1`, [workspaceId, membershipId]);
  }

  /** An invitation (replacing an earlier one to the same address in the workspace: only the newest link works). */
  async upsertInvitation(invitation: { workspaceId: string; email: string; role: Role; tokenHash: string; invitedBy: string | null; expiresAt: Date }): Promise<{ id: string; createdAt: Date }> {
    const { rows } = await this.pool.query<{ id: string; created_at: Date }>(
      `INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id, email) DO UPDATE SET role = EXCLUDED.role, token_hash = EXCLUDED.token_hash, invited_by = EXCLUDED.invited_by,
         expires_at = EXCLUDED.expires_at, created_at = now()
       RETURNING id, created_at`,
      [randomUUID(), invitation.workspaceId, invitation.email, invitation.role, invitation.tokenHash, invitation.invitedBy, invitation.expiresAt],
    );
    return { id: rows[0]!.id, createdAt: rows[0]!.created_at };
  }

  /** A live invitation by its token's hash. */
  async invitationByToken(tokenHash: string, db: Db = this.pool): Promise<InvitationRow | null> {
    const { rows } = await db.query<InvitationRow>(
      `SELECT i.id, i.workspace_id, w.name AS workspace_name, i.email, i.role, u.name AS invited_by_name, i.expires_at
         FROM invitations i JOIN workspaces w ON w.id = i.workspace_id LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.token_hash = $1 AND (i.expires_at IS NULL OR i.expires_at > now())`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Whether a live invitation waits for the address (in any workspace). */
  async hasInvitation(email: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM invitations WHERE email = $1 AND (expires_at IS NULL OR expires_at > now()) LIMIT 1`, [email]);
    return rows.length > 0;
  }

  /** Deletes an invitation; false when another request used it first. */
  async consumeInvitation(db: Db, id: string): Promise<boolean> {
    return ((await db.query(`DELETE FROM invitations WHERE id = $1`, [id])).rowCount ?? 0) === 1;
  }

  async invitationInWorkspace(workspaceId: string, id: string, db: Db = this.pool): Promise<{ id: string; email: string; role: Role } | null> {
    const { rows } = await db.query(`SELECT id, email, role FROM invitations WHERE workspace_id = $1 AND id = $2 AND email IS NOT NULL`, [workspaceId, id]);
    return rows[0] ?? null;
  }

  async setInvitationRole(db: Db, workspaceId: string, id: string, role: Role): Promise<void> {
    await db.query(`UPDATE invitations SET role = $3 WHERE workspace_id = $1 AND id = $2`, [workspaceId, id, role]);
  }

  async deleteInvitation(db: Db, workspaceId: string, id: string): Promise<void> {
    await db.query(`DELETE FROM invitations WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  }

  async insertReset(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.pool.query(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, userId, expiresAt]);
  }

  /** Uses a reset link: deletes every reset link of its account; the account's id, or null when the link is unknown or expired. */
  async consumeReset(db: Db, tokenHash: string): Promise<string | null> {
    const { rows } = await db.query<{ user_id: string; live: boolean }>(`DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, expires_at > now() AS live`, [tokenHash]);
    const row = rows[0];
    if (!row) return null;
    await db.query(`DELETE FROM password_resets WHERE user_id = $1`, [row.user_id]);
    return row.live ? row.user_id : null;
  }

  /** Deletes expired invitations and reset links, for the sweep. */
  async prune(): Promise<number> {
    const invitations = await this.pool.query(`DELETE FROM invitations WHERE expires_at <= now()`);
    const resets = await this.pool.query(`DELETE FROM password_resets WHERE expires_at <= now()`);
    return (invitations.rowCount ?? 0) + (resets.rowCount ?? 0);
  }
}
