import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { dataSourceOptions, migrate } from '../database/data-source';
import { TestEnvironment } from '../testing/test-engine';

describe('migrations', () => {
  it('apply to an empty database and agree with the entities', async () => {
    const environment = await new TestEnvironment().create({ empty: true });
    try {
      const applied = await migrate(environment.databaseUrl);
      expect(applied.length).toBeGreaterThan(0);
      expect(await migrate(environment.databaseUrl)).toEqual([]);

      const dataSource = new DataSource(dataSourceOptions(environment.databaseUrl, { poolSize: 1 }));
      await dataSource.initialize();
      try {
        const pending = await dataSource.driver.createSchemaBuilder().log();
        expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await environment.destroy();
    }
  });

  it('are not cut short by a statement_timeout set on the database, as it is set behind a transaction-mode pooler', async () => {
    const environment = await new TestEnvironment().create({ empty: true });
    try {
      await environment.sql(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET statement_timeout = 1', current_database()); END $$`);
      expect(await environment.sql('SHOW statement_timeout')).toEqual([{ statement_timeout: '1ms' }]);
      expect((await migrate(environment.databaseUrl)).length).toBeGreaterThan(0);
    } finally {
      await environment.destroy();
    }
  });
});

describe("the engine's connections", () => {
  const settings = async (url: string, pooler: 'none' | 'transaction') => {
    const dataSource = new DataSource(dataSourceOptions(url, { poolSize: 1, statementMs: 30_000, pooler }));
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query(`SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout`);
      return row as { jit: string; timeout: string };
    } finally {
      await dataSource.destroy();
    }
  };

  it('open with the statement timeout and without JIT, and send neither through a transaction-mode pooler', async () => {
    const environment = await new TestEnvironment().create({ empty: true });
    try {
      await environment.sql(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = on', current_database()); END $$`);
      expect(await settings(environment.databaseUrl, 'none')).toEqual({ jit: 'off', timeout: '30s' });
      expect(await settings(environment.databaseUrl, 'transaction')).toEqual({ jit: 'on', timeout: '0' });
    } finally {
      await environment.destroy();
    }
  });
});
