import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import { StepLeaseHeld } from '../execution/step-deferral';
import { StepExecutor } from '../execution/step-executor';
import { BLOCKING_REDIS, CONFIG, LOGGER } from '../runtime/tokens';
import type { RedisConnection } from '../runtime/redis';
import { ConversationsService } from '../modules/conversations/conversations.service';
import { InboundProcessor } from '../modules/webhooks/inbound-processor';
import { SchedulesService, tickOf } from '../modules/schedules/schedules.service';
import { endpointsOf, isUnavailable, type Endpoints } from '../common/unavailable';
import { BullJobQueue, STEP_QUEUE, type StepQueueJob, type StepQueueShard } from '../queue/step-queue';
import { drainWorker } from '../queue/worker-drain';

/** How often a worker checks that its consumer still takes jobs, and how long it may take none while jobs are due. */
const WATCHDOG_EVERY_MS = 5_000;
const STUCK_AFTER_MS = 20_000;
/** A job that failed because Postgres or Redis is unreachable is tried again this much later, without spending an attempt. */
const UNAVAILABLE_RETRY_MS = 2_000;

/** One shard's consumer, and what its watchdog looks at. */
interface ShardConsumer {
  shard: StepQueueShard;
  worker?: Worker;
  lastTakenAt: number;
  active: number;
}

/**
 * The worker role: takes step, alarm, resume, webhook and schedule jobs off the queue, one
 * BullMQ consumer per shard it consumes (`WORKER_SHARDS`, every shard by default). Any number
 * of these run against one Postgres and one Redis; BullMQ hands each job to one of them, and a
 * job held by a worker that died comes back after `WORKER_LOCK_MS`.
 *
 * `WORKER_CONCURRENCY` is the process's, split evenly over its consumers (rounded up): it is
 * what the Postgres pool and the providers' limits were sized for, and a run id spreads runs
 * evenly over the shards. A single run's steps (a wide loop) then run at most that share at once
 * per process.
 */
