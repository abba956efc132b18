import { Cluster, Redis } from 'ioredis';
import type { EngineConfig } from '../config/config';

/**
 * A connection to the engine's Redis: a single server or a Redis Cluster. Both speak the same
 * commands, BullMQ takes either, and every key the engine writes carries the queue prefix's
 * hash tag, so no command or script spans two cluster slots. Callers never ask which it is.
 */
export type RedisConnection = Redis | Cluster;

/** How long a command waits for a failed master's replica to take over, and how often it looks. */
const FAILOVER_RIDE_THROUGH_MS = 30_000;
const FAILOVER_RETRY_MS = 250;

/** Connects to the Redis the configuration names: the cluster of `REDIS_CLUSTER_NODES` when set, else `REDIS_URL`. */
export function connectRedis(config: Pick<EngineConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>): RedisConnection {
  // BullMQ needs maxRetriesPerRequest null on connections that block (a worker's duplicate).
  const cluster = config.REDIS_CLUSTER_NODES;
  if (!cluster) return new Redis(config.REDIS_URL!, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  return new Cluster(cluster.nodes, {
    // A master that fails is replaced by its replica after the cluster's node timeout (15 s by
    // default) plus an election. A command to its slots retries until then, refreshing the slot
    // map each time, instead of failing after ioredis's default 16 tries 100 ms apart (seen in
    // the failover test: workers' scripts failed with "Too many Cluster redirections").
    retryDelayOnFailover: FAILOVER_RETRY_MS,
    maxRedirections: Math.ceil(FAILOVER_RIDE_THROUGH_MS / FAILOVER_RETRY_MS),
    redisOptions: { maxRetriesPerRequest: null, username: cluster.username, password: cluster.password, ...(cluster.tls ? { tls: {} } : {}) },
    // A TLS certificate names hosts: keep the names the cluster announces rather than their addresses.
    ...(cluster.tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
  });
}
