import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { RedisConnection } from '../../runtime/redis';
import type { EngineConfig } from '../../config/config';
import { RateBuckets } from '../../runtime/rate-buckets';
import { CONFIG, REDIS } from '../../runtime/tokens';
import { AccountsRepository } from '../accounts/accounts.repository';
import { SessionsService } from '../accounts/sessions.service';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { WorkspacesService } from './workspaces.service';

/** Workspaces, their API keys, sessions and the API's guards (rate limit; key or session, role), for every role. */
@Module({
  providers: [
    WorkspacesService,
    SessionsService,
    AccountsRepository,
    { provide: RateBuckets, inject: [REDIS, CONFIG], useFactory: (redis: RedisConnection, config: EngineConfig) => new RateBuckets(redis, config.QUEUE_PREFIX) },
    // Global guards run in this order: a rate-limited route refuses before any key is looked up.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [WorkspacesService, SessionsService, AccountsRepository, RateBuckets],
})
export class WorkspacesModule {}
