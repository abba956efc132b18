import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { RedisConnection } from '../runtime/redis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import { Sweeper } from '../execution/sweeper';
import { withClient } from '../persistence/checked-out';
import { HistoryPartitions } from '../persistence/history-partitions';
import { ConversationsService } from '../modules/conversations/conversations.service';
import { RetentionService } from '../modules/retention/retention.service';
import { SchedulesService } from '../modules/schedules/schedules.service';
import { WebhookSweeper } from '../modules/webhooks/webhook-sweeper';
import { CONFIG, LOGGER, PG_POOL, REDIS } from '../runtime/tokens';
import { ShardRegistry } from '../queue/shard-registry';
import { BullJobQueue } from '../queue/step-queue';

/** The sweep's Postgres advisory lock: one sweep at a time in the whole cluster (per database). */
export const SWEEP_LOCK = 0x5377_6565_70; // "Sweep"
/** A part of a sweep tick that takes longer than this is left behind (see `isolated`). */
const PART_TIMEOUT_MS = 60_000;
/** A schedule tick its clock has not fired this long after it was due is fired by the sweep. */
const SCHEDULE_SLACK_MS = 5_000;

/**
 * Keeps the sweep alive from every worker's own process: a timer, not a job in Redis, so a
 * Redis that lost its data (a FLUSHDB, a failover to an empty replica) cannot take the sweep
 * with it. Each tick:
 * 1. checks the sentinel key of every queue shard; when one is gone, Redis (that shard's
 *    master) lost its data (or is new): every schedule's clock and every waiting waitpoint's
 *    alarm are armed again at once;
 * 2. takes the sweep's advisory lock without waiting (another worker sweeping is enough), then
 *    moves the jobs of retired queue shards (`ShardRegistry`), re-arms due alarms,
 *    reconciles stalled runs, re-queues unprocessed webhook deliveries,
 *    ends conversations whose end was not carried out, fires schedule ticks whose jobs were
 *    lost, prunes customer data past `RETENTION_DAYS`, makes the coming weeks' partitions of the
 *    history tables and drops those past it — each part isolated from the others.
 */
@Injectable()
export class SweepKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private stopped = false;
  /** One per shard: a shard's master can lose its data alone (a failover to an empty replica). */
  private readonly sentinelKeys: string[];

  constructor(
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly sweeper: Sweeper,
    private readonly webhooks: WebhookSweeper,
    private readonly conversations: ConversationsService,
    private readonly schedules: SchedulesService,
    private readonly retention: RetentionService,
    queue: BullJobQueue,
    private readonly shards: ShardRegistry,
    private readonly partitions: HistoryPartitions,
  ) {
    this.sentinelKeys = queue.shards.map((shard) => `${shard.prefix}:sentinel`);
  }

  async onApplicationBootstrap(): Promise<void> {
    // (Earlier versions swept from a BullMQ job scheduler, which an emptied Redis loses; the start-up re-arm removes it.)
    this.run(true);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** One tick now (the start-up one re-arms every schedule), then the next after the interval. */
  private run(startUp = false): void {
    this.current = this.tick(startUp)
      .catch((error: unknown) => this.logger.error({ err: error }, 'sweep tick failed'))
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => this.run(), this.config.SWEEP_INTERVAL_MS);
      });
  }

  private async tick(startUp: boolean): Promise<void> {
    const lost = await this.checkSentinels();
    if (lost.length > 0 && !startUp) this.logger.warn({ keys: lost }, 'Redis lost its data: re-arming schedules and sweeping now');
    if (startUp || lost.length > 0) await this.isolated('re-arm schedules', () => this.schedules.rearm());
    if (lost.length > 0) await this.isolated('re-arm every alarm', () => this.rearmEveryAlarm());
    await this.withLock(async () => {
      await this.isolated('move the jobs of retired queue shards', async () => {
        if ((await this.shards.rehome()).clocks > 0) await this.schedules.rearm();
      });
      const olderThan = new Date(Date.now() - this.config.STALE_RUN_MS);
      await this.isolated('sweep runs and alarms', () => this.sweeper.sweep());
      await this.isolated('sweep webhook deliveries', () => this.webhooks.sweep());
      await this.isolated('sweep conversations', () => this.conversations.sweep(olderThan));
      // At start-up a tick missed while everything was down fires at once.
      await this.isolated('fire missed schedule ticks', () => this.schedules.fireMissed(new Date(), startUp ? 0 : SCHEDULE_SLACK_MS));
      await this.isolated('prune customer data past retention', () => this.retention.sweep());
      await this.isolated('keep the history partitions', () => this.partitions.keep());
    });
  }

  /**
   * Redis lost its data: every waiting waitpoint's alarm is armed again at once, due first, so
   * Redis holds again what it held. Outside the advisory lock: only the setter of the sentinel
   * knows of the loss, and adding an alarm twice is harmless. Should this process die before it
   * is done, no wait is lost: every sweep arms the alarms due within its horizon.
   */
  private async rearmEveryAlarm(): Promise<void> {
    const startedAt = Date.now();
    const { alarms, errors } = await this.sweeper.rearmAlarms(null);
    this.logger.info({ alarms, errors, ms: Date.now() - startedAt }, 'armed every waiting alarm again');
  }

  /**
   * The sentinels that were missing: Redis (or the master of those shards) is new or lost what
   * it held. The setter re-arms everything (arming what is still there adds nothing: job ids);
   * other workers see them set.
   */
  private async checkSentinels(): Promise<string[]> {
    const set = await Promise.all(
      this.sentinelKeys.map(async (key) => {
        try {
          return (await bounded(this.redis.set(key, new Date().toISOString(), 'NX'))) === 'OK';
        } catch (error) {
          this.logger.warn({ err: error, key }, 'sweep: Redis unreachable');
          return false;
        }
      }),
    );
    return this.sentinelKeys.filter((_, index) => set[index]);
  }

  /**
   * Runs `work` if no other process sweeps, holding the lock in a transaction opened for it on a
   * client of its own (the work runs on other connections). A transaction's lock, not a
   * session's: behind a transaction-mode pooler (PgBouncer) the transaction keeps one server
   * connection for itself, where a session lock and its unlock could land on two, leaving the
   * lock held on a connection that other clients go on using. The transaction ends with the
   * tick, and with the connection should this process die (Postgres, or the pooler closing its
   * server connection, rolls it back). It writes nothing and takes no snapshot between its
   * statements, so holding it open delays no vacuum.
   */
  private async withLock(work: () => Promise<void>): Promise<void> {
    await withClient(this.pool, (error) => this.logger.warn({ err: error }, 'sweep: its Postgres connection failed'), async (client) => {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
        if (rows[0]?.locked) await work();
      } finally {
        await client.query('COMMIT');
      }
    });
  }

  /**
   * One part of a tick, isolated from the others: an error is logged, and a part that hangs (a
   * Redis command stuck in a failover) is left behind after `PART_TIMEOUT_MS`, so the tick ends
   * and gives up the advisory lock that every other worker's sweep needs.
   */
  private async isolated(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await bounded(work());
    } catch (error) {
      this.logger.error({ err: error }, `sweep: could not ${what}`);
    }
  }
}

/** `promise`, or a rejection once `PART_TIMEOUT_MS` passed (the promise goes on, unheeded). */
async function bounded<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${PART_TIMEOUT_MS} ms`)), PART_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
