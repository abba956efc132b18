import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  acceptInvitationSchema,
  createWorkspaceSchema,
  inviteMemberSchema,
  loginSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  signupSchema,
  updateMemberSchema,
  type AuditActor,
  type AuthProviders,
  type InvitationPreview,
  type MemberInvited,
  type MemberView,
  type MeView,
  type Role,
  type WorkspaceMembership,
} from '@switchboard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import type { EngineConfig } from '../../config/config';
import { EngineMetrics } from '../../runtime/metrics';
import { RateBuckets } from '../../runtime/rate-buckets';
import { CONFIG } from '../../runtime/tokens';
import { AuditService } from '../audit/audit.service';
import { authFailure } from '../workspaces/rate-limit.guard';
import { WorkspacesService, type KeyIdentity, type WorkspaceRef } from '../workspaces/workspaces.service';
import { AccountsRepository, type UserRow } from './accounts.repository';
import { hashPassword, verifyPassword } from './passwords';
import { SessionsService, type SessionIdentity, type SessionUser } from './sessions.service';
import { html, SystemMailer } from './system-mailer';

const INVITATION_DAYS = 7;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESET_MINUTES = 60;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** A person as their OpenID provider vouched for them (the ID token's and userinfo's claims). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  /** The provider's `email_verified`: only a verified address finds or makes an account. */
  emailVerified: boolean;
  name: string | null;
}

/** Who asks `GET /api/me`: a session, or an API key. */
export type Caller = { session: SessionIdentity } | { key: KeyIdentity };

