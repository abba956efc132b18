import { migrations } from '@switchboard/migrations';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';

/** How long Postgres may take, so that an unreachable or stuck database fails a request instead of hanging it. */
export interface PgTimeouts {
  /** Opening a connection (`connectionTimeoutMillis`). */
  connectMs: number;
  /** Server-side `statement_timeout`; 0 for none. The client gives up a few seconds later (`query_timeout`), for a server that no longer answers at all. */
  statementMs: number;
}

const DEFAULT_TIMEOUTS: PgTimeouts = { connectMs: 5_000, statementMs: 30_000 };

/** TypeORM options: entities for reads and CRUD, schema from migrations only (synchronize stays off). */
export function dataSourceOptions(url: string, poolSize = 20, timeouts: PgTimeouts = DEFAULT_TIMEOUTS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'switchboard',
      connectionTimeoutMillis: timeouts.connectMs,
      // Dead peers are noticed on idle connections too, not only when a query is sent.
      keepAlive: true,
      ...(timeouts.statementMs > 0 ? { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + CLIENT_GRACE_MS } : {}),
    },
  };
}

/** The server cancels a long statement first; the client waits this much longer before it gives up on a silent server. */
const CLIENT_GRACE_MS = 5_000;

/**
 * Applies pending migrations under a Postgres advisory lock, so several engine processes
 * starting at once apply each migration exactly once. No statement timeout: waiting for the
 * lock while another process migrates, or building an index on a big table, may take long.
 */
export async function migrate(url: string, connectMs = DEFAULT_TIMEOUTS.connectMs): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2, { connectMs, statementMs: 0 }), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(731042)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(731042)').catch(() => {});
    await runner.release();
    await dataSource.destroy();
  }
}
