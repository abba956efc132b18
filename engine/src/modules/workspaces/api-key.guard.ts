import { Inject, Injectable, SetMetadata, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import type { EngineConfig } from '../../config/config';
import { EngineMetrics } from '../../runtime/metrics';
import { RateBuckets } from '../../runtime/rate-buckets';
import { CONFIG } from '../../runtime/tokens';
import { scopeAllows } from './api-key-scopes';
import { authFailure } from './rate-limit.guard';
import { WorkspacesService, type KeyIdentity, type WorkspaceRef } from './workspaces.service';

const PUBLIC = 'switchboard:public';

/** Marks a route that authenticates on its own terms (health, docs, provider webhooks). */
export const Public = () => SetMetadata(PUBLIC, true);

type AuthedRequest = FastifyRequest & { workspace?: WorkspaceRef; apiKey?: KeyIdentity };

/** The workspace of the request's API key. */
export const CurrentWorkspace = createParamDecorator((_data: unknown, context: ExecutionContext): WorkspaceRef => {
  const workspace = context.switchToHttp().getRequest<AuthedRequest>().workspace;
  if (!workspace) throw new ApiError('UNAUTHORIZED', 'This route needs an API key');
  return workspace;
});

/** Who makes the request, for the audit log: its API key (id and name). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): AuditActor => {
  const key = context.switchToHttp().getRequest<AuthedRequest>().apiKey;
  if (!key) throw new ApiError('UNAUTHORIZED', 'This route needs an API key');
  return { kind: 'api_key', id: key.keyId, name: key.name };
});

/** The request's API key: its id and scopes. */
export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext): KeyIdentity => {
  const key = context.switchToHttp().getRequest<AuthedRequest>().apiKey;
  if (!key) throw new ApiError('UNAUTHORIZED', 'This route needs an API key');
  return key;
});

/**
 * Every route needs `Authorization: Bearer <api key>` unless marked `@Public()`, and a key whose
 * scopes allow the route (`scopeAllows`), else 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly workspaces: WorkspacesService,
    private readonly buckets: RateBuckets,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly metrics: EngineMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw await authFailure(this.buckets, this.config, request.ip, new ApiError('UNAUTHORIZED', 'Send your API key as "Authorization: Bearer <api key>"'), this.metrics);
    const identity = await this.workspaces.identify(match[1]!);
    if (!identity) throw await authFailure(this.buckets, this.config, request.ip, new ApiError('UNAUTHORIZED', 'The API key is not valid'), this.metrics);
    const route = request.routeOptions.url ?? request.url;
    if (!scopeAllows(identity.scopes, request.method, route)) {
      throw new ApiError('FORBIDDEN', `This API key (scopes: ${identity.scopes.join(', ')}) may not call ${request.method} ${route}`);
    }
    request.workspace = identity.workspace;
    request.apiKey = identity;
    return true;
  }
}
