import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People, not keys: accounts (`users`), their roles in workspaces (`memberships`), invitations
 * (also the first start's one-time setup link: an owner invitation with no address), cookie
 * sessions and password-reset links. Every token is stored as its SHA-256 only.
 */
export class Accounts1764800000000 implements MigrationInterface {
  name = 'Accounts1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid NOT NULL,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text,
        oidc_issuer text,
        oidc_subject text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_users_email ON users (email)`);
    await db.query(`CREATE UNIQUE INDEX uq_users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`);
    await db.query(`
      CREATE TABLE memberships (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_memberships PRIMARY KEY (id),
        CONSTRAINT fk_memberships_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
        CONSTRAINT fk_memberships_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_memberships_role CHECK (role IN ('owner', 'admin', 'editor', 'viewer'))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_memberships_workspace_user ON memberships (workspace_id, user_id)`);
    await db.query(`CREATE INDEX ix_memberships_user ON memberships (user_id)`);
    await db.query(`
      CREATE TABLE invitations (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        email text,
        role text NOT NULL,
        token_hash text NOT NULL,
        invited_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        CONSTRAINT pk_invitations PRIMARY KEY (id),
        CONSTRAINT fk_invitations_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
        CONSTRAINT fk_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT ck_invitations_role CHECK (role IN ('owner', 'admin', 'editor', 'viewer'))
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_invitations_token_hash ON invitations (token_hash)`);
    await db.query(`CREATE UNIQUE INDEX uq_invitations_workspace_email ON invitations (workspace_id, email)`);
    await db.query(`
      CREATE TABLE sessions (
        id uuid NOT NULL,
        token_hash text NOT NULL,
        user_id uuid NOT NULL,
        csrf_token text NOT NULL,
        workspace_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_sessions PRIMARY KEY (id),
        CONSTRAINT fk_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_sessions_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE SET NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_sessions_token_hash ON sessions (token_hash)`);
    await db.query(`CREATE INDEX ix_sessions_user ON sessions (user_id)`);
    await db.query(`CREATE INDEX ix_sessions_expires ON sessions (expires_at)`);
    await db.query(`
      CREATE TABLE password_resets (
        token_hash text NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT pk_password_resets PRIMARY KEY (token_hash),
        CONSTRAINT fk_password_resets_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_password_resets_user ON password_resets (user_id)`);
    // Captured e-mails the engine itself sends (invitations, password resets) carry links that
    // sign someone in: only admins and owners may read them.
    await db.query(`ALTER TABLE emails ADD COLUMN audience text NOT NULL DEFAULT 'members'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE emails DROP COLUMN IF EXISTS audience`);
    await db.query(`DROP TABLE IF EXISTS password_resets`);
    await db.query(`DROP TABLE IF EXISTS sessions`);
    await db.query(`DROP TABLE IF EXISTS invitations`);
    await db.query(`DROP TABLE IF EXISTS memberships`);
    await db.query(`DROP TABLE IF EXISTS users`);
  }
}
