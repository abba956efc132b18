/** Injection tokens for what the runtime module provides (values, not classes). */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
/** The Redis connection (one server or a cluster: `RedisConnection`) BullMQ queues and pub/sub share. Its commands time out (`REDIS_COMMAND_TIMEOUT_MS`): never block on it. */
export const REDIS = Symbol('REDIS');
/** The template of BullMQ workers' connections, which block (BZPOPMIN): no command timeout. Never connects itself; BullMQ duplicates it. */
export const BLOCKING_REDIS = Symbol('BLOCKING_REDIS');
/** The pg pool under TypeORM's DataSource, for the executor's batched statements. */
export const PG_POOL = Symbol('PG_POOL');
export const CATALOG = Symbol('CATALOG');
export const CLOCK = Symbol('CLOCK');
/** The engine's tracing (`EngineTracing`): OpenTelemetry when the OTEL_* variables turn it on, else a no-op. */
export const TRACING = Symbol('TRACING');
