import { migrations } from '@switchboard/migrations';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK, migrate } from '../database/data-source';
import { WEEK_MS, weekStart, weekSuffix } from '../persistence/history-partitions';
import { callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { LocalPgBouncer, pgbouncerSuiteRuns } from '../testing/pgbouncer';
import { EngineProcess, TestEnvironment, type ApiClient } from '../testing/test-engine';
import { SWEEP_LOCK } from '../wiring/sweep-keeper';

const RUNS = 20;
/** Connections per engine process here: three processes share three server connections. */
const POOL_SIZE = 4;

/** Who holds the advisory lock `$1` in the test's database, as Postgres sees it. */
const LOCK_HOLDERS = `
  SELECT a.pid, a.state, a.xact_start IS NOT NULL AS in_transaction
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
   WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
     AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid
     AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/**
 * The engine behind Debian's PgBouncer in transaction mode, started by the test with fewer
 * server connections than the engine has clients: every statement outside a transaction may
 * land on another server connection. Migrations run through it (three at once on an empty
 * database), runs pass a delay and a send, and the sweep takes its lock and gives it back —
 * no session state (a session lock, a named prepared statement, a startup parameter PgBouncer
 * refuses) may be left anywhere.
 *
 * Without PgBouncer on the machine the suite is skipped with a note; CI installs Debian's
 * `pgbouncer` and sets SWITCHBOARD_REQUIRE_PGBOUNCER, so there a missing binary fails instead.
 */
describe.runIf(pgbouncerSuiteRuns('PgBouncer suite'))('behind PgBouncer in transaction mode', () => {
  let environment: TestEnvironment;
  let bouncer: LocalPgBouncer;
  let url: string;
  const processes: EngineProcess[] = [];
  let api: ApiClient;
  const runIds: string[] = [];

  beforeAll(async () => {
    environment = await new TestEnvironment().create({ empty: true });
    bouncer = await LocalPgBouncer.start(environment.databaseUrl, { poolSize: 3 });
    url = bouncer.urlFor(environment.databaseUrl);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.kill('SIGTERM')));
    await bouncer?.stop();
    await environment?.destroy();
  });

  it('migrates an empty database through it from three processes at once, each migration once', async () => {
    const applied = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const names = migrations.map((migration) => (migration as unknown as { name: string }).name);
    expect(applied.flat().sort()).toEqual([...names].sort());
    const recorded = await environment.sql<{ name: string }>('SELECT name FROM migrations');
    expect(recorded.map((row) => row.name).sort()).toEqual([...names].sort());
    expect(await environment.sql(LOCK_HOLDERS, [MIGRATION_LOCK])).toEqual([]);
  });

  it('passes every run through a delay and a send, once each, on one API and two worker processes', async () => {
    const env = { DATABASE_URL: url, PG_POOLER: 'transaction', PG_POOL_SIZE: String(POOL_SIZE), SWEEP_INTERVAL_MS: '200' };
    processes.push(await new EngineProcess(environment, { ROLE: 'api', ...env }).start());
    processes.push(...(await Promise.all([1, 2].map(() => new EngineProcess(environment, { ROLE: 'worker', ...env }).start()))));
    api = processes[0]!.api();
    const connectionId = await api.sandbox();
    await api.publish('Delayed confirmation', delayedConfirmation(connectionId, 1));

    let clients = 0;
    try {
      for (let i = 0; i < RUNS; i++) {
        const response = await api.post('/api/events', callCompletedEvent({ id: `bouncer-${i}`, phone: `+1415555${String(2000 + i)}` }));
        expect(response.status, JSON.stringify(response.body)).toBe(202);
        runIds.push(response.body.runs[0].runId);
        clients = Math.max(clients, (await bouncer.show('CLIENTS')).filter((client) => client.application_name === 'switchboard').length);
      }
      for (const runId of runIds) {
        const run = await api.waitForRun(runId, undefined, 30_000);
        expect(run.status, JSON.stringify(run.error ?? run)).toBe('succeeded');
      }
    } catch (error) {
      // What the processes said tells a pooler problem apart (a statement PgBouncer lost, a refused parameter).
      for (const process of processes) console.error(process.log.split('\n').slice(-30).join('\n'));
      throw error;
    }
    const sent = await environment.sql<{ run_id: string; n: number }>(`SELECT run_id, count(*)::int AS n FROM messages WHERE direction = 'outbound' GROUP BY run_id`);
    expect(sent.map((row) => row.run_id).sort()).toEqual([...runIds].sort());
    expect(sent.filter((row) => row.n !== 1)).toEqual([]);

    // PG_POOL_SIZE holds each process to its connections; PgBouncer shared its three among them.
    expect(clients).toBeGreaterThan(0);
    expect(clients).toBeLessThanOrEqual(processes.length * POOL_SIZE);
    const servers = (await bouncer.show('SERVERS')).filter((server) => server.database === new URL(url).pathname.slice(1));
    expect(servers.length).toBeLessThanOrEqual(3);
  }, 120_000);

  it('sweeps from either worker, holding the lock in a transaction only while it sweeps, and a holder that dies frees it', async () => {
    // Who holds the sweep's lock, seen every 20 ms while the sweeps go on.
    const seen: Array<{ pid: number; state: string; in_transaction: boolean }> = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        seen.push(...(await environment.sql<{ pid: number; state: string; in_transaction: boolean }>(LOCK_HOLDERS, [SWEEP_LOCK])));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // Only the sweep makes the history partitions of the weeks ahead: drop the furthest one's
    // (empty) tables, and see the sweep make them again.
    const suffix = weekSuffix(weekStart(Date.now()) + 2 * WEEK_MS);
    const tables = [`steps_p${suffix}`, `runs_p${suffix}`, `events_p${suffix}`];
    const present = async () => (await environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = ANY($1::text[])`, [tables]))[0]!.n;
    const dropAhead = async () => {
      await expect.poll(present, { timeout: 15_000 }).toBe(3);
      for (const table of tables) await environment.sql(`DROP TABLE ${table}`);
    };
    const remade = async () => {
      await dropAhead();
      await expect.poll(present, { timeout: 15_000 }).toBe(3);
    };

    try {
      await remade();
      // One worker dies, wherever it was: the other's sweep goes on.
      await processes[1]!.kill('SIGKILL');
      await remade();
      // A sweep was seen holding the lock (before the test takes it itself below).
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBeGreaterThan(0);

      // A holder through PgBouncer that dies in its transaction (its socket simply closes):
      // while it holds the lock no sweep makes the week again; once it is gone a sweep takes the lock and does.
      const holder = new Client({ connectionString: url });
      await holder.connect();
      holder.on('error', () => {});
      // Taken between two sweeps (a sweep holding it makes the try fail).
      await expect
        .poll(async () => {
          await holder.query('ROLLBACK');
          await holder.query('BEGIN');
          return (await holder.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK])).rows[0].locked;
        }, { timeout: 5_000, interval: 20 })
        .toBe(true);
      await dropAhead();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await present()).toBe(0);
      (holder as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      await expect.poll(present, { timeout: 15_000 }).toBe(3);
    } finally {
      sampling = false;
      await sampler;
    }

    // Every holder seen was inside its transaction: a session lock shows an idle holder, and
    // through PgBouncer may stay held for good on a server connection other clients go on using.
    expect(seen.filter((holder) => !holder.in_transaction || holder.state === 'idle')).toEqual([]);

    // Every engine process stopped: nothing holds the lock on any server connection PgBouncer keeps.
    await Promise.all(processes.map((process) => process.kill('SIGTERM')));
    expect(await environment.sql(LOCK_HOLDERS, [SWEEP_LOCK])).toEqual([]);
  }, 120_000);
});
