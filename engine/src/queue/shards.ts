/**
 * The layout of the step queue's shards. One shard is the queue as it always was, under
 * `QUEUE_PREFIX` itself. With `QUEUE_SHARDS` = N > 1 there are N queues, each under a prefix of
 * its own whose hash tag is derived from `QUEUE_PREFIX`'s, `{switchboard}` → `{switchboard.3of6.17}`:
 * shard 3 of 6, and the first nonce (17) whose tag's Redis Cluster slot falls in the middle half
 * of the 4th of six equal slices of the 16,384 slots. A cluster's masters own contiguous, equal
 * ranges of slots (`redis-cli --cluster create` splits them so), so six shards sit two on each of
 * three masters by construction, not by luck (six random tags miss one of three masters about
 * a quarter of the time), and the middle half leaves room for boundaries a few slots off.
 * The count is in the tag: two layouts never share a queue, so a job found in a queue of another
 * layout is a job to move (see `ShardRegistry`).
 */
export interface QueueShard {
  index: number;
  /** The BullMQ prefix of this shard's queue. */
  prefix: string;
}

export const SLOTS = 16_384;

/** The shards of `count` under `queuePrefix` (which must carry a hash tag when `count` > 1; the configuration checks it). */
export function shardLayout(queuePrefix: string, count: number): QueueShard[] {
  if (count === 1) return [{ index: 0, prefix: queuePrefix }];
  const open = queuePrefix.indexOf('{');
  const close = queuePrefix.indexOf('}', open + 1);
  if (open < 0 || close <= open + 1) throw new Error(`QUEUE_PREFIX "${queuePrefix}" carries no hash tag to derive ${count} shards from`);
  const tag = queuePrefix.slice(open + 1, close);
  return Array.from({ length: count }, (_, index) => {
    const width = SLOTS / count;
    const low = index * width + width / 4;
    const high = (index + 1) * width - width / 4;
    for (let nonce = 0; ; nonce++) {
      const candidate = `${tag}.${index}of${count}.${nonce}`;
      const slot = keySlot(candidate);
      if (slot >= low && slot < high) return { index, prefix: `${queuePrefix.slice(0, open + 1)}${candidate}${queuePrefix.slice(close)}` };
    }
  });
}

/**
 * The shard of a job keyed by `key` (a run id for its steps, a waitpoint id for its alarm or
 * resume, a delivery id, a flow id for its schedule): FNV-1a, stable across processes and
 * versions, so every process puts a key's jobs in one shard and a job id stays unique there.
 */
export function shardIndex(key: string, count: number): number {
  if (count === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * The Redis Cluster slot of a key: CRC16 (XMODEM) of its hash tag (the text between the first
 * `{` and the next `}`, if not empty) or of the whole key, modulo 16,384 — the cluster
 * specification's function, as `CLUSTER KEYSLOT` answers it. Written out rather than imported:
 * ioredis's own `cluster-key-slot` ships no types, and this is all of it that is needed.
 */
export function keySlot(key: string): number {
  const bytes = Buffer.from(hashedPart(key));
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % SLOTS;
}

function hashedPart(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}
