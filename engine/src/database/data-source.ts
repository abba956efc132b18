import { migrations } from '@switchboard/migrations';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';

/** TypeORM options: entities for reads and CRUD, schema from migrations only (synchronize stays off). */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, application_name: 'switchboard' },
  };
}

/**
 * Applies pending migrations under a Postgres advisory lock, so several engine processes
 * starting at once apply each migration exactly once.
 */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), migrationsTransactionMode: 'each' });
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
