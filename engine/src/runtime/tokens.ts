/** Injection tokens for what the runtime module provides (values, not classes). */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
/** The Redis connection (a `RedisConnection`: one server or a cluster) BullMQ queues and pub/sub share. */
export const REDIS = Symbol('REDIS');
/** The pg pool under TypeORM's DataSource, for the executor's batched statements. */
export const PG_POOL = Symbol('PG_POOL');
export const CATALOG = Symbol('CATALOG');
export const CLOCK = Symbol('CLOCK');
