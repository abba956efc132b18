import { Cluster, Redis, type RedisOptions } from 'ioredis';
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

/**
 * ioredis options. Every connection gives up connecting after `REDIS_CONNECT_TIMEOUT_MS` and
 * keeps reconnecting. `maxRetriesPerRequest: null` (BullMQ requires it where it blocks) would
 * let a command wait for ever while Redis is unreachable, so the `commands` connection also
 * bounds every command by `REDIS_COMMAND_TIMEOUT_MS`: a partition fails the request instead of
 * hanging it. A `blocking` connection (a BullMQ worker's) must not: BZPOPMIN waits for jobs
 * longer than that by design.
 */
function redisOptions(config: RedisConfig, kind: 'commands' | 'blocking'): RedisOptions {
  return {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: config.REDIS_CONNECT_TIMEOUT_MS,
    ...(kind === 'commands' ? { commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS } : { lazyConnect: true }),
  };
}

type RedisConfig = Pick<EngineConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_CONNECT_TIMEOUT_MS' | 'REDIS_COMMAND_TIMEOUT_MS'>;

/** Connects to the Redis the configuration names: the cluster of `REDIS_CLUSTER_NODES` when set, else `REDIS_URL`. */
export function connectRedis(config: RedisConfig, kind: 'commands' | 'blocking' = 'commands'): RedisConnection {
  const cluster = config.REDIS_CLUSTER_NODES;
  if (!cluster) return new Redis(config.REDIS_URL!, redisOptions(config, kind));
  return new Cluster(cluster.nodes, {
    // A master that fails is replaced by its replica after the cluster's node timeout (15 s by
    // default) plus an election. A command to its slots retries until then, refreshing the slot
    // map each time, instead of failing after ioredis's default 16 tries 100 ms apart (seen in
    // the failover test: workers' scripts failed with "Too many Cluster redirections").
    retryDelayOnFailover: FAILOVER_RETRY_MS,
    maxRedirections: Math.ceil(FAILOVER_RIDE_THROUGH_MS / FAILOVER_RETRY_MS),
    // The worker's connection connects like the others here: that is how it was proven to ride
    // out a failover (BullMQ duplicates it for its blocking reads either way).
    redisOptions: { ...redisOptions(config, kind), lazyConnect: false, username: cluster.username, password: cluster.password, ...(cluster.tls ? { tls: {} } : {}) },
    // A TLS certificate names hosts: keep the names the cluster announces rather than their addresses.
    ...(cluster.tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
  });
}
