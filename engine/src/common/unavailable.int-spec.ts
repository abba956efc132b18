import { Redis } from 'ioredis';
import { Client, Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataSourceOptions } from '../database/data-source';
import { findFreePort } from '../infra/ports';
import { TestEnvironment } from '../testing/test-engine';
import { DataSource } from 'typeorm';
import { endpointsOf, unavailableDependency } from './unavailable';

/**
 * The errors the real clients raise, classified: what says "Postgres or Redis cannot do this
 * now" (answered 503) against what says "this statement is wrong" (a bug, 500).
 */
describe('unavailableDependency', () => {
  let environment: TestEnvironment;
  let closedPort: number;

  beforeAll(async () => {
    environment = await new TestEnvironment().create();
    closedPort = await findFreePort(47000);
  });
  afterAll(() => environment.destroy());

  const pgError = async (sql: string, url = environment.databaseUrl): Promise<unknown> => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query(sql);
    } catch (error) {
      return error;
    } finally {
      await client.end().catch(() => {});
    }
    throw new Error(`${sql} did not fail`);
  };

  it('takes refusals to store for Postgres being unavailable, and statement errors for bugs', async () => {
    const readOnly = await pgError('SET TRANSACTION READ ONLY; CREATE TEMP TABLE t (x int)');
    expect(unavailableDependency(readOnly)).toBe('postgres');
    const timedOut = await pgError("SET statement_timeout = '50ms'; SELECT pg_sleep(1)");
    expect(unavailableDependency(timedOut)).toBe('postgres');
    const diskFull = await pgError(`DO $$ BEGIN RAISE EXCEPTION 'no space' USING ERRCODE = 'disk_full'; END $$`);
    expect(unavailableDependency(diskFull)).toBe('postgres');

    expect(unavailableDependency(await pgError('SELECT 1/0'))).toBeNull();
    expect(unavailableDependency(await pgError('SELECT * FROM no_such_table'))).toBeNull();
    expect(unavailableDependency(await pgError(`INSERT INTO workspaces (id) VALUES ('not a uuid')`))).toBeNull();
  });

  it('sees through TypeORM, and knows an unreachable Postgres by its port', async () => {
    const dataSource = new DataSource(dataSourceOptions(environment.databaseUrl, { poolSize: 1 }));
    await dataSource.initialize();
    try {
      const wrapped = await dataSource.query('SET TRANSACTION READ ONLY; CREATE TEMP TABLE t (x int)').catch((error: unknown) => error);
      expect((wrapped as Error).name).toBe('QueryFailedError');
      expect(unavailableDependency(wrapped)).toBe('postgres');
    } finally {
      await dataSource.destroy();
    }

    const url = `postgres://postgres@127.0.0.1:${closedPort}/postgres`;
    const refused = await new Pool({ connectionString: url, connectionTimeoutMillis: 1000 }).query('SELECT 1').catch((error: unknown) => error);
    expect(unavailableDependency(refused, endpointsOf({ postgres: url }))).toBe('postgres');
    // The same socket error from a server that is not ours (a provider, an SMTP server) is not a 503.
    expect(unavailableDependency(refused, endpointsOf({ postgres: environment.databaseUrl }))).toBeNull();
  });

  it('takes a Redis command that cannot be answered for Redis being unavailable', async () => {
    const redis = new Redis({ port: closedPort, host: '127.0.0.1', commandTimeout: 300, maxRetriesPerRequest: null, retryStrategy: () => 100 });
    redis.on('error', () => {});
    try {
      const timedOut = await redis.set('k', 'v').catch((error: unknown) => error);
      expect(unavailableDependency(timedOut)).toBe('redis');
    } finally {
      redis.disconnect();
    }
    const shared = new Redis(environment.redisUrl);
    try {
      const wrongType = await shared.eval('return redis.error_reply("WRONGTYPE not a list")', 0).catch((error: unknown) => error);
      expect(unavailableDependency(wrongType)).toBeNull();
      const readOnly = await shared.eval('return redis.error_reply("READONLY You can\'t write against a read only replica.")', 0).catch((error: unknown) => error);
      expect(unavailableDependency(readOnly)).toBe('redis');
    } finally {
      shared.disconnect();
    }
  });
});
