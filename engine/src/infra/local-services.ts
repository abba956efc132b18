import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineConfig } from '../config/config';
import { dataDir } from './data-dir';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startPrivateRedis } from './private-redis';

export interface LocalServices {
  config: EngineConfig;
  stop(): Promise<void>;
}

/**
 * The one-machine defaults: with `DATABASE_URL` unset an embedded PostgreSQL, with
 * `REDIS_URL` and `REDIS_CLUSTER_NODES` unset a private redis-server, with `ENCRYPTION_KEY`
 * unset a key generated once; all under the data directory. Returns the config with those
 * filled in.
 */
export async function ensureLocalServices(config: EngineConfig, log: (message: string) => void): Promise<LocalServices> {
  const stops: Array<() => Promise<void>> = [];
  const resolved = { ...config };
  const needsRedis = !config.REDIS_URL && !config.REDIS_CLUSTER_NODES;
  const needsDir = !config.DATABASE_URL || needsRedis || !config.ENCRYPTION_KEY;
  const dir = needsDir ? dataDir(config.DATA_DIR) : '';
  // Once, in reverse order of start, however many paths of exit ask for it.
  let stopped: Promise<void> | undefined;
  const stopAll = () =>
    (stopped ??= (async () => {
      for (const stop of [...stops].reverse()) await stop().catch(() => {});
    })());
  try {
    if (!config.DATABASE_URL) {
      const postgres = await startEmbeddedPostgres(dir, log);
      resolved.DATABASE_URL = postgres.url;
      stops.push(postgres.stop);
      log(`using the embedded PostgreSQL in ${join(dir, 'postgres')}`);
    }
    if (needsRedis) {
      const redis = await startPrivateRedis(dir, log);
      resolved.REDIS_URL = redis.url;
      stops.push(redis.stop);
    }
  } catch (error) {
    // PostgreSQL started but Redis could not: stop what did start.
    await stopAll();
    throw error;
  }
  if (!config.ENCRYPTION_KEY) {
    const keyPath = join(dir, 'encryption.key');
    if (!existsSync(keyPath)) writeFileSync(keyPath, randomBytes(32).toString('base64url'), { mode: 0o600 });
    resolved.ENCRYPTION_KEY = readFileSync(keyPath, 'utf8').trim();
  }
  return {
    config: resolved,
    stop: stopAll,
  };
}
