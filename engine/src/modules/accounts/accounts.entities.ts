import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/**
 * The tables of people, for the migrations' schema test; `AccountsRepository` and
 * `SessionsService` read and write them in SQL.
 */

@Entity({ name: 'users' })
@Index('uq_users_email', ['email'], { unique: true })
@Index('uq_users_oidc', ['oidcIssuer', 'oidcSubject'], { unique: true, where: 'oidc_subject IS NOT NULL' })
@Check('ck_users_email_lower', 'email = lower(email)')
export class UserEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_users' })
  id: string;

  /** Lower case: one account per address however it is typed. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  /** `scrypt$N$r$p$salt$key`; null for an account that signs in through single sign-on only. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'oidc_issuer', type: 'text', nullable: true })
  oidcIssuer: string | null;

  @Column({ name: 'oidc_subject', type: 'text', nullable: true })
  oidcSubject: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

@Entity({ name: 'memberships' })
@Index('uq_memberships_workspace_user', ['workspaceId', 'userId'], { unique: true })
@Index('ix_memberships_user', ['userId'])
@Check('ck_memberships_role', "role IN ('owner', 'admin', 'editor', 'viewer')")
export class MembershipEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_memberships' })
  id: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_memberships_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE', name: 'fk_memberships_user' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

/** An invitation to an address, until it is accepted (then deleted) or expires. */
@Entity({ name: 'invitations' })
@Index('uq_invitations_token_hash', ['tokenHash'], { unique: true })
@Index('uq_invitations_workspace_email', ['workspaceId', 'email'], { unique: true })
@Check('ck_invitations_role', "role IN ('owner', 'admin', 'editor', 'viewer')")
export class InvitationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_invitations' })
  id: string;

  @ForeignKey(() => WorkspaceEntity, { onDelete: 'CASCADE', name: 'fk_invitations_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  role: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL', name: 'fk_invitations_invited_by' })
  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}

@Entity({ name: 'sessions' })
@Index('uq_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('ix_sessions_user', ['userId'])
@Index('ix_sessions_expires', ['expiresAt'])
export class SessionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_sessions' })
  id: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE', name: 'fk_sessions_user' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken: string;

  /** The workspace the session acted in last. */
  @ForeignKey(() => WorkspaceEntity, { onDelete: 'SET NULL', name: 'fk_sessions_workspace' })
  @Column({ name: 'workspace_id', type: 'uuid', nullable: true })
  workspaceId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

@Entity({ name: 'password_resets' })
@Index('ix_password_resets_user', ['userId'])
export class PasswordResetEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'text', primaryKeyConstraintName: 'pk_password_resets' })
  tokenHash: string;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE', name: 'fk_password_resets_user' })
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
