import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * The machine's ceiling: BullMQ alone running `chains` chains of 3 jobs (each job enqueues the
 * next when it runs), with the engine's concurrency, nothing stored anywhere else. Returns
 * chains per second from the first add to the last job done.
 */
export async function rawBullmqChains(redisUrl: string, prefix: string, chains: number, concurrency: number): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw-chain', { connection, prefix });
  let finished = 0;
  let done!: () => void;
  const allDone = new Promise<void>((resolve) => (done = resolve));
  const worker = new Worker(
    'raw-chain',
    async (job) => {
      const { chain, link } = job.data as { chain: number; link: number };
      if (link < 3) await queue.add('link', { chain, link: link + 1 }, { removeOnComplete: true, lifo: true });
      else if (++finished === chains) done();
    },
    { connection, prefix, concurrency },
  );
  await worker.waitUntilReady();
  const start = performance.now();
  for (let i = 0; i < chains; i += 500) {
    const batch = Array.from({ length: Math.min(500, chains - i) }, (_, k) => ({ name: 'link', data: { chain: i + k, link: 1 }, opts: { removeOnComplete: true } }));
    await queue.addBulk(batch);
  }
  await allDone;
  const seconds = (performance.now() - start) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return chains / seconds;
}