/**
 * Accounts and who may do what in which workspace: signing up (open, by invitation, or as the
 * first workspace's owner through the setup link), signing in and out, password resets,
 * workspaces of a person, members, invitations and roles. Each change to members is audited.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly sessions: SessionsService,
    private readonly workspaces: WorkspacesService,
    private readonly mailer: SystemMailer,
    private readonly audit: AuditService,
    private readonly buckets: RateBuckets,
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  async providers(): Promise<AuthProviders> {
    const first = await this.workspaces.firstWorkspaceId();
    return {
      password: true,
      signup: this.config.SIGNUP === 'open',
      oidc: this.config.OIDC_ISSUER && this.config.OIDC_CLIENT_ID ? { name: this.config.OIDC_NAME } : null,
      setupPending: first !== null && !(await this.repository.hasMembers(first)),
    };
  }

  /**
   * The first start's one-time link that makes the owner of the first workspace, while that
   * workspace has no member (null after). The token is derived from ENCRYPTION_KEY, so every
   * engine process prints the same link, and it dies with the first member.
   */
  async setupUrl(): Promise<string | null> {
    const first = await this.workspaces.firstWorkspaceId();
    if (!first || (await this.repository.hasMembers(first))) return null;
    return `${this.base()}/#/setup/${this.setupToken(first)}`;
  }

  async signup(body: unknown, reply: FastifyReply): Promise<MeView> {
    const input = parseInput(signupSchema, body);
    if (input.setup && input.invitation) throw ApiError.invalid([{ field: 'setup', message: 'give either setup or invitation, not both' }]);
    const passwordHash = await hashPassword(input.password);
    const created = await this.repository.transaction(async (db) => {
      let join: { workspaceId: string; role: Role; invitationId?: string } | null = null;
      if (input.setup) {
        const first = await this.workspaces.firstWorkspaceId();
        if (!first || !this.tokenMatches(input.setup, this.setupToken(first))) throw new ApiError('NOT_FOUND', 'This setup link is not valid: use the link the engine printed on its start');
        // Locks the first workspace: two sign-ups with the link at once make one owner.
        await db.query(`SELECT id FROM workspaces WHERE id = $1 FOR UPDATE`, [first]);
        if ((await db.query(`SELECT 1 FROM memberships WHERE workspace_id = $1 LIMIT 1`, [first])).rows.length > 0) {
          throw new ApiError('CONFLICT', 'The first workspace has its owner already: sign in, or ask its owner for an invitation');
        }
        join = { workspaceId: first, role: 'owner' };
      } else if (input.invitation) {
        const invitation = await this.repository.invitationByToken(sha256(input.invitation), db);
        if (!invitation || invitation.email === null) throw new ApiError('NOT_FOUND', 'This invitation is not valid any more: ask for a new one');
        if (invitation.email !== input.email) throw ApiError.invalid([{ field: 'email', message: `this invitation is for ${invitation.email}` }]);
        join = { workspaceId: invitation.workspace_id, role: invitation.role, invitationId: invitation.id };
      } else if (this.config.SIGNUP !== 'open') {
        throw new ApiError('FORBIDDEN', 'Accounts on this engine are made by invitation: ask a workspace admin to invite you');
      }
      const user = await this.repository.insertUser(db, { email: input.email, name: input.name, passwordHash });
      if (!user) throw new ApiError('CONFLICT', 'An account with this e-mail exists already: sign in (or reset its password)');
      if (join?.invitationId && !(await this.repository.consumeInvitation(db, join.invitationId))) throw new ApiError('CONFLICT', 'This invitation was just used');
      let workspace: WorkspaceRef;
      if (join) {
        await this.repository.addMembership(db, join.workspaceId, user.id, join.role);
        workspace = { id: join.workspaceId, name: '' };
      } else {
        workspace = await this.workspaces.create(`${input.name}'s workspace`, db);
        await this.repository.addMembership(db, workspace.id, user.id, 'owner');
      }
      return { user, workspace, role: join?.role ?? 'owner' };
    });
    const actor = userActor(created.user);
    const action = input.setup ? 'member.setup' : input.invitation ? 'member.join' : 'workspace.create';
    await this.audit.record(created.workspace.id, actor, action, { kind: 'member', id: created.user.id, name: created.user.email }, input.setup ? 'Became the owner with the setup link' : input.invitation ? `Joined as ${created.role}` : 'Signed up and created the workspace');
    const { csrfToken } = await this.sessions.start(reply, created.user.id, created.workspace.id);
    return this.viewOf(created.user, created.workspace.id, csrfToken);
  }

  async login(body: unknown, request: FastifyRequest, reply: FastifyReply): Promise<MeView> {
    const input = parseInput(loginSchema, body);
    const user = await this.repository.userByEmail(input.email);
    if (!(await verifyPassword(input.password, user?.password_hash ?? null)) || !user) {
      throw await authFailure(this.buckets, this.config, request.ip, new ApiError('UNAUTHORIZED', 'The e-mail or the password is not right'), this.metrics);
    }
    const { csrfToken } = await this.sessions.start(reply, user.id, null);
    return this.viewOf(user, null, csrfToken);
  }

  /** Signs a person in after their OpenID provider vouched for them (see `OidcService`). */
  async startSession(reply: FastifyReply, userId: string): Promise<void> {
    await this.sessions.start(reply, userId, null);
  }

  /**
   * The account of a person their OpenID provider vouched for: the one signed in with this
   * identity (issuer and subject) before; else the account of their address, linked to it from
   * now on, when the provider verified the address (an unverified one could take over anyone's
   * account); else a new account, like a sign-up: with a workspace of its own when SIGNUP is open,
   * without one when an invitation waits for the address (accepted through its link, signed in).
   */
  async oidcAccount(identity: OidcIdentity): Promise<UserRow> {
    const known = await this.repository.userByOidc(identity.issuer, identity.subject);
    if (known) return known;
    const email = identity.emailVerified && identity.email ? identity.email.trim().toLowerCase() : null;
    if (!email) throw new ApiError('FORBIDDEN', `${this.config.OIDC_NAME} did not give a verified e-mail address, which this engine needs to know who you are: ask your admin`);
    const existing = await this.repository.userByEmail(email);
    if (existing) {
      await this.repository.linkOidc(existing.id, identity.issuer, identity.subject);
      return existing;
    }
    const invited = await this.repository.hasInvitation(email);
    if (this.config.SIGNUP !== 'open' && !invited) throw new ApiError('FORBIDDEN', 'Accounts on this engine are made by invitation: ask a workspace admin to invite you');
    const name = identity.name?.trim().slice(0, 200) || email;
    const created = await this.repository.transaction(async (db) => {
      const user = await this.repository.insertUser(db, { email, name, passwordHash: null, oidc: { issuer: identity.issuer, subject: identity.subject } });
      if (!user) throw new ApiError('CONFLICT', 'An account with this e-mail was just made: sign in again');
      if (this.config.SIGNUP !== 'open') return { user, workspace: null };
      const workspace = await this.workspaces.create(`${name}'s workspace`, db);
      await this.repository.addMembership(db, workspace.id, user.id, 'owner');
      return { user, workspace };
    });
    if (created.workspace) {
      await this.audit.record(created.workspace.id, userActor(created.user), 'workspace.create', { kind: 'member', id: created.user.id, name: created.user.email }, `Signed up with ${this.config.OIDC_NAME} and created the workspace`);
    }
    return created.user;
  }

  async requestReset(body: unknown): Promise<{ sent: true }> {
    const input = parseInput(passwordResetRequestSchema, body);
    const user = await this.repository.userByEmail(input.email);
    if (!user) return { sent: true };
    const token = newToken();
    await this.repository.insertReset(user.id, sha256(token), new Date(Date.now() + RESET_MINUTES * 60_000));
    const link = `${this.base()}/#/reset/${token}`;
    const first = await this.workspaces.firstWorkspaceId();
    await this.mailer.send({
      to: user.email,
      subject: 'Reset your Switchboard password',
      link,
      html: `<p>Hello ${html(user.name)},</p><p>Someone (we hope you) asked to reset the password of your Switchboard account. The link works for ${RESET_MINUTES} minutes, once:</p><p><a href="${html(link)}">Choose a new password</a></p><p>If it was not you, ignore this mail: your password stays as it is.</p>`,
      // Without SMTP the operator (the first workspace's owners) can read it; nobody else.
      keepIn: this.config.SMTP_URL || !first ? null : { workspaceId: first, audience: 'owners' },
    });
    return { sent: true };
  }

  async confirmReset(body: unknown, reply: FastifyReply): Promise<MeView> {
    const input = parseInput(passwordResetConfirmSchema, body);
    const passwordHash = await hashPassword(input.password);
    const userId = await this.repository.transaction(async (db) => {
      const id = await this.repository.consumeReset(db, sha256(input.token));
      if (!id) throw new ApiError('NOT_FOUND', 'This reset link is not valid any more: ask for a new one');
      await this.repository.setPassword(db, id, passwordHash);
      return id;
    });
    await this.sessions.endAll(userId);
    const user = (await this.repository.userById(userId))!;
    const { csrfToken } = await this.sessions.start(reply, user.id, null);
    return this.viewOf(user, null, csrfToken);
  }

  async previewInvitation(token: string): Promise<InvitationPreview> {
    const invitation = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await this.repository.invitationByToken(sha256(token)) : null;
    if (!invitation) throw new ApiError('NOT_FOUND', 'This invitation is not valid any more: ask for a new one');
    return {
      workspaceName: invitation.workspace_name,
      email: invitation.email,
      role: invitation.role,
      invitedBy: invitation.invited_by_name,
      accountExists: invitation.email !== null && (await this.repository.userByEmail(invitation.email)) !== null,
      expiresAt: invitation.expires_at?.toISOString() ?? null,
    };
  }

  async acceptInvitation(session: SessionIdentity, body: unknown): Promise<MeView> {
    const input = parseInput(acceptInvitationSchema, body);
    const joined = await this.repository.transaction(async (db) => {
      const invitation = await this.repository.invitationByToken(sha256(input.token), db);
      if (!invitation || invitation.email === null) throw new ApiError('NOT_FOUND', 'This invitation is not valid any more: ask for a new one');
      if (invitation.email !== session.user.email) throw new ApiError('FORBIDDEN', `This invitation is for ${invitation.email}; you are signed in as ${session.user.email}`);
      if (!(await this.repository.consumeInvitation(db, invitation.id))) throw new ApiError('CONFLICT', 'This invitation was just used');
      await this.repository.addMembership(db, invitation.workspace_id, session.user.id, invitation.role);
      return invitation;
    });
    await this.audit.record(joined.workspace_id, userActor(session.user), 'member.join', { kind: 'member', id: session.user.id, name: session.user.email }, `Joined as ${joined.role}`);
    return this.viewOf(session.user, joined.workspace_id, session.csrfToken);
  }

  async me(caller: Caller): Promise<MeView> {
    if ('key' in caller) {
      const { key } = caller;
      return { user: null, apiKey: { id: key.keyId, name: key.name, scopes: key.scopes }, workspace: key.workspace, role: null, workspaces: [], csrfToken: null };
    }
    return this.viewOf(caller.session.user, caller.session.workspace?.id ?? null, caller.session.csrfToken);
  }

  /** The workspaces of the caller: a person's, each with their role; an API key's own (as `admin` or `viewer`, what its scopes amount to). */
  async workspacesOf(caller: Caller): Promise<WorkspaceMembership[]> {
    if ('session' in caller) return this.repository.workspacesOf(caller.session.user.id);
    const entity = await this.workspaces.get(caller.key.workspace.id);
    return [{ id: entity.id, name: entity.name, role: caller.key.scopes.includes('admin') ? 'admin' : 'viewer', createdAt: entity.createdAt.toISOString() }];
  }

  async createWorkspace(user: SessionUser | null, body: unknown): Promise<WorkspaceMembership> {
    if (!user) throw new ApiError('FORBIDDEN', 'A workspace is created by a signed-in person (an API key belongs to one workspace)');
    const input = parseInput(createWorkspaceSchema, body);
    const workspace = await this.repository.transaction(async (db) => {
      const created = await this.workspaces.create(input.name, db);
      await this.repository.addMembership(db, created.id, user.id, 'owner');
      return created;
    });
    await this.audit.record(workspace.id, userActor(user), 'workspace.create', { kind: 'workspace', id: workspace.id, name: workspace.name }, `Created the workspace ${workspace.name}`);
    const entity = await this.workspaces.get(workspace.id);
    return { id: entity.id, name: entity.name, role: 'owner', createdAt: entity.createdAt.toISOString() };
  }

  members(workspaceId: string): Promise<MemberView[]> {
    return this.repository.members(workspaceId);
  }

  /** Invites an address (an invitation replaces an earlier one to it); only an owner gives `owner`. */
  async invite(workspace: WorkspaceRef, actor: AuditActor, role: Role | null, inviter: SessionUser | null, body: unknown): Promise<MemberInvited> {
    const input = parseInput(inviteMemberSchema, body);
    if (input.role === 'owner' && role !== null && role !== 'owner') throw new ApiError('FORBIDDEN', 'Only an owner may invite an owner');
    const existing = await this.repository.userByEmail(input.email);
    if (existing && (await this.repository.members(workspace.id)).some((member) => member.userId === existing.id)) {
      throw new ApiError('CONFLICT', `${input.email} is a member of this workspace already: change their role instead`);
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
    const stored = await this.repository.upsertInvitation({ workspaceId: workspace.id, email: input.email, role: input.role, tokenHash: sha256(token), invitedBy: inviter?.id ?? null, expiresAt });
    const inviteUrl = `${this.base()}/#/invite/${token}`;
    const entity = await this.workspaces.get(workspace.id);
    const from = inviter ? `${inviter.name} (${inviter.email})` : 'An admin';
    await this.mailer.send({
      to: input.email,
      subject: `${inviter?.name ?? 'An admin'} invited you to ${entity.name} on Switchboard`,
      link: inviteUrl,
      html: `<p>${html(from)} invited you to the Switchboard workspace <b>${html(entity.name)}</b> as ${input.role}.</p><p><a href="${html(inviteUrl)}">Accept the invitation</a></p><p>The link works for ${INVITATION_DAYS} days.</p>`,
      keepIn: { workspaceId: workspace.id, audience: 'admins' },
    });
    await this.audit.record(workspace, actor, 'member.invite', { kind: 'member', id: stored.id, name: input.email }, `Invited ${input.email} as ${input.role}`);
    return { id: stored.id, userId: null, email: input.email, name: null, role: input.role, status: 'invited', createdAt: stored.createdAt.toISOString(), expiresAt: expiresAt.toISOString(), inviteUrl };
  }

  /** Changes a member's (or an invitation's) role. Owners are changed, and made, by owners only; the last owner stays one. */
  async updateMember(workspace: WorkspaceRef, actor: AuditActor, callerRole: Role | null, id: string, body: unknown): Promise<MemberView> {
    const input = parseInput(updateMemberSchema, body);
    if (!UUID.test(id)) throw ApiError.notFound('Member', id);
    const ownerOnly = (target: Role) => (target === 'owner' || input.role === 'owner') && callerRole !== null && callerRole !== 'owner';
    const summary = await this.repository.transaction(async (db) => {
      const invitation = await this.repository.invitationInWorkspace(workspace.id, id, db);
      if (invitation) {
        if (ownerOnly(invitation.role)) throw new ApiError('FORBIDDEN', 'Only an owner may give or change the owner role');
        await this.repository.setInvitationRole(db, workspace.id, id, input.role);
        return { name: invitation.email, from: invitation.role };
      }
      const members = await this.repository.lockMemberships(db, workspace.id);
      const member = members.find((candidate) => candidate.id === id);
      if (!member) throw ApiError.notFound('Member', id);
      if (ownerOnly(member.role)) throw new ApiError('FORBIDDEN', 'Only an owner may give or change the owner role');
      if (member.role === 'owner' && input.role !== 'owner' && !members.some((other) => other.id !== id && other.role === 'owner')) {
        throw new ApiError('CONFLICT', 'This is the last owner of the workspace: make someone else owner first');
      }
      await this.repository.setRole(db, workspace.id, id, input.role);
      return { name: member.email, from: member.role };
    });
    await this.audit.record(workspace, actor, 'member.role', { kind: 'member', id, name: summary.name }, `Changed ${summary.name} from ${summary.from} to ${input.role}`);
    return (await this.repository.members(workspace.id)).find((member) => member.id === id)!;
  }

  /** Removes a member (or withdraws an invitation); an owner is removed by an owner only, and the last owner not at all. */
  async removeMember(workspace: WorkspaceRef, actor: AuditActor, callerRole: Role | null, id: string): Promise<void> {
    if (!UUID.test(id)) throw ApiError.notFound('Member', id);
    const removed = await this.repository.transaction(async (db) => {
      const invitation = await this.repository.invitationInWorkspace(workspace.id, id, db);
      if (invitation) {
        await this.repository.deleteInvitation(db, workspace.id, id);
        return { name: invitation.email, what: 'Withdrew the invitation of' };
      }
      const members = await this.repository.lockMemberships(db, workspace.id);
      const member = members.find((candidate) => candidate.id === id);
      if (!member) throw ApiError.notFound('Member', id);
      if (member.role === 'owner' && callerRole !== null && callerRole !== 'owner') throw new ApiError('FORBIDDEN', 'Only an owner may remove an owner');
      if (member.role === 'owner' && !members.some((other) => other.id !== id && other.role === 'owner')) {
        throw new ApiError('CONFLICT', 'This is the last owner of the workspace: make someone else owner first');
      }
      await this.repository.removeMembership(db, workspace.id, id);
      return { name: member.email, what: 'Removed' };
    });
    await this.audit.record(workspace, actor, removed.what === 'Removed' ? 'member.remove' : 'member.uninvite', { kind: 'member', id, name: removed.name }, `${removed.what} ${removed.name}`);
  }

  private async viewOf(user: SessionUser | UserRow, workspaceId: string | null, csrfToken: string): Promise<MeView> {
    const workspaces = await this.repository.workspacesOf(user.id);
    const current = workspaces.find((workspace) => workspace.id === workspaceId) ?? workspaces[0] ?? null;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      apiKey: null,
      workspace: current ? { id: current.id, name: current.name } : null,
      role: current?.role ?? null,
      workspaces,
      csrfToken,
    };
  }

  private setupToken(workspaceId: string): string {
    return createHmac('sha256', this.config.ENCRYPTION_KEY ?? '')
      .update(`switchboard setup link v1:${workspaceId}`)
      .digest('base64url');
  }

  private tokenMatches(given: string, expected: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private base(): string {
    return this.config.PUBLIC_URL.replace(/\/+$/, '');
  }
}

/** A person as the audit log names them. */
export function userActor(user: SessionUser | UserRow): AuditActor {
  return { kind: 'user', id: user.id, email: user.email, name: user.name };
}
