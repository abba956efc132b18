import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import type { Pool } from 'pg';
import type { EngineConfig } from '../../config/config';
import { EngineMetrics } from '../../runtime/metrics';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, PG_POOL, REDIS } from '../../runtime/tokens';
import { Public } from '../workspaces/api-key.guard';
import { ApiContract } from '../../common/api-body';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /**
   * 200 `ok` when Postgres and Redis answer, else 503 `degraded` naming the dependency that
   * does not: `{ status, role, dependencies: { postgres: 'up' | 'down', redis: … } }`. Each
   * check gives up after HEALTH_CHECK_MS, so a partition cannot hang the probe.
   */
  @Public()
  @Get()
  @ApiContract('GET /health')
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([
      check(() => this.pool.query('SELECT 1')),
      // Not a queued command: while Redis is unreachable, a PING would wait in ioredis' offline queue.
      check(async () => {
        if (this.redis.status !== 'ready') throw new Error(`redis connection is ${this.redis.status}`);
        await this.redis.ping();
      }),
    ]);
    const ok = postgres === 'up' && redis === 'up';
    void reply.status(ok ? 200 : 503);
    if (!ok) void reply.header('retry-after', '5');
    return { status: ok ? 'ok' : 'degraded', role: this.config.role, dependencies: { postgres, redis } };
  }
}

/** Prometheus metrics, for a scraper (no API key, like /health). */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: EngineMetrics,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  @Public()
  @Get()
  @ApiContract('GET /metrics')
  async metricsText(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (token && !sameSecret(request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '', token)) {
      throw new ApiError('UNAUTHORIZED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.scrape();
  }
}

/** How long one dependency may take to answer the health probe. */
const HEALTH_CHECK_MS = 2000;

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), HEALTH_CHECK_MS)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
