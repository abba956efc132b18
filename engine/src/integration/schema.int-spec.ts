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
});
