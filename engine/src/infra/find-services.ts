import { join } from 'node:path';
import { Client } from 'pg';
import { dataDir } from './data-dir';
import { startEmbeddedPostgres } from './embedded-postgres';
import { isPortOpen } from './ports';
import { startPrivateRedis } from './private-redis';

/**
 * The Postgres and Redis the tests and the benchmark use, found the way the README says:
 * `DATABASE_URL` and `REDIS_URL` when set, else the local servers on 5432 and 6379, else an
 * embedded Postgres and a private redis-server under `.data/test`. `adminUrl` points at a
 * server where databases can be created; callers use databases and key prefixes of their own.
 */
export async function findServices(log: (message: string) => void = () => {}): Promise<{ adminUrl: string; redisUrl: string; stop(): Promise<void> }> {
  const stops: Array<() => Promise<void>> = [];
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const local = 'postgres://postgres@127.0.0.1:5432/postgres';
    if ((await isPortOpen(5432)) && (await canConnect(local))) adminUrl = local;
    else {
      const embedded = await startEmbeddedPostgres(dataDir(join(dataDir(), 'test')), log);
      adminUrl = embedded.url;
      stops.push(embedded.stop);
    }
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    if (await isPortOpen(6379)) redisUrl = 'redis://127.0.0.1:6379';
    else {
      const redis = await startPrivateRedis(dataDir(join(dataDir(), 'test')), log);
      redisUrl = redis.url;
      stops.push(redis.stop);
    }
  }
  return { adminUrl, redisUrl, stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one admin statement on the server's `postgres` database. */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