@Injectable()
export class StepWorker implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private consumers: ShardConsumer[] = [];
  private readonly endpoints: Endpoints;
  private readonly concurrency: number;
  private watchdog?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(BLOCKING_REDIS) private readonly redis: RedisConnection,
    private readonly executor: StepExecutor,
    private readonly conversations: ConversationsService,
    private readonly inbound: InboundProcessor,
    private readonly schedules: SchedulesService,
    private readonly queue: BullJobQueue,
  ) {
    this.endpoints = endpointsOf({ postgres: config.DATABASE_URL, redis: config.REDIS_URL });
    this.concurrency = Math.ceil(config.WORKER_CONCURRENCY / config.workerShards.length);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumers = this.config.workerShards.map((index) => {
      const shard = this.queue.shards[index]!;
      const consumer: ShardConsumer = { shard, lastTakenAt: Date.now(), active: 0 };
      consumer.worker = this.startConsumer(consumer, this.redis);
      return consumer;
    });
    this.watchdog = setInterval(() => {
      for (const consumer of this.consumers) {
        this.checkConsumer(consumer).catch((error: unknown) => this.logger.warn({ err: error, prefix: consumer.shard.prefix }, 'worker watchdog: could not look at the queue'));
      }
    }, WATCHDOG_EVERY_MS);
    this.logger.info({ concurrency: this.config.WORKER_CONCURRENCY, shards: this.config.workerShards, of: this.queue.shards.length }, 'worker started');
  }

  private startConsumer(consumer: ShardConsumer, connection: RedisConnection): Worker {
    const worker = new Worker(STEP_QUEUE, (job, token) => this.processOrPutBack(consumer, job as Job, token), {
      connection,
      prefix: consumer.shard.prefix,
      concurrency: this.concurrency,
      lockDuration: this.config.WORKER_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(this.config.WORKER_LOCK_MS / 2)),
      maxStalledCount: 5,
    });
    worker.on('failed', (job, error) => {
      // Another worker executing the same step is expected after a lost lock: the job comes back later.
      if (error instanceof StepLeaseHeld) this.logger.debug({ jobId: job?.id }, 'job put back: its step is being executed by another worker');
      else this.logger.error({ jobId: job?.id, attempts: job?.attemptsMade, err: error }, 'job failed; the queue retries it');
    });
    worker.on('error', (error) => this.logger.error({ err: error, prefix: consumer.shard.prefix }, 'worker error'));
    return worker;
  }

  /**
   * A consumer whose blocking connection died without telling (seen after a Redis Cluster
   * master failed over: BullMQ's blocking read waits on a cluster client that closed) takes no
   * job again, while alarms fall due and the sweep re-arms them in vain. Every few seconds the
   * worker looks at each of its consumers: with nothing of its own running, no job taken for
   * `STUCK_AFTER_MS`, and jobs waiting or delayed jobs overdue in its shard, it starts a new
   * consumer of that shard on a new connection.
   */
  private async checkConsumer(consumer: ShardConsumer): Promise<void> {
    if (this.stopping || consumer.active > 0 || Date.now() - consumer.lastTakenAt < STUCK_AFTER_MS) return;
    const queue = consumer.shard.queue;
    const counts = await queue.getJobCounts('wait', 'prioritized');
    const [first] = await queue.getDelayed(0, 0);
    const overdue = first !== undefined && first.timestamp + (first.delay ?? 0) < Date.now() - STUCK_AFTER_MS;
    if ((counts.wait ?? 0) + (counts.prioritized ?? 0) === 0 && !overdue) return;
    if (this.stopping) return;
    this.logger.warn({ prefix: consumer.shard.prefix, waiting: counts.wait, overdue, idleMs: Date.now() - consumer.lastTakenAt }, 'the worker took no job while jobs are due: starting its consumer anew');
    const old = consumer.worker;
    consumer.worker = this.startConsumer(consumer, this.redis.duplicate());
    consumer.lastTakenAt = Date.now();
    // Not waited for: its blocking read may never end.
    old?.close(true).catch((error: unknown) => this.logger.warn({ err: error }, 'the stuck consumer did not close cleanly'));
  }

  /**
   * A job is not spent while its run can still move: one that failed because Postgres or Redis
   * is unreachable goes back to the queue, delayed, with its attempts untouched (BullMQ would
   * delete it after its last attempt). Other errors take BullMQ's retries; whatever is lost
   * anyway, the sweep rebuilds from Postgres.
   */
  private async processOrPutBack(consumer: ShardConsumer, job: Job, token: string | undefined): Promise<void> {
    consumer.lastTakenAt = Date.now();
    consumer.active++;
    try {
      await this.process(job);
    } catch (error) {
      if (!token || !isUnavailable(error, this.endpoints)) throw error;
      this.logger.warn({ jobId: job.id, err: error }, 'job put back: a dependency is unreachable');
      await job.moveToDelayed(Date.now() + UNAVAILABLE_RETRY_MS, token);
      throw new DelayedError();
    } finally {
      consumer.active--;
    }
  }

  private async process(job: Job): Promise<void> {
    const { name, data } = job as unknown as StepQueueJob;
    switch (name) {
      case 'step':
        return this.executor.runStep({ runId: data.r, nodeId: data.n, scope: data.s, attempt: data.a });
      case 'alarm':
        return data.c ? this.conversations.onInactivityAlarm(data.w) : this.executor.fireAlarm(data.w);
      case 'webhook':
        return this.inbound.processDelivery(data.d);
      case 'resume':
        return this.executor.resumeWaitpoint(data.w);
      case 'cron':
        return this.schedules.fire(data.f, tickOf(job.id, job.timestamp));
      case 'sweep':
        // Left by an earlier version's sweep scheduler: the SweepKeeper sweeps now.
        return;
      default:
        this.logger.warn({ name, jobId: job.id }, 'unknown job on the step queue');
    }
  }

  /** Before the HTTP server closes: no new job, and the steps in flight get SHUTDOWN_GRACE_MS to finish (every consumer at once). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    await Promise.all(this.consumers.map((consumer) => drainWorker(consumer.worker, this.config.SHUTDOWN_GRACE_MS, this.logger)));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.worker?.close(true)));
  }
}
