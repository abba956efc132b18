import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, findServices } from '../infra/find-services';
import { randomBytes } from 'node:crypto';

/**
 * Once per test run: finds Postgres and Redis, and builds a template database with every
 * migration applied. Each test file then gets its own database copied from the template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await findServices((message) => console.log(message));
  // A template of this run's own: test runs may overlap (two packages, two terminals).
  const template = `switchboard_test_template_${randomBytes(4).toString('hex')}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${template}`);
  await migrate(databaseUrl(services.adminUrl, template));
  project.provide('adminUrl', services.adminUrl);
  project.provide('redisUrl', services.redisUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
    await services.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    redisUrl: string;
    templateDatabase: string;
  }
}
