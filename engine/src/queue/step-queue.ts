import { Queue, type JobsOptions } from 'bullmq';
import { Batcher } from '../execution/batcher';
import type { JobQueue } from '../execution/ports';
import type { StepJob } from '../execution/types';
import type { QueueCounts } from '../runtime/metrics';
import type { RedisConnection } from '../runtime/redis';
import { shardIndex, shardLayout, type QueueShard } from './shards';

export const STEP_QUEUE = 'steps';

/** Job names and payloads on the step queue. Payloads carry ids only; the worker loads the rest. */
export type StepQueueJob =
  | { name: 'step'; data: { r: string; n: string; s: string; a: number } }
  | { name: 'alarm'; data: { w: string; c?: boolean } }
  | { name: 'webhook'; data: { d: string } }
  | { name: 'resume'; data: { w: string } }
  | { name: 'cron'; data: { f: string } }
  | { name: 'sweep'; data: Record<string, never> };

/** Job ids are derived from what the job does, so adding the same work twice adds one job. */
export function stepJobId(job: StepJob): string {
  return ['s', job.runId, job.nodeId, job.scope, String(job.attempt)].map(encodeURIComponent).join('.');
}

/** An alarm per wake-up time: a conversation's timer moves later with each message, and its old alarm must not stand in for the new one. */
export function alarmJobId(waitpointId: string, wakeAt: Date): string {
  return `w.${waitpointId}.${wakeAt.getTime()}`;
}

/**
 * Jobs are removed when they complete or finally fail: the truth lives in Postgres, and a
 * removed id can be armed again by the sweep. A job fails only on infrastructure errors
 * (a lost database connection); BullMQ retries those.
 */
export const BASE_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
};

/**
 * What decides a job's shard: a step's run (a run's steps stay together), an alarm's or a
 * resume's waitpoint (the one id every path that arms it knows: the step that waits, the sweep
 * reading Postgres, a conversation), a webhook's delivery, a schedule's flow. Null for a job
 * that belongs nowhere (an old version's sweep).
 */
export function shardKeyOf(job: StepQueueJob): string | null {
  switch (job.name) {
    case 'step':
      return job.data.r;
    case 'alarm':
    case 'resume':
      return job.data.w;
    case 'webhook':
      return job.data.d;
    case 'cron':
      return job.data.f;
    default:
      return null;
  }
}

type QueuedJob = { name: string; data: unknown; opts: JobsOptions };

/** One shard: its queue and the batcher that pipelines its adds. */
export interface StepQueueShard extends QueueShard {
  queue: Queue;
  adds: Batcher<QueuedJob, null>;
}

/**
 * The BullMQ side of the execution core's `JobQueue`, over the shards of `QUEUE_SHARDS` (see
 * `shardLayout`): each job goes to the shard of its `shardKeyOf`, and each shard's adds are
 * batched into pipelines of their own, so a job costs no more round trips than with one queue.
 */
export class BullJobQueue implements JobQueue {
  readonly shards: StepQueueShard[];

  constructor(
    private readonly connection: RedisConnection,
    prefix: string,
    count: number,
    observe?: (size: number, seconds: number) => void,
  ) {
    this.shards = shardLayout(prefix, count).map((shard) => {
      const queue = new Queue(STEP_QUEUE, { connection, prefix: shard.prefix });
      const adds = new Batcher<QueuedJob, null>(
        async (jobs) => {
          await queue.addBulk(jobs);
          return jobs.map(() => null);
        },
        { maxBatch: 500, observe },
      );
      return { ...shard, queue, adds };
    });
  }

  /** The shard holding the jobs keyed by `key` (see `shardKeyOf`). */
  shardOf(key: string): StepQueueShard {
    return this.shards[shardIndex(key, this.shards.length)]!;
  }

  /** Every shard's queue (the queue board's). */
  get queues(): Queue[] {
    return this.shards.map((shard) => shard.queue);
  }

  async enqueueSteps(jobs: StepJob[], options: { continuation: boolean }): Promise<void> {
    await Promise.all(
      jobs.map((job) =>
        this.shardOf(job.runId).adds.add({
          name: 'step',
          data: { r: job.runId, n: job.nodeId, s: job.scope, a: job.attempt },
          // Steps of runs under way jump the line: a burst of new runs must not starve them.
          opts: { ...BASE_OPTIONS, jobId: stepJobId(job), lifo: options.continuation },
        }),
      ),
    );
  }

  async armAlarm(waitpointId: string, wakeAt: Date, target: 'run' | 'conversation' = 'run'): Promise<void> {
    await this.shardOf(waitpointId).adds.add({
      name: 'alarm',
      data: target === 'conversation' ? { w: waitpointId, c: true } : { w: waitpointId },
      opts: { ...BASE_OPTIONS, jobId: alarmJobId(waitpointId, wakeAt), delay: Math.max(0, wakeAt.getTime() - Date.now()) },
    });
  }

  /** Resumes the step of a waitpoint resolved by an event (a reply), in a worker. */
  async enqueueResume(waitpointId: string): Promise<void> {
    await this.shardOf(waitpointId).adds.add({ name: 'resume', data: { w: waitpointId }, opts: { ...BASE_OPTIONS, jobId: `r.${waitpointId}`, lifo: true } });
  }

  /** Processes a stored webhook delivery in a worker. */
  async enqueueWebhook(deliveryId: string): Promise<void> {
    await this.shardOf(deliveryId).adds.add({ name: 'webhook', data: { d: deliveryId }, opts: { ...BASE_OPTIONS, jobId: `d.${deliveryId}` } });
  }

  /**
   * Every shard's jobs by state, summed, for `/metrics`. Refused at once while the connection
   * is not ready: a command would wait in ioredis' offline queue.
   */
  async counts(): Promise<QueueCounts> {
    if (this.connection.status !== 'ready') throw new Error(`redis connection is ${this.connection.status}`);
    const all = await Promise.all(this.queues.map((queue) => queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed')));
    const sum = (state: string) => all.reduce((total, counts) => total + (counts[state] ?? 0), 0);
    return { waiting: sum('wait'), prioritized: sum('prioritized'), active: sum('active'), delayed: sum('delayed'), failed: sum('failed') };
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
