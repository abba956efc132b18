import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import type { EngineConfig } from '../../config/config';
import { EngineMetrics } from '../../runtime/metrics';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, PG_POOL, REDIS } from '../../runtime/tokens';
import { Public } from '../workspaces/api-key.guard';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /** 200 when Postgres and Redis answer, 503 otherwise; says which one is down. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([
      check(() => this.pool.query('SELECT 1')),
      check(() => this.redis.ping()),
    ]);
    const ok = postgres === 'up' && redis === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', role: this.config.role, checks: { postgres, redis } };
  }
}

/** Prometheus metrics, for a scraper (no API key, like /health). */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: EngineMetrics) {}

  @Public()
  @Get()
  async metricsText(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return 'up';
  } catch {
    return 'down';
  }
}
