import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort, isPortOpen } from '../infra/ports';

/** Debian's PgBouncer (`apt-get install pgbouncer`), or the one `PGBOUNCER_PATH` names. */
export function pgbouncerPath(): string | null {
  const path = process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer';
  return existsSync(path) ? path : null;
}

/**
 * Whether a PgBouncer suite can run: the binary is on the machine, or CI requires it (then a
 * missing binary fails the suite instead of skipping it). Warns when the suite is skipped.
 */
export function pgbouncerSuiteRuns(suite: string): boolean {
  const canRun = pgbouncerPath() !== null || process.env.SWITCHBOARD_REQUIRE_PGBOUNCER === '1';
  if (!canRun) console.warn(`${suite} skipped: no PgBouncer (apt-get install pgbouncer, or set PGBOUNCER_PATH)`);
  return canRun;
}

/**
 * A PgBouncer of one test's own in transaction mode, started from the machine's binary on a
 * free port in front of the test's Postgres (any database of it, by the same name), with
 * `poolSize` server connections per database and user: fewer than the engine's clients, so
 * consecutive statements of one client really land on different server connections. Its
 * configuration, log and pid file live in a temporary directory that `stop()` removes.
 */
export class LocalPgBouncer {
  private constructor(
    readonly port: number,
    private readonly user: string,
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(postgresUrl: string, options: { poolSize?: number } = {}): Promise<LocalPgBouncer> {
    const binary = pgbouncerPath();
    if (!binary) throw new Error(`PgBouncer is required here (SWITCHBOARD_REQUIRE_PGBOUNCER) but ${process.env.PGBOUNCER_PATH ?? '/usr/sbin/pgbouncer'} is missing: apt-get install pgbouncer, or set PGBOUNCER_PATH`);
    const postgres = new URL(postgresUrl);
    const user = decodeURIComponent(postgres.username || 'postgres');
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-pgbouncer-'));
    // PgBouncer refuses to run as root; as root it is started as nobody, who must write its log here.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) chmodSync(dir, 0o777);
    const port = await findFreePort(20_000 + Math.floor(Math.random() * 20_000));
    // trust: PgBouncer asks the client for no password (the test's Postgres trusts it too); the user must still be listed.
    writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `* = host=${postgres.hostname} port=${postgres.port || 5432}${postgres.password ? ` password=${decodeURIComponent(postgres.password)}` : ''}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${join(dir, 'users.txt')}`,
        `admin_users = ${user}`,
        'pool_mode = transaction',
        `default_pool_size = ${options.poolSize ?? 3}`,
        'max_client_conn = 200',
        `logfile = ${join(dir, 'pgbouncer.log')}`,
        `pidfile = ${join(dir, 'pgbouncer.pid')}`,
        '',
      ].join('\n'),
    );
    const child = spawn(binary, [...(asRoot ? ['-u', 'nobody'] : []), join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
    const bouncer = new LocalPgBouncer(port, user, dir, child);
    for (let i = 0; i < 200 && child.exitCode === null && !(await isPortOpen(port)); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (!(await isPortOpen(port))) {
      const log = bouncer.log;
      await bouncer.stop();
      throw new Error(`pgbouncer did not start on ${port}:\n${log}`);
    }
    return bouncer;
  }

  /** `postgresUrl` (the same user and database) through this PgBouncer. */
  urlFor(postgresUrl: string): string {
    const url = new URL(postgresUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** A `SHOW …` of PgBouncer's admin console (`SHOW POOLS`, `SHOW CLIENTS`, `SHOW SERVERS`). */
  async show(what: string): Promise<Array<Record<string, unknown>>> {
    // The console speaks the simple query protocol only.
    const client = new Client({ host: '127.0.0.1', port: this.port, user: this.user, database: 'pgbouncer' });
    await client.connect();
    try {
      return (await client.query(`SHOW ${what}`)).rows as Array<Record<string, unknown>>;
    } finally {
      await client.end();
    }
  }

  /** What PgBouncer logged so far (for failure messages). */
  get log(): string {
    try {
      return readFileSync(join(this.dir, 'pgbouncer.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
