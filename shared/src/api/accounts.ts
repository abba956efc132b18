import { z } from 'zod';
import { apiKeyScopeSchema } from './api-keys';
import { apiSchema, instant } from './registry';

/**
 * What a member of a workspace may do, weakest first: `viewer` reads; `editor` also changes
 * flows and runs them (tests, retries, the sandbox); `admin` also manages connections, API keys
 * and members; `owner` also the workspace itself. `requiredRole` says which a route needs.
 */
export const ROLES = ['viewer', 'editor', 'admin', 'owner'] as const;
export const roleSchema = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });
export type Role = z.infer<typeof roleSchema>;

const email = z
  .string({ error: 'email is required' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ error: 'email is not an e-mail address' }))
  .transform((value) => value.toLowerCase());

/** At least 8 characters (NIST SP 800-63B), at most 256: long passphrases welcome, nothing truncated. */
const password = z.string({ error: 'password is required' }).min(8, 'password must be at least 8 characters').max(256, 'password must be at most 256 characters');

const name = z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(200, 'name must be at most 200 characters');

/** A one-time token from a link (setup, invitation, password reset): URL-safe, as the engine writes them. */
const linkToken = (field: string) => z.string({ error: `${field} is required` }).regex(/^[A-Za-z0-9_-]{20,100}$/, `${field} is not a token this engine wrote`);

/**
 * `POST /api/auth/signup`. Without a token, a new account gets a workspace of its own (when the
 * engine's SIGNUP is `open`); `invitation` (from an invitation e-mail) joins the inviting
 * workspace in the invited role, `setup` (the link the first start prints) makes the owner of the
 * first workspace.
 */
export const signupSchema = z.strictObject({
  email,
  password,
  name,
  invitation: linkToken('invitation').optional(),
  setup: linkToken('setup').optional(),
});
export type SignupInput = z.input<typeof signupSchema>;

export const loginSchema = z.strictObject({ email, password: z.string({ error: 'password is required' }).min(1, 'password is required').max(256, 'password must be at most 256 characters') });
export type LoginInput = z.input<typeof loginSchema>;

/** `POST /api/auth/password-reset`: sends a reset link to the address when it has an account (the answer is the same either way). */
export const passwordResetRequestSchema = z.strictObject({ email });

/** `POST /api/auth/password-reset/confirm`: the token from the link and the new password; every other session of the account ends. */
export const passwordResetConfirmSchema = z.strictObject({ token: linkToken('token'), password });

/** `POST /api/auth/invitations/accept`: a signed-in person joins the workspace that invited their address. */
export const acceptInvitationSchema = z.strictObject({ token: linkToken('token') });

export const userViewSchema = apiSchema('UserView', z.strictObject({ id: z.string(), email: z.string(), name: z.string() }));
export type UserView = z.infer<typeof userViewSchema>;

/** A workspace as one of its members sees it in a list: with the member's role. */
export const workspaceMembershipSchema = apiSchema('WorkspaceMembership', z.strictObject({ id: z.string(), name: z.string(), role: roleSchema, createdAt: instant }));
export type WorkspaceMembership = z.infer<typeof workspaceMembershipSchema>;

/**
 * `GET /api/me`, and the answer of sign-up, sign-in and accepting an invitation: who is asking
 * (a person, or an API key), in which workspace and role, and the other workspaces of the
 * person. `csrfToken` goes in the `X-CSRF-Token` header of every request that changes something
 * under a cookie session.
 */
export const meViewSchema = apiSchema(
  'MeView',
  z.strictObject({
    user: userViewSchema.nullable(),
    apiKey: z.strictObject({ id: z.string(), name: z.string(), scopes: z.array(apiKeyScopeSchema) }).nullable(),
    /** The workspace requests act in: the `X-Workspace` header's, else the session's last. */
    workspace: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
    role: roleSchema.nullable(),
    workspaces: z.array(workspaceMembershipSchema),
    csrfToken: z.string().nullable(),
  }),
);
export type MeView = z.infer<typeof meViewSchema>;

/** `GET /api/auth/providers`: how people may sign in on this engine (public). */
export const authProvidersSchema = apiSchema(
  'AuthProviders',
  z.strictObject({
    password: z.boolean(),
    /** Whether a person may sign up without an invitation. */
    signup: z.boolean(),
    /** OpenID Connect single sign-on, when configured: its button's label. */
    oidc: z.strictObject({ name: z.string() }).nullable(),
    /** Whether the first workspace still waits for its owner (the link the first start printed). */
    setupPending: z.boolean(),
  }),
);
export type AuthProviders = z.infer<typeof authProvidersSchema>;

/**
 * `GET /api/auth/oidc/start`: where the editor goes back to once signed in, a hash route of its
 * own such as `/runs/abc?w=…` (anything else, or nothing, means `/flows`).
 */
export const oidcStartQuerySchema = z.object({ return: z.string().max(2000, 'return must be at most 2000 characters').optional() });

/**
 * `GET /api/auth/oidc/callback`: what the OpenID provider sends the browser back with (OpenID
 * Connect Core 3.1.2.5 and 3.1.2.6): a code and the state, or an error. Not strict: providers add
 * their own parameters (`iss`, `session_state`).
 */
export const oidcCallbackQuerySchema = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** `GET /api/auth/invitations/:token`: what an invitation link offers, before signing up or in (public). */
export const invitationPreviewSchema = apiSchema(
  'InvitationPreview',
  z.strictObject({
    workspaceName: z.string(),
    /** The invited address (null: the first start's setup link, for any address). */
    email: z.string().nullable(),
    role: roleSchema,
    invitedBy: z.string().nullable(),
    /** Whether the address already has an account (then: sign in and accept). */
    accountExists: z.boolean(),
    expiresAt: instant.nullable(),
  }),
);
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

export const passwordResetSentSchema = apiSchema('PasswordResetSent', z.strictObject({ sent: z.literal(true) }));

export const workspaceListSchema = apiSchema('WorkspaceList', z.strictObject({ workspaces: z.array(workspaceMembershipSchema) }));
export type WorkspaceList = z.infer<typeof workspaceListSchema>;

export const createWorkspaceSchema = z.strictObject({ name });
export type CreateWorkspace = z.input<typeof createWorkspaceSchema>;

/**
 * A member of the workspace, or an invitation not accepted yet (`status: invited`, `userId`
 * and `name` null). `id` is what `PATCH`/`DELETE /api/members/:id` take.
 */
export const memberViewSchema = apiSchema(
  'MemberView',
  z.strictObject({
    id: z.string(),
    userId: z.string().nullable(),
    email: z.string(),
    name: z.string().nullable(),
    role: roleSchema,
    status: z.enum(['active', 'invited']),
    createdAt: instant,
    /** An invitation's end (null for members). */
    expiresAt: instant.nullable(),
  }),
);
export type MemberView = z.infer<typeof memberViewSchema>;

export const memberListSchema = apiSchema('MemberList', z.strictObject({ members: z.array(memberViewSchema) }));
export type MemberList = z.infer<typeof memberListSchema>;

/** `POST /api/members`: the invitation, with the link that was e-mailed (`inviteUrl`, shown to the inviter this once). */
export const memberInvitedSchema = apiSchema('MemberInvited', memberViewSchema.extend({ inviteUrl: z.string() }));
export type MemberInvited = z.infer<typeof memberInvitedSchema>;

export const inviteMemberSchema = z.strictObject({ email, role: roleSchema });
export type InviteMember = z.input<typeof inviteMemberSchema>;

export const updateMemberSchema = z.strictObject({ role: roleSchema });
export type UpdateMember = z.input<typeof updateMemberSchema>;
