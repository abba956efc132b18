import { Queue, type JobsOptions } from 'bullmq';
import { Batcher } from '../execution/batcher';
import type { JobQueue } from '../execution/ports';
import type { StepJob } from '../execution/types';
import type { QueueCounts } from '../runtime/metrics';
import type { RedisConnection } from '../runtime/redis';

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
const BASE_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
};

/** The BullMQ side of the execution core's `JobQueue`; adds are batched into pipelines. */
export class BullJobQueue implements JobQueue {
  readonly queue: Queue;
  private readonly adds: Batcher<{ name: string; data: unknown; opts: JobsOptions }, null>;

  constructor(
    private readonly connection: RedisConnection,
    prefix: string,
    observe?: (size: number, seconds: number) => void,
  ) {
    this.queue = new Queue(STEP_QUEUE, { connection, prefix });
    this.adds = new Batcher(
      async (jobs) => {
        await this.queue.addBulk(jobs);
        return jobs.map(() => null);
      },
      { maxBatch: 500, observe },
    );
  }

  async enqueueSteps(jobs: StepJob[], options: { continuation: boolean }): Promise<void> {
    await Promise.all(
      jobs.map((job) =>
        this.adds.add({
          name: 'step',
          data: { r: job.runId, n: job.nodeId, s: job.scope, a: job.attempt },
          // Steps of runs under way jump the line: a burst of new runs must not starve them.
          opts: { ...BASE_OPTIONS, jobId: stepJobId(job), lifo: options.continuation },
        }),
      ),
    );
  }

  async armAlarm(waitpointId: string, wakeAt: Date, target: 'run' | 'conversation' = 'run'): Promise<void> {
    await this.adds.add({
      name: 'alarm',
      data: target === 'conversation' ? { w: waitpointId, c: true } : { w: waitpointId },
      opts: { ...BASE_OPTIONS, jobId: alarmJobId(waitpointId, wakeAt), delay: Math.max(0, wakeAt.getTime() - Date.now()) },
    });
  }

  /** Resumes the step of a waitpoint resolved by an event (a reply), in a worker. */
  async enqueueResume(waitpointId: string): Promise<void> {
    await this.adds.add({ name: 'resume', data: { w: waitpointId }, opts: { ...BASE_OPTIONS, jobId: `r.${waitpointId}`, lifo: true } });
  }

  /** Processes a stored webhook delivery in a worker. */
  async enqueueWebhook(deliveryId: string): Promise<void> {
    await this.adds.add({ name: 'webhook', data: { d: deliveryId }, opts: { ...BASE_OPTIONS, jobId: `d.${deliveryId}` } });
  }

  /**
   * The queue's jobs by state, for `/metrics`. Refused at once while the connection is not
   * ready: a command would wait in ioredis' offline queue.
   */
  async counts(): Promise<QueueCounts> {
    if (this.connection.status !== 'ready') throw new Error(`redis connection is ${this.connection.status}`);
    const counts = await this.queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
    return { waiting: counts.wait ?? 0, prioritized: counts.prioritized ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
