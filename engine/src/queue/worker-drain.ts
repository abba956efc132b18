import type { Worker } from 'bullmq';
import type { Logger } from 'pino';

/**
 * A graceful stop of a BullMQ worker: it takes no new job at once, the jobs in flight get
 * `graceMs` to finish, then the worker closes without waiting for the rest. A job cut off so
 * is not lost: its lock is no longer renewed, and another worker takes it over once the lock
 * expires (its step finds what was stored and goes on from there).
 */
export async function drainWorker(worker: Worker | undefined, graceMs: number, logger: Logger): Promise<void> {
  if (!worker) return;
  let timer: NodeJS.Timeout | undefined;
  const finished = await Promise.race([
    worker.pause().then(
      () => true,
      (error: unknown) => {
        logger.warn({ err: error }, 'the worker could not pause cleanly');
        return false;
      },
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  if (finished) logger.info('the steps in flight finished; the worker stops');
  else logger.warn({ graceMs }, 'steps were still running when the shutdown grace period ended; their jobs return to the queue when their locks expire');
  await worker.close(true).catch((error: unknown) => logger.warn({ err: error }, 'the worker did not close cleanly'));
}
