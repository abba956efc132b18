import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, role: 'all', WORKER_CONCURRENCY: 50, PUBLIC_URL: 'http://localhost:3000', RETENTION_DAYS: 30 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEFAULT_PHONE_COUNTRY).toBeUndefined();
  });

  it('reads and normalises values', () => {
    expect(loadConfig({ PORT: '8080', ROLE: 'worker', DEFAULT_PHONE_COUNTRY: 'de', WORKER_CONCURRENCY: '8' })).toMatchObject({
      PORT: 8080,
      role: 'worker',
      DEFAULT_PHONE_COUNTRY: 'DE',
      WORKER_CONCURRENCY: 8,
      PUBLIC_URL: 'http://localhost:8080',
    });
    expect(loadConfig({ PORT: '8080', PUBLIC_URL: 'https://flows.example.com' }).PUBLIC_URL).toBe('https://flows.example.com');
  });

  it('names every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'http', ROLE: 'boss', DEFAULT_PHONE_COUNTRY: 'Germany' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'http', ROLE: 'boss', DEFAULT_PHONE_COUNTRY: 'Germany' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/ROLE/);
      expect((error as Error).message).toMatch(/DEFAULT_PHONE_COUNTRY must be an ISO 3166 alpha-2 code/);
    }
  });

  it('reads OUTBOUND_ALLOW as a list of hosts, empty when unset', () => {
    expect(loadConfig({}).OUTBOUND_ALLOW).toEqual([]);
    expect(loadConfig({ OUTBOUND_ALLOW: '' }).OUTBOUND_ALLOW).toEqual([]);
    expect(loadConfig({ OUTBOUND_ALLOW: ' localhost:11434, 10.0.0.5,*.internal.example.com,[::1]:8080 ' }).OUTBOUND_ALLOW).toEqual(['localhost:11434', '10.0.0.5', '*.internal.example.com', '[::1]:8080']);
    expect(() => loadConfig({ OUTBOUND_ALLOW: 'http://localhost:11434' })).toThrow(/OUTBOUND_ALLOW/);
  });

  it('reads a Redis Cluster from REDIS_CLUSTER_NODES, with the first entry\'s credentials and TLS for every node', () => {
    expect(loadConfig({}).REDIS_CLUSTER_NODES).toBeUndefined();
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.2:7001, 10.0.0.1:7000' }).REDIS_CLUSTER_NODES).toEqual({
      nodes: [
        { host: '10.0.0.2', port: 7001 },
        { host: '10.0.0.1', port: 7000 },
      ],
      username: undefined,
      password: undefined,
      tls: false,
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'rediss://default:s%40cret@redis.example.com:6379,[::1]:7000' }).REDIS_CLUSTER_NODES).toEqual({
      nodes: [
        { host: 'redis.example.com', port: 6379 },
        { host: '::1', port: 7000 },
      ],
      username: 'default',
      password: 's@cret',
      tls: true,
    });
  });

  it('refuses a cluster node without a port, and a queue prefix without a hash tag on a cluster', () => {
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1' })).toThrow(/REDIS_CLUSTER_NODES: "10.0.0.1" has no port/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'http://10.0.0.1:80' })).toThrow(/neither host:port nor a redis:\/\//);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', QUEUE_PREFIX: 'switchboard' })).toThrow(/QUEUE_PREFIX: on a Redis Cluster it must carry a hash tag/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', QUEUE_PREFIX: 'a{}b' })).toThrow(/hash tag/);
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', QUEUE_PREFIX: '{acme}' }).QUEUE_PREFIX).toBe('{acme}');
    // A single Redis takes any prefix, as before.
    expect(loadConfig({ QUEUE_PREFIX: 'switchboard' }).QUEUE_PREFIX).toBe('switchboard');
  });

  it('reads the Postgres pool size and the pooler in front of Postgres, naming the field when wrong', () => {
    expect(loadConfig({})).toMatchObject({ PG_POOL_SIZE: 20, PG_POOLER: 'none' });
    expect(loadConfig({ PG_POOL_SIZE: '5', PG_POOLER: 'transaction' })).toMatchObject({ PG_POOL_SIZE: 5, PG_POOLER: 'transaction' });
    expect(() => loadConfig({ PG_POOL_SIZE: '0' })).toThrow(/PG_POOL_SIZE: PG_POOL_SIZE must be at least 1/);
    expect(() => loadConfig({ PG_POOL_SIZE: '2.5' })).toThrow(/PG_POOL_SIZE: PG_POOL_SIZE must be a whole number/);
    expect(() => loadConfig({ PG_POOL_SIZE: 'ten' })).toThrow(/PG_POOL_SIZE: PG_POOL_SIZE must be a number of connections/);
    expect(() => loadConfig({ PG_POOLER: 'pgbouncer' })).toThrow(/PG_POOLER: PG_POOLER must be none or transaction/);
  });

  it('reads QUEUE_SHARDS (one by default) and WORKER_SHARDS (every shard by default)', () => {
    expect(loadConfig({})).toMatchObject({ QUEUE_SHARDS: 1, workerShards: [0] });
    expect(loadConfig({ QUEUE_SHARDS: '6' })).toMatchObject({ QUEUE_SHARDS: 6, workerShards: [0, 1, 2, 3, 4, 5] });
    expect(loadConfig({ QUEUE_SHARDS: '6', WORKER_SHARDS: '4-5, 0,1-2,1' }).workerShards).toEqual([0, 1, 2, 4, 5]);
  });

  it('refuses shard settings that cannot work, naming the variable', () => {
    expect(() => loadConfig({ QUEUE_SHARDS: '0' })).toThrow(/QUEUE_SHARDS/);
    expect(() => loadConfig({ QUEUE_SHARDS: '65' })).toThrow(/QUEUE_SHARDS/);
    expect(() => loadConfig({ QUEUE_SHARDS: '2.5' })).toThrow(/QUEUE_SHARDS/);
    expect(() => loadConfig({ QUEUE_SHARDS: '6', WORKER_SHARDS: '6' })).toThrow(/WORKER_SHARDS: shard 6 does not exist; QUEUE_SHARDS is 6/);
    expect(() => loadConfig({ QUEUE_SHARDS: '6', WORKER_SHARDS: '3-1' })).toThrow(/WORKER_SHARDS: the range "3-1" ends before it starts/);
    expect(() => loadConfig({ QUEUE_SHARDS: '6', WORKER_SHARDS: 'first' })).toThrow(/WORKER_SHARDS: "first"/);
    expect(() => loadConfig({ QUEUE_SHARDS: '6', WORKER_SHARDS: ',' })).toThrow(/WORKER_SHARDS names no shard/);
    // Each shard's hash tag is derived from the prefix's.
    expect(() => loadConfig({ QUEUE_SHARDS: '2', QUEUE_PREFIX: 'switchboard' })).toThrow(/QUEUE_PREFIX: with QUEUE_SHARDS above 1 it must carry a hash tag/);
    expect(loadConfig({ QUEUE_SHARDS: '1', QUEUE_PREFIX: 'switchboard' }).QUEUE_SHARDS).toBe(1);
  });

  it('spreads the queue over the masters of a Redis Cluster unless told otherwise', () => {
    const cluster = { REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001' };
    expect(loadConfig(cluster)).toMatchObject({ QUEUE_SHARDS: 6, workerShards: [0, 1, 2, 3, 4, 5] });
    expect(loadConfig({ ...cluster, QUEUE_SHARDS: '3' })).toMatchObject({ QUEUE_SHARDS: 3, workerShards: [0, 1, 2] });
    expect(loadConfig({ ...cluster, QUEUE_SHARDS: '1' }).QUEUE_SHARDS).toBe(1);
  });
});
