import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, isPortOpen } from './ports';
import { isAlive, stopProcess } from './processes';

export interface LocalRedis {
  url: string;
  stop(): Promise<void>;
}

export class RedisNotInstalledError extends Error {
  constructor() {
    super(
      'REDIS_URL is not set and no redis-server binary was found on PATH.\n' +
        '  Install one (Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`)\n' +
        '  or point Switchboard at a Redis you run: REDIS_URL=redis://host:6379',
    );
  }
}

/** What `<dataDir>/redis.json` keeps: the port chosen once, and who runs the server now. */
interface RedisState {
  port: number;
  /** The redis-server's pid. */
  pid?: number;
  /** The engine process responsible for stopping it. */
  ownerPid?: number;
}

/**
 * Starts (or reuses) a private `redis-server` from the machine's binary, with its data and
 * append-only file under `<dataDir>/redis`, on a port chosen once and kept beside the data.
 *
 * The process that starts the server stops it (and waits until it is gone) when it stops. A
 * server already running on the port is reused: if the engine that started it is dead (it
 * was killed and could not stop it), this process adopts it and stops it in its turn, so a
 * crash leaves nothing running for longer than until the next start; if that engine is alive
 * (another process on the same data directory), the server is shared and left to its owner;
 * a server nobody recorded is never stopped, since it may not be ours.
 */
export async function startPrivateRedis(dataDir: string, log: (message: string) => void): Promise<LocalRedis> {
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const statePath = join(dataDir, 'redis.json');
  const state: RedisState = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as RedisState) : { port: await findFreePort(63790) };
  const save = (next: RedisState) => writeFileSync(statePath, JSON.stringify(next));
  save(state);
  const url = `redis://127.0.0.1:${state.port}`;
  if (await isPortOpen(state.port)) {
    if (state.pid && isAlive(state.pid) && !isAlive(state.ownerPid)) {
      log(`adopting the private redis-server on port ${state.port} (pid ${state.pid}) that a stopped engine left running`);
      save({ ...state, ownerPid: process.pid });
      return { url, stop: () => stopOwned(state.pid!, statePath, state.port) };
    }
    return { url, stop: async () => {} };
  }

  if (spawnSync('redis-server', ['--version']).error) throw new RedisNotInstalledError();
  log(`starting a private redis-server on port ${state.port} (data in ${dir})`);
  const child = spawn(
    'redis-server',
    ['--port', String(state.port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', join(dir, 'redis.log')],
    // Its own process group: a Ctrl-C reaches the engine, which drains, then stops Redis after itself.
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  for (let i = 0; i < 100 && !(await isPortOpen(state.port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await isPortOpen(state.port))) {
    child.kill('SIGKILL');
    throw new Error(`redis-server did not start; see ${join(dir, 'redis.log')}`);
  }
  save({ port: state.port, pid: child.pid, ownerPid: process.pid });
  return {
    url,
    // SIGTERM: Redis flushes its append-only file and exits; we wait until it has.
    stop: () => stopOwned(child.pid!, statePath, state.port),
  };
}

async function stopOwned(pid: number, statePath: string, port: number): Promise<void> {
  await stopProcess(pid, 'SIGTERM');
  writeFileSync(statePath, JSON.stringify({ port }));
}
