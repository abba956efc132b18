import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findFreePort, isPortOpen } from './ports';

/**
 * A `redis-server` of one test's (or benchmark's) own, started from the machine's binary on a
 * free port, for tests that empty, stop or restart Redis (the shared Redis other test files use
 * is never touched) and for figures no other client's commands may blur (in `infra/`, so that
 * the built benchmarks can start one). By default nothing persists: a restart comes back empty,
 * like a failover to an empty replica; with `appendOnly` a restart keeps what it held, like a
 * Redis that went away.
 */
export class RedisServer {
  private child?: ChildProcess;
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly appendOnly: boolean,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: { appendOnly?: boolean } = {}): Promise<RedisServer> {
    const server = new RedisServer(await findFreePort(20000 + Math.floor(Math.random() * 20000)), mkdtempSync(join(tmpdir(), 'sb-redis-')), options.appendOnly ?? false);
    await server.restart();
    return server;
  }

  /** Starts it again after `stop()` (empty, unless `appendOnly`). */
  async restart(): Promise<void> {
    const appendOnly = this.appendOnly ? 'yes' : 'no';
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', appendOnly, '--dir', this.dir], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(await isPortOpen(this.port)); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!(await isPortOpen(this.port))) throw new Error(`redis-server did not start on ${this.port}`);
  }

  /** FLUSHALL: Redis loses every job, alarm and scheduler, the processes using it stay up. */
  async flush(): Promise<void> {
    const redis = new Redis(this.url);
    try {
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
  }

  /** Stops it (SIGKILL by default: gone at once, as in a crash; SIGTERM flushes its append-only file first). */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
