import { Queue, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { RedisConnection } from '../runtime/redis';
import { BASE_OPTIONS, BullJobQueue, STEP_QUEUE, shardKeyOf, type StepQueueJob } from './step-queue';

/** Jobs moved per page when a retired shard is emptied. */
const PAGE = 500;

/**
 * Where jobs may be, so that changing `QUEUE_SHARDS` loses none. A hash on `QUEUE_PREFIX`'s own
 * tag, `<prefix>:queues`, lists every shard queue some process puts jobs in, each with the last
 * time a worker said it consumes it (0: produced to only). Every process announces its layout
 * at start and then every sweep interval (one pipelined write). The sweep then `rehome`s: a
 * queue not in this process's layout that no worker has consumed for three sweep intervals is a
 * retired shard: its waiting, delayed and abandoned jobs move to their shard in this layout,
 * its schedulers go, and once empty it is deleted and forgotten. While an old layout's workers
 * still run (a rolling change of the count) their queues are consumed and left alone; an old
 * layout's API alone still producing is emptied every sweep. `QUEUE_PREFIX`'s own queue (the
 * one-shard layout) is always looked at, since versions before shards announced nothing.
 */
export class ShardRegistry {
  readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly queuePrefix: string,
    private readonly queue: BullJobQueue,
    /** The shard indexes this process consumes (none in the API role). */
    private readonly consumed: readonly number[],
    private readonly logger: Logger,
    /** How long a shard may go without a consumer saying so before it counts as retired. */
    private readonly retiredAfterMs: number,
  ) {
    this.key = `${queuePrefix}:queues`;
  }

  /** Says which queues this process puts jobs in and which it consumes (now). */
  async announce(): Promise<void> {
    const now = String(Date.now());
    const pipeline = this.redis.pipeline();
    for (const shard of this.queue.shards) {
      if (this.consumed.includes(shard.index)) pipeline.hset(this.key, shard.prefix, now);
      else pipeline.hsetnx(this.key, shard.prefix, '0');
    }
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  /**
   * Moves the jobs of every retired shard into this layout. Run by one sweep at a time. Returns
   * how many jobs moved and how many schedule clocks were stopped: the caller arms those again
   * in this layout (an old layout's API may have armed one since this process started).
   */
  async rehome(): Promise<{ moved: number; clocks: number }> {
    const known = await this.redis.hgetall(this.key);
    const current = new Set(this.queue.shards.map((shard) => shard.prefix));
    // A shard of this layout no worker consumes (WORKER_SHARDS leaving it out) keeps its jobs until one does.
    const idle = this.queue.shards.filter((shard) => Date.now() - Number(known[shard.prefix] ?? 0) >= this.retiredAfterMs).map((shard) => shard.index);
    if (idle.length > 0) this.logger.warn({ shards: idle, of: this.queue.shards.length }, 'no worker consumes these queue shards: their jobs wait until one does (see WORKER_SHARDS)');
    const total = { moved: 0, clocks: 0 };
    for (const [prefix, consumedAt] of Object.entries({ [this.queuePrefix]: '0', ...known })) {
      if (current.has(prefix) || Date.now() - Number(consumedAt) < this.retiredAfterMs) continue;
      const { moved, clocks } = await this.empty(prefix, prefix in known ? consumedAt : null);
      total.moved += moved;
      total.clocks += clocks;
    }
    return total;
  }

  /** `consumedAt`: as read from the registry (null: not in it). */
  private async empty(prefix: string, consumedAt: string | null): Promise<{ moved: number; clocks: number }> {
    // Nothing to look at (the usual case for QUEUE_PREFIX's own queue once sharded): one command.
    if ((await this.redis.exists(`${prefix}:${STEP_QUEUE}:meta`, `${prefix}:${STEP_QUEUE}:id`)) === 0) {
      await this.forget(prefix, consumedAt);
      return { moved: 0, clocks: 0 };
    }
    const retired = new Queue(STEP_QUEUE, { connection: this.redis, prefix });
    try {
      // Its clocks stop (the caller arms them in this layout); a tick missed meanwhile is fired by the sweep (a tick is one event id).
      const schedulers = await retired.getJobSchedulers();
      for (const scheduler of schedulers) await retired.removeJobScheduler(scheduler.key);
      let moved = 0;
      const stuck = new Set<string>();
      // Jobs still active were abandoned by a worker that died (no worker consumes this queue).
      for (const abandoned of [false, true]) {
        for (;;) {
          const page = await retired.getJobs(abandoned ? ['active'] : ['wait', 'prioritized', 'delayed'], 0, PAGE - 1, true);
          const jobs = page.filter((job): job is Job => !!job?.id && !stuck.has(job.id));
          if (jobs.length === 0) break;
          moved += await this.move(jobs, stuck, abandoned);
        }
      }
      const counts = await retired.getJobCounts('wait', 'prioritized', 'delayed', 'active', 'waiting-children', 'failed');
      const left = Object.values(counts).reduce((total, count) => total + count, 0);
      if (left === 0) {
        await retired.obliterate({ force: true });
        await this.redis.del(`${prefix}:sentinel`);
        await this.forget(prefix, consumedAt);
      }
      this.logger.info({ prefix, moved, clocks: schedulers.length, left }, left === 0 ? 'a retired queue shard was emptied and forgotten' : 'moved jobs out of a retired queue shard');
      return { moved, clocks: schedulers.length };
    } finally {
      await retired.close();
    }
  }

  /**
   * Adds each job to its shard in this layout (same name, data and id, what is left of its
   * delay), then removes it from the retired one: a crash in between leaves it in both, and a
   * job done twice is one the executor already tolerates (leases, conditional writes). An
   * `abandoned` (active) job is removed first and moved only if that worked: one whose lock a
   * worker still holds stays for a later sweep, and a crash in between leaves its run to the
   * sweep's reconciling of stalled runs. A job moved back into an earlier wait by a lost
   * dependency (`moveToDelayed`) keeps its original due time, so it may come sooner.
   */
  private async move(page: Job[], stuck: Set<string>, abandoned: boolean): Promise<number> {
    const remove = async (jobs: Job[]) => {
      const removed = await Promise.allSettled(jobs.map((job) => job.remove()));
      jobs.filter((_, index) => removed[index]!.status === 'rejected').forEach((job) => stuck.add(job.id!));
      return jobs.filter((_, index) => removed[index]!.status === 'fulfilled');
    };
    const jobs = abandoned ? await remove(page) : page;
    const now = Date.now();
    const byShard = new Map<Queue, Array<{ name: string; data: unknown; opts: typeof BASE_OPTIONS }>>();
    for (const job of jobs) {
      const key = shardKeyOf({ name: job.name, data: job.data } as StepQueueJob);
      if (key === null) continue;
      const target = this.queue.shardOf(key).queue;
      const delay = Math.max(0, job.timestamp + (job.delay ?? 0) - now);
      const adds = byShard.get(target) ?? [];
      adds.push({ name: job.name, data: job.data, opts: { ...BASE_OPTIONS, jobId: job.id, delay, lifo: job.opts.lifo } });
      byShard.set(target, adds);
    }
    for (const [target, adds] of byShard) await target.addBulk(adds);
    return (abandoned ? jobs : await remove(jobs)).length;
  }

  /** Drops a retired queue from the registry unless a consumer announced it meanwhile. */
  private async forget(prefix: string, consumedAt: string | null): Promise<void> {
    if (consumedAt !== null && (await this.redis.hget(this.key, prefix)) === consumedAt) await this.redis.hdel(this.key, prefix);
  }
}
