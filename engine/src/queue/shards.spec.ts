import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keySlot, shardIndex, shardLayout, SLOTS } from './shards';

describe('keySlot', () => {
  it("is Redis Cluster's CLUSTER KEYSLOT, hash tags included", () => {
    // The figures Redis's own documentation gives for CLUSTER KEYSLOT.
    expect(keySlot('somekey')).toBe(11058);
    expect(keySlot('foo{hash_tag}')).toBe(2515);
    expect(keySlot('bar{hash_tag}')).toBe(2515);
    // An empty tag is no tag: the whole key is hashed.
    expect(keySlot('{}foo')).not.toBe(keySlot('{}bar'));
    expect(keySlot('{switchboard}:steps:wait')).toBe(keySlot('switchboard'));
  });
});

describe('shardLayout', () => {
  it('keeps one shard under QUEUE_PREFIX itself, as before shards', () => {
    expect(shardLayout('{switchboard}', 1)).toEqual([{ index: 0, prefix: '{switchboard}' }]);
    expect(shardLayout('switchboard', 1)).toEqual([{ index: 0, prefix: 'switchboard' }]);
  });

  it("derives each shard's tag from the prefix's, its slot in the middle half of the shard's slice of the slots", () => {
    for (const count of [2, 3, 6, 12, 64]) {
      const shards = shardLayout('app:{switchboard}:x', count);
      expect(shards.map((shard) => shard.index)).toEqual([...Array(count).keys()]);
      for (const shard of shards) {
        expect(shard.prefix).toMatch(new RegExp(`^app:\\{switchboard\\.${shard.index}of${count}\\.\\d+\\}:x$`));
        const width = SLOTS / count;
        const slot = keySlot(`${shard.prefix}:steps:wait`);
        expect(slot).toBeGreaterThanOrEqual(shard.index * width + width / 4);
        expect(slot).toBeLessThan((shard.index + 1) * width - width / 4);
      }
    }
  });

  it('puts six shards two on each master of a three-master cluster split as redis-cli splits it', () => {
    const masters = [[0, 5460], [5461, 10922], [10923, 16383]];
    const owners = shardLayout('{switchboard}', 6).map((shard) => masters.findIndex(([first, last]) => keySlot(shard.prefix) >= first! && keySlot(shard.prefix) <= last!));
    expect(owners).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('gives two layouts no queue in common, and is the same every time', () => {
    const six = shardLayout('{switchboard}', 6).map((shard) => shard.prefix);
    const two = shardLayout('{switchboard}', 2).map((shard) => shard.prefix);
    expect(six.filter((prefix) => two.includes(prefix) || prefix === '{switchboard}')).toEqual([]);
    expect(shardLayout('{switchboard}', 6).map((shard) => shard.prefix)).toEqual(six);
  });

  it('refuses to derive shards from a prefix without a hash tag', () => {
    expect(() => shardLayout('switchboard', 2)).toThrow(/hash tag/);
  });
});

describe('shardIndex', () => {
  it('is stable: the same key, the same shard', () => {
    // Fixed values (FNV-1a of "a" is 0xe40c292c, of "" 0x811c9dc5): every process and every
    // version must agree on where a run's jobs are.
    expect([shardIndex('a', 6), shardIndex('run-1', 6), shardIndex('', 6)]).toEqual([4, 4, 1]);
    expect(shardIndex('anything', 1)).toBe(0);
  });

  it('spreads run ids over every shard, near evenly', () => {
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[shardIndex(randomUUID(), 6)]!++;
    for (const count of counts) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });
});
