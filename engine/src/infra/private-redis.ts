import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort, isPortOpen } from './ports';

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

/**
 * Starts (or reuses) a private `redis-server` from the machine's binary, with its data and
 * append-only file under `<dataDir>/redis`, on a port chosen once and kept beside the data.
 */
export async function startPrivateRedis(dataDir: string, log: (message: string) => void): Promise<LocalRedis> {
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const statePath = join(dataDir, 'redis.json');
  const state = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as { port: number }) : { port: await findFreePort(63790) };
  writeFileSync(statePath, JSON.stringify(state));
  const url = `redis://127.0.0.1:${state.port}`;
  if (await isPortOpen(state.port)) return { url, stop: async () => {} };

  if (spawnSync('redis-server', ['--version']).error) throw new RedisNotInstalledError();
  log(`starting a private redis-server on port ${state.port} (data in ${dir})`);
  const child = spawn(
    'redis-server',
    ['--port', String(state.port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', join(dir, 'redis.log')],
    // Its own process group: a Ctrl-C reaches the engine, which stops Redis after itself.
    { stdio: 'ignore', detached: true },
  );
  child.unref();
  for (let i = 0; i < 100 && !(await isPortOpen(state.port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (!(await isPortOpen(state.port))) throw new Error(`redis-server did not start; see ${join(dir, 'redis.log')}`);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
