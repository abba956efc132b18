import { Inject, Injectable, SetMetadata, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { requiredRole, roleAllows, type AuditActor, type Role } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import type { EngineConfig } from '../../config/config';
import { EngineMetrics } from '../../runtime/metrics';
import { RateBuckets } from '../../runtime/rate-buckets';
import { CONFIG } from '../../runtime/tokens';
import { SESSION_COOKIE, SessionsService, readCookie, type SessionIdentity, type SessionUser } from '../accounts/sessions.service';
import { scopeAllows } from './api-key-scopes';
import { authFailure } from './rate-limit.guard';
import { WorkspacesService, type KeyIdentity, type WorkspaceRef } from './workspaces.service';

const PUBLIC = 'switchboard:public';

/** Marks a route that authenticates on its own terms (health, docs, provider webhooks, signing in). */
export const Public = () => SetMetadata(PUBLIC, true);

/** What the guard learned of a request's caller. */
type AuthedRequest = FastifyRequest & { workspace?: WorkspaceRef; apiKey?: KeyIdentity; session?: SessionIdentity; role?: Role };

/** The workspace the request acts in: its API key's, or the signed-in person's chosen one. */
export const CurrentWorkspace = createParamDecorator((_data: unknown, context: ExecutionContext): WorkspaceRef => {
  const workspace = context.switchToHttp().getRequest<AuthedRequest>().workspace;
  if (!workspace) throw new ApiError('UNAUTHORIZED', 'This route needs an API key or a signed-in member of a workspace');
  return workspace;
});

/** Who makes the request, for the audit log: a person (id, e-mail, name) or an API key (id, name). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): AuditActor => {
  const request = context.switchToHttp().getRequest<AuthedRequest>();
  if (request.session) return { kind: 'user', id: request.session.user.id, email: request.session.user.email, name: request.session.user.name };
  if (request.apiKey) return { kind: 'api_key', id: request.apiKey.keyId, name: request.apiKey.name };
  throw new ApiError('UNAUTHORIZED', 'This route needs an API key or a signed-in person');
});

/** The request's API key: its id and scopes (403 under a person's session: only keys manage keys this way). */
export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext): KeyIdentity | null => {
  const request = context.switchToHttp().getRequest<AuthedRequest>();
  if (!request.apiKey && !request.session) throw new ApiError('UNAUTHORIZED', 'This route needs an API key or a signed-in person');
  return request.apiKey ?? null;
});

/** The signed-in person (null when the request came with an API key). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): SessionUser | null => context.switchToHttp().getRequest<AuthedRequest>().session?.user ?? null);

/** The request's session (null with an API key): its person, workspace, role and CSRF token. */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): SessionIdentity | null => context.switchToHttp().getRequest<AuthedRequest>().session ?? null);

/** The caller's role in the workspace (null with an API key: its scopes rule). */
export const CurrentRole = createParamDecorator((_data: unknown, context: ExecutionContext): Role | null => context.switchToHttp().getRequest<AuthedRequest>().role ?? null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every route not marked `@Public()` needs a caller: `Authorization: Bearer <api key>` (whose
 * scopes must allow the route, `scopeAllows`) or a session cookie. A session's changes need its
 * CSRF token in `X-CSRF-Token`; it acts in the workspace `X-Workspace` names (else its last) with
 * the person's role there, which must be the route's `requiredRole` or stronger; else 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly workspaces: WorkspacesService,
    private readonly sessions: SessionsService,
    private readonly buckets: RateBuckets,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly metrics: EngineMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const route = request.routeOptions.url ?? request.url;
    const header = request.headers.authorization;
    if (header === undefined && readCookie(request.headers.cookie, SESSION_COOKIE)) return this.bySession(request, route);
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    // No credential at all is not a guess (a signed-out editor tab asking who it is): 401, not counted.
    if (header === undefined) throw new ApiError('UNAUTHORIZED', 'Sign in, or send your API key as "Authorization: Bearer <api key>"');
    if (!match) throw await this.failure(request, 'Send your API key as "Authorization: Bearer <api key>"');
    const identity = await this.workspaces.identify(match[1]!);
    if (!identity) throw await this.failure(request, 'The API key is not valid');
    if (!scopeAllows(identity.scopes, request.method, route)) {
      throw new ApiError('FORBIDDEN', `This API key (scopes: ${identity.scopes.join(', ')}) may not call ${request.method} ${route}`);
    }
    request.workspace = identity.workspace;
    request.apiKey = identity;
    return true;
  }

  private async bySession(request: AuthedRequest, route: string): Promise<boolean> {
    const named = request.headers['x-workspace'];
    if (named !== undefined && (typeof named !== 'string' || !UUID.test(named))) throw ApiError.invalid([{ field: 'X-Workspace', message: 'X-Workspace is the id of a workspace (a UUID)' }]);
    const session = await this.sessions.identify(request, named ?? null);
    if (!session) throw await this.failure(request, 'Your session has ended: sign in again');
    if (!SAFE_METHODS.has(request.method) && !SessionsService.csrfMatches(session, request.headers['x-csrf-token'])) {
      throw new ApiError('FORBIDDEN', 'This change needs the X-CSRF-Token header of your session (GET /api/me gives it)');
    }
    request.session = session;
    const needed = requiredRole(request.method, route);
    if (needed === null) {
      if (session.workspace) request.workspace = { id: session.workspace.id, name: session.workspace.name };
      request.role = session.workspace?.role;
      return true;
    }
    if (session.refusedWorkspace) throw new ApiError('FORBIDDEN', `You are not a member of the workspace ${session.refusedWorkspace}`);
    if (!session.workspace) throw new ApiError('FORBIDDEN', 'You are not a member of any workspace: create one (POST /api/workspaces) or ask for an invitation');
    if (!roleAllows(session.workspace.role, request.method, route)) {
      throw new ApiError('FORBIDDEN', `Your role in ${session.workspace.name} (${session.workspace.role}) may not call ${request.method} ${route}: it needs ${needed}`);
    }
    request.workspace = { id: session.workspace.id, name: session.workspace.name };
    request.role = session.workspace.role;
    return true;
  }

  private failure(request: FastifyRequest, message: string): Promise<ApiError> {
    return authFailure(this.buckets, this.config, request.ip, new ApiError('UNAUTHORIZED', message), this.metrics);
  }
}
