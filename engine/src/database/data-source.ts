import { migrations } from '@switchboard/migrations';
import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';
import type { EngineConfig } from '../config/config';
import { entities } from './entities';

/** How the engine uses Postgres: its pool, how long Postgres may take, and what sits between them. */
export interface PgSettings {
  /** Connections in this process's pool. */
  poolSize: number;
  /** Opening a connection (`connectionTimeoutMillis`), so that an unreachable database fails a request instead of hanging it. */
  connectMs: number;
  /** Server-side `statement_timeout`; 0 for none. The client gives up a few seconds later (`query_timeout`), for a server that no longer answers at all. */
  statementMs: number;
  /** `transaction`: DATABASE_URL is a transaction-mode pooler (see `PG_POOLER`). */
  pooler: EngineConfig['PG_POOLER'];
}

const DEFAULTS: PgSettings = { poolSize: 20, connectMs: 5_000, statementMs: 30_000, pooler: 'none' };

/** The settings `config` gives. */
export function pgSettings(config: EngineConfig): PgSettings {
  return { poolSize: config.PG_POOL_SIZE, connectMs: config.PG_CONNECT_TIMEOUT_MS, statementMs: config.PG_STATEMENT_TIMEOUT_MS, pooler: config.PG_POOLER };
}

/**
 * TypeORM options: entities for reads and CRUD, schema from migrations only (synchronize stays off).
 *
 * Behind a transaction-mode pooler no `statement_timeout` goes with the connection's start-up:
 * PgBouncer refuses the parameter (or, told to ignore it, drops it), and a `SET` would stay on a
 * server connection other clients then use. The server's limit is then the one set on the role
 * or database (`ALTER ROLE … SET statement_timeout`, and `jit = off`); the client's own limit stays.
 */
export function dataSourceOptions(url: string, settings: Partial<PgSettings> = {}): DataSourceOptions {
  const { poolSize, connectMs, statementMs, pooler } = { ...DEFAULTS, ...settings };
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
      connectionTimeoutMillis: connectMs,
      // Dead peers are noticed on idle connections too, not only when a query is sent.
      keepAlive: true,
      ...(statementMs > 0 ? { query_timeout: statementMs + CLIENT_GRACE_MS, ...(pooler === 'none' ? { statement_timeout: statementMs } : {}) } : {}),
      // No JIT: the engine's statements are short, and a plan whose estimate crosses jit_above_cost
      // (a partitioned table before autovacuum has analysed a new week) spent 400 ms compiling a
      // run load that executes in 1 ms. Behind a pooler, set it on the role or database.
      ...(pooler === 'none' ? { options: '-c jit=off' } : {}),
    },
  };
}

/** The server cancels a long statement first; the client waits this much longer before it gives up on a silent server. */
const CLIENT_GRACE_MS = 5_000;

/** The migrations' advisory lock. */
export const MIGRATION_LOCK = 731042;

/**
 * Applies pending migrations in one transaction that first takes an advisory lock, so several
 * engine processes starting at once apply each migration exactly once: the others wait for the
 * lock, then find nothing pending. The lock is the transaction's, not the session's, so it
 * works through a transaction-mode pooler too (a session lock and its unlock could land on two
 * server connections there), and ends with the transaction, or with the connection of a
 * process that died. All or nothing: a migration that fails leaves none of the batch applied.
 * A migration that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`, declared with
 * `transaction = false`) is refused by TypeORM here; it would need a migration path of its own.
 * No statement timeout: waiting for the lock while another process migrates, or building an
 * index on a big table, may take long.
 */
export async function migrate(url: string, connectMs = DEFAULTS.connectMs): Promise<string[]> {
  // Nothing sent at connect (as through a transaction-mode pooler): this runs before the engine's settings are read, and may go through one.
  const dataSource = new DataSource(dataSourceOptions(url, { poolSize: 2, connectMs, statementMs: 0, pooler: 'transaction' }));
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    // A statement_timeout set on the role or database (how it is set behind a pooler) would cut this short.
    await runner.query('SET LOCAL statement_timeout = 0');
    await runner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(dataSource, runner);
    // Runs inside the transaction begun here (it begins none of its own when one is active).
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied.map((migration) => migration.name);
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => {});
    throw error;
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
