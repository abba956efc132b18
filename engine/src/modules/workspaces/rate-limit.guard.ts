import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { EngineConfig } from '../../config/config';
import { ApiError } from '../../common/api-error';
import { EngineMetrics } from '../../runtime/metrics';
import { RateBuckets } from '../../runtime/rate-buckets';
import { CONFIG } from '../../runtime/tokens';

const GROUP = 'switchboard:rate-limit-group';

/** The public route groups with a request rate per caller address. */
export type RateLimitGroup = 'webhooks' | 'invoke' | 'sandbox' | 'auth';

/** Limits a route's requests per caller address (`RATE_LIMIT_PER_SECOND`, bursts of `RATE_LIMIT_BURST`), shared by every process. */
export const RateLimited = (group: RateLimitGroup) => SetMetadata(GROUP, group);

/**
 * Runs before authentication: a route marked `@RateLimited` takes a slot of its group's bucket
 * for the caller's address, and answers `429` with `Retry-After` when none is free. The buckets
 * live in Redis, so the limit holds across every API process.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly buckets: RateBuckets,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly metrics: EngineMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const group = this.reflector.getAllAndOverride<RateLimitGroup | undefined>(GROUP, [context.getHandler(), context.getClass()]);
    if (!group || this.config.RATE_LIMIT_PER_SECOND === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const wait = await this.buckets.take(`limit:${group}:${request.ip}`, this.config.RATE_LIMIT_PER_SECOND, this.config.RATE_LIMIT_BURST);
    if (wait > 0) {
      this.metrics.rateLimited(group);
      throw ApiError.rateLimited(`Too many requests from ${request.ip}; try again in ${Math.ceil(wait / 1000)} s`, wait);
    }
    return true;
  }
}

/** Counts an address's failed authentications; past `AUTH_FAILURES_PER_MINUTE` a failure answers 429 instead of 401. */
export async function authFailure(buckets: RateBuckets, config: EngineConfig, address: string, unauthorized: ApiError, metrics?: EngineMetrics): Promise<ApiError> {
  // Not `limit:auth:…`: that is the `auth` route group's bucket (`RateLimitGuard`), and sharing it
  // let a few 401s (each pushes this bucket 2 s ahead) refuse every sign-in of the address.
  const wait = await buckets.take(`limit:auth-failures:${address}`, config.AUTH_FAILURES_PER_MINUTE / 60, config.AUTH_FAILURES_PER_MINUTE);
  if (wait > 0) metrics?.rateLimited('auth');
  return wait > 0 ? ApiError.rateLimited(`Too many failed sign-ins from ${address}; try again in ${Math.ceil(wait / 1000)} s`, wait) : unauthorized;
}
