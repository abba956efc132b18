import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import { StepExecutor } from '../execution/step-executor';
import { Sweeper } from '../execution/sweeper';
import type { RedisConnection } from '../runtime/redis';
import { CONFIG, LOGGER, REDIS } from '../runtime/tokens';
import { ConversationsService } from '../modules/conversations/conversations.service';
import { InboundProcessor } from '../modules/webhooks/inbound-processor';
import { WebhookSweeper } from '../modules/webhooks/webhook-sweeper';
import { SchedulesService, tickOf } from '../modules/schedules/schedules.service';
import { BullJobQueue, STEP_QUEUE, type StepQueueJob } from './step-queue';

/**
 * The worker role: takes step, alarm and sweep jobs off the queue. Any number of these run
 * against one Postgres and one Redis; BullMQ hands each job to one of them, and a job held by
 * a worker that died comes back after `WORKER_LOCK_MS`.
 */
@Injectable()
export class StepWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;

  constructor(
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) private readonly redis: RedisConnection,
    private readonly executor: StepExecutor,
    private readonly sweeper: Sweeper,
    private readonly queue: BullJobQueue,
    private readonly conversations: ConversationsService,
    private readonly inbound: InboundProcessor,
    private readonly webhooks: WebhookSweeper,
    private readonly schedules: SchedulesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker(STEP_QUEUE, (job) => this.process(job as Job), {
      connection: this.redis,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.config.WORKER_CONCURRENCY,
      lockDuration: this.config.WORKER_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(this.config.WORKER_LOCK_MS / 2)),
      maxStalledCount: 5,
    });
    this.worker.on('failed', (job, error) => this.logger.error({ jobId: job?.id, err: error }, 'job failed on an infrastructure error'));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'worker error'));
    // One sweep scheduler for all workers; a start-up sweep catches up after downtime.
    await this.queue.queue.upsertJobScheduler('sweep', { every: this.config.SWEEP_INTERVAL_MS }, { name: 'sweep', data: {} });
    void Promise.all([this.sweeper.sweep(), this.webhooks.sweep(), this.schedules.reconcile()]).catch((error: unknown) => this.logger.error({ err: error }, 'start-up sweep failed'));
    this.logger.info({ concurrency: this.config.WORKER_CONCURRENCY }, 'worker started');
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
        await this.sweeper.sweep();
        await this.webhooks.sweep();
        return;
      default:
        this.logger.warn({ name, jobId: job.id }, 'unknown job on the step queue');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
