import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Agent } from 'undici';
import { migrate } from '../database/data-source';
import { startEmbeddedPostgres, type LocalPostgres } from '../infra/embedded-postgres';
import { findFreePort, isPortOpen } from '../infra/ports';
import { startPrivateRedis } from '../infra/private-redis';
import { apiClient, callCompletedEvent, type Api } from './bench-api';
import { startEngineProcess, type EngineProcess } from './engine-process';
import { mulberry32, startMetaCloudProcess, type MetaCloudStats } from './meta-cloud';

/**
 * `pnpm chaos`: the engine's promise — a flow runs once and completely — measured under the
 * faults production has. An API process and two worker processes run on a PostgreSQL and a
 * redis-server of this command's own (the machine's shared ones are never touched), with a
 * published flow call.completed → wait → whatsapp.send_template through a local server that
 * speaks Meta's Cloud API and reports statuses by signed webhook, redelivering until the
 * engine acknowledges. N events are posted at a steady rate (each retried with its id until
 * accepted); meanwhile, at seeded random times, a random engine process is SIGKILLed K times
 * (and restarted after a pause), Redis is emptied once (FLUSHALL) and PostgreSQL restarted
 * once. Then it waits for every run to end and prints runs started, succeeded, failed (by
 * error code), lost, duplicate provider sends, and the time from the last fault to the last
 * run finished. The goal: 0 lost, 0 duplicates, 0 failed. A benchmark: it exits 0 whatever
 * the figures, and keeps the processes' logs when the goal is missed.
 *
 * Environment: CHAOS_RUNS (2000), CHAOS_KILLS (20), CHAOS_DELAY_MS (the wait step, 2000),
 * CHAOS_DURATION_S (load and fault period, 120), CHAOS_SEED (random), CHAOS_PG_DOWN_MS (how long
 * PostgreSQL stays down, 3000), CHAOS_RESTART_PAUSE_MS (before a killed process restarts,
 * 1000), CHAOS_MIN_UPTIME_MS (a kill waits for a process up at least this long, 5000), CHAOS_SLOW_SENDS (share of sends Meta answers only after CHAOS_SLOW_MS = 12000,
 * beyond the client's 10 s timeout; 0), CHAOS_SETTLE_S (how long to wait for runs to end after
 * the load and the last fault, 240), CHAOS_UNKNOWN_OUTCOME and CHAOS_GRACE_MINUTES (the sender's
 * policy for a send whose outcome is unknown, resend, and how long it first waits for Meta's
 * report, 1; the product's defaults are fail and 10), CHAOS_KEEP=1 (keep the temp dir even when the goal is met);
 * the engine's SWEEP_INTERVAL_MS (1000), STALE_RUN_MS (10000), WORKER_LOCK_MS (5000) and
 * WORKER_CONCURRENCY pass through.
 */
const RUNS = Number(process.env.CHAOS_RUNS ?? 2000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 20);
const DELAY_MS = Number(process.env.CHAOS_DELAY_MS ?? 2000);
const DURATION_MS = Number(process.env.CHAOS_DURATION_S ?? 120) * 1000;
const SEED = Number(process.env.CHAOS_SEED ?? randomBytes(4).readUInt32LE(0));
const PG_DOWN_MS = Number(process.env.CHAOS_PG_DOWN_MS ?? 3000);
const RESTART_PAUSE_MS = Number(process.env.CHAOS_RESTART_PAUSE_MS ?? 1000);
const MIN_UPTIME_MS = Number(process.env.CHAOS_MIN_UPTIME_MS ?? 5000);
const SLOW_SENDS = Number(process.env.CHAOS_SLOW_SENDS ?? 0);
const SLOW_MS = Number(process.env.CHAOS_SLOW_MS ?? 12_000);
const SETTLE_MS = Number(process.env.CHAOS_SETTLE_S ?? 240) * 1000;
/** The sender's policy for a send whose outcome is unknown, and how long it waits for Meta's report first. */
const UNKNOWN_OUTCOME = process.env.CHAOS_UNKNOWN_OUTCOME ?? 'resend';
const GRACE_MINUTES = Number(process.env.CHAOS_GRACE_MINUTES ?? 1);
const KEEP = process.env.CHAOS_KEEP === '1';
const SWEEP_INTERVAL_MS = process.env.SWEEP_INTERVAL_MS ?? '1000';
const STALE_RUN_MS = process.env.STALE_RUN_MS ?? '10000';
const WORKER_LOCK_MS = process.env.WORKER_LOCK_MS ?? '5000';

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const APP_SECRET = 'chaos-app-secret';
const TEMPLATE = 'chaos_confirmation';
const API_KEY = `sb_chaos_${randomBytes(12).toString('hex')}`;

type FaultKind = 'kill' | 'flush' | 'postgres';
interface Fault {
  kind: FaultKind;
  at: number;
  /** What happened, once it has: the process killed, how long Postgres was down. */
  done?: { startedAt: number; endedAt: number; what: string };
}

/** One engine process the supervisor keeps running: restarted after a pause whenever it exits. */
interface Slot {
  name: string;
  env: Record<string, string>;
  readyLine?: string;
  process?: EngineProcess;
  alive: boolean;
  killedByUs: boolean;
  starts: number;
  failedStarts: number;
  unexpectedExits: Array<{ at: number; code: number | null }>;
  /** When it last went down (killed or exited), to measure how long it takes to be back. */
  downSince?: number;
  /** When it last became ready. */
  upSince: number;
  loop?: Promise<void>;
}

async function main(): Promise<void> {
  const random = mulberry32(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-chaos-'));
  // The embedded PostgreSQL runs as the `postgres` user when this runs as root: it must reach its data.
  chmodSync(dir, 0o755);
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const timeline = join(logs, 'chaos.log');
  const t0 = Date.now();
  const rel = (at: number) => `t+${((at - t0) / 1000).toFixed(1)}s`;
  const note = (message: string) => appendFileSync(timeline, `${new Date().toISOString()} ${rel(Date.now())} ${message}\n`);

  console.log(`\nSwitchboard chaos — ${RUNS} runs over ${DURATION_MS / 1000} s (call.completed → wait ${DELAY_MS} ms → Meta template send), ${KILLS} SIGKILLs, one FLUSHALL, one PostgreSQL restart (down ${PG_DOWN_MS} ms)`);
  console.log(`seed ${SEED}; a kill picks a process up ≥ ${MIN_UPTIME_MS} ms; slow Meta answers ${SLOW_SENDS > 0 ? `${(SLOW_SENDS * 100).toFixed(1)} % of sends after ${SLOW_MS} ms` : 'off'}; unknown outcomes ${UNKNOWN_OUTCOME} after ${GRACE_MINUTES} min; SWEEP_INTERVAL_MS ${SWEEP_INTERVAL_MS}, STALE_RUN_MS ${STALE_RUN_MS}, WORKER_LOCK_MS ${WORKER_LOCK_MS}`);
  console.log(`logs in ${logs}`);

  let postgres: LocalPostgres | undefined;
  let redisStop: (() => Promise<void>) | undefined;
  let redisPort = 0;
  const slots: Slot[] = [];
  const downtimes: number[] = [];
  let shuttingDown = false;
  // Whatever way this process ends, no engine process or redis-server of it stays behind.
  const leftovers = () => {
    for (const slot of slots) slot.process?.kill('SIGKILL');
    redisStop?.().catch((error: unknown) => console.error('could not stop the private redis-server', error));
  };
  process.on('exit', leftovers);

  const meta = await startMetaCloudProcess({
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: WABA_ID,
    templates: [{ name: TEMPLATE, language: 'en', body: 'Hi {{1}}, your appointment is confirmed (ref {{2}}).' }],
    slowFraction: SLOW_SENDS,
    slowMs: SLOW_MS,
    seed: SEED ^ 0x5eed,
  });
  // An integration's patience: an answer slower than this is retried with the same event id.
  const agent = new Agent({ connections: 64, headersTimeout: 30_000, bodyTimeout: 30_000, connectTimeout: 2_000 });
  let goalMet = false;
  try {
    postgres = await startEmbeddedPostgres(dir, note);
    const databaseUrl = postgres.url;
    const redis = await startPrivateRedis(dir, note);
    redisStop = redis.stop;
    redisPort = Number(new URL(redis.url).port);
    await migrate(databaseUrl);

    const apiPort = await findFreePort(41000 + Math.floor(random() * 2000));
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const shared = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: '{chaos}',
      ENCRYPTION_KEY: 'chaos-bench-encryption-key',
      BOOTSTRAP_API_KEY: API_KEY,
      PUBLIC_URL: apiUrl,
      SWEEP_INTERVAL_MS,
      STALE_RUN_MS,
      WORKER_LOCK_MS,
    };
    slots.push(slot('api', { ...shared, ROLE: 'api', PORT: String(apiPort) }));
    slots.push(slot('worker-1', { ...shared, ROLE: 'worker', PORT: '0' }, 'worker started'));
    slots.push(slot('worker-2', { ...shared, ROLE: 'worker', PORT: '0' }, 'worker started'));

    const supervise = async (s: Slot): Promise<void> => {
      while (!shuttingDown) {
        const logFile = join(logs, `${s.name}.log`);
        appendFileSync(logFile, `\n=== chaos: start #${s.starts + 1} at ${new Date().toISOString()} ===\n`);
        try {
          s.process = await startEngineProcess(s.env, s.readyLine, { logFile });
        } catch {
          // It exited before it was ready (e.g. PostgreSQL was down): try again.
          s.failedStarts++;
          note(`${s.name} failed to start; retrying`);
          await sleep(RESTART_PAUSE_MS);
          continue;
        }
        s.starts++;
        s.alive = true;
        s.upSince = Date.now();
        if (s.downSince) downtimes.push(Date.now() - s.downSince);
        note(`${s.name} started (pid ${s.process.pid})${s.downSince ? ` ${((Date.now() - s.downSince) / 1000).toFixed(1)} s after it went down` : ''}`);
        s.downSince = undefined;
        const code = await s.process.exited;
        s.alive = false;
        s.downSince ??= Date.now();
        if (shuttingDown) return;
        if (!s.killedByUs) {
          s.unexpectedExits.push({ at: Date.now(), code });
          note(`${s.name} exited by itself with code ${code}`);
        }
        s.killedByUs = false;
        await sleep(RESTART_PAUSE_MS);
      }
    };
    for (const s of slots) s.loop = supervise(s);
    for (;;) {
      if (slots.every((s) => s.alive)) break;
      await sleep(100);
    }

    const api = apiClient(apiUrl, API_KEY, agent);
    const connection = await api('POST', '/api/connections', {
      name: 'Meta (chaos)',
      provider: 'whatsapp.meta',
      config: { accessToken: 'EAAchaos', phoneNumberId: PHONE_NUMBER_ID, wabaId: WABA_ID, appSecret: APP_SECRET, verifyToken: 'chaos-verify', baseUrl: meta.url, sendRatePerSecond: 500, unknownOutcome: UNKNOWN_OUTCOME, unknownOutcomeGraceMinutes: GRACE_MINUTES },
    });
    if (connection.status !== 201) throw new Error(`creating the Meta connection failed: ${connection.status} ${JSON.stringify(connection.body)}`);
    meta.reportTo({ url: connection.body.webhookUrl ?? `${apiUrl}/webhooks/whatsapp/${connection.body.id}`, appSecret: APP_SECRET });
    const flow = await api('POST', '/api/flows', { name: 'Chaos confirmation', graph: chaosGraph(connection.body.id) });
    const published = await api('POST', `/api/flows/${flow.body.id}/publish`);
    if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${JSON.stringify(published.body)}`);

    // The faults, at seeded random times over the load (not in its first or last tenth).
    const faults: Fault[] = [
      ...Array.from({ length: KILLS }, () => ({ kind: 'kill' as const, at: 0 })),
      { kind: 'flush', at: 0 },
      { kind: 'postgres', at: 0 },
    ];
    for (const fault of faults) fault.at = DURATION_MS * (0.1 + 0.8 * random());
    faults.sort((a, b) => a.at - b.at);

    const loadStart = Date.now();
    console.log(`\n${rel(loadStart)} load starts: ${RUNS} events at ${((RUNS * 1000) / DURATION_MS).toFixed(1)}/s`);
    note(`load starts; faults at ${faults.map((fault) => `${fault.kind}@${(fault.at / 1000).toFixed(1)}s`).join(' ')}`);
    const load = new Load(api, `chaos-${SEED}`);
    const loadDone = load.run(RUNS, DURATION_MS);

    // Each fault at its own time: a kill may fall while PostgreSQL is down, as in production.
    const inject = async (fault: Fault): Promise<void> => {
      const wait = loadStart + fault.at - Date.now();
      if (wait > 0) await sleep(wait);
      let startedAt = Date.now();
      let what: string;
      if (fault.kind === 'kill') {
        // Among the processes up for a while (a process killed as soon as it is ready would
        // measure only how fast it boots, and kills would outpace restarts on a slow machine).
        const eligible = () => slots.filter((s) => s.alive && Date.now() - s.upSince >= MIN_UPTIME_MS);
        while (eligible().length === 0) await sleep(100);
        startedAt = Date.now();
        const alive = eligible();
        const victim = alive[Math.floor(random() * alive.length)]!;
        victim.killedByUs = true;
        victim.alive = false;
        victim.downSince = startedAt;
        victim.process!.kill('SIGKILL');
        what = `SIGKILL ${victim.name} (pid ${victim.process!.pid})`;
      } else if (fault.kind === 'flush') {
        const client = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
        await client.connect();
        const keys = await client.dbsize();
        await client.flushall();
        client.disconnect();
        what = `FLUSHALL Redis (${keys} keys)`;
      } else {
        await postgres!.stop();
        await sleep(PG_DOWN_MS);
        postgres = await startEmbeddedPostgres(dir, note);
        what = `PostgreSQL stopped (fast) and started again`;
      }
      fault.done = { startedAt, endedAt: Date.now(), what };
      note(`fault: ${what}`);
      console.log(`${rel(startedAt)} ${what}${fault.kind === 'postgres' ? ` — up again at ${rel(fault.done.endedAt)}` : ''}`);
    };
    await Promise.all(faults.map(inject));
    const lastFault = Math.max(...faults.map((fault) => fault.done!.endedAt));

    // Wait for the posts and for every accepted event's run to end, printing progress.
    const settleStart = Math.max(lastFault, loadStart + DURATION_MS);
    const deadline = settleStart + SETTLE_MS;
    let settled = false;
    let lastPrint = 0;
    let posted = false;
    loadDone.then(
      () => (posted = true),
      (error: unknown) => console.error('the load generator failed', error),
    );
    console.log(`${rel(Date.now())} all faults made; waiting up to ${SETTLE_MS / 1000} s after ${rel(settleStart)} for every run to end`);
    while (Date.now() < deadline) {
      const state = await progress(databaseUrl).catch(() => null);
      const pendingReports = (await meta.stats()).webhooks.pending;
      if (state && posted && state.final === state.runs && state.runs >= load.accepted.size) {
        settled = true;
        break;
      }
      if (Date.now() - lastPrint >= 5000) {
        lastPrint = Date.now();
        console.log(
          state
            ? `${rel(Date.now())} runs ${state.runs}/${load.accepted.size} of the accepted events (${load.pending} events still being posted): final ${state.final}, open ${state.runs - state.final} (${state.open || '-'}), status webhooks pending ${pendingReports}`
            : `${rel(Date.now())} PostgreSQL not reachable`,
        );
      }
      await sleep(500);
    }
    load.stop();
    // Status reports still on their way are not part of the goal, but the message statuses printed below wait for them briefly.
    for (let i = 0; i < 60 && ((await meta.stats()).webhooks.pending > 0 || (await unprocessedDeliveries(databaseUrl).catch(() => 1)) > 0); i++) await sleep(500);
    console.log(settled ? `${rel(Date.now())} every run ended` : `${rel(Date.now())} gave up waiting after ${SETTLE_MS / 1000} s`);

    const metaStats = await meta.stats();
    const result = await results(databaseUrl, load, metaStats);
    const end = Date.now();
    goalMet = result.lost === 0 && result.duplicates === 0 && result.failed === 0;

    console.log('');
    console.log(`events posted        ${RUNS}; accepted ${load.accepted.size}; not accepted ${RUNS - load.accepted.size}${load.rejected.size ? ` (refused: ${[...new Set(load.rejected.values())].slice(0, 3).join('; ')})` : ''}; ${load.retries} retried posts`);
    console.log(`runs started         ${result.started}${result.extraRuns ? ` (${result.extraRuns} events with more than one run)` : ''}`);
    console.log(`  succeeded          ${result.succeeded}`);
    console.log(`  failed             ${result.failed}${formatCounts(result.failedByCode)}`);
    for (const [code, messages] of result.failureSamples) console.log(`    ${code}: ${messages.join(' | ')}`);
    console.log(`  cancelled          ${result.cancelled}`);
    console.log(`  lost               ${result.lost} (accepted events without a run ${result.withoutRun.length}, runs not ended ${result.notEnded.length} of which Meta received ${result.notEndedSent}, events never accepted ${RUNS - load.accepted.size})`);
    for (const line of result.lostSamples) console.log(`    ${line}`);
    console.log(`provider sends       ${metaStats.accepted} accepted by Meta for ${metaStats.sends.length} distinct messages; duplicates ${result.duplicates}${result.duplicateSamples.length ? ` (e.g. ${result.duplicateSamples.join(', ')})` : ''}`);
    console.log(`  failed runs whose message Meta accepted ${result.failedButSent}; succeeded runs Meta never saw ${result.succeededUnsent}${SLOW_SENDS > 0 ? `; slow answers ${metaStats.slowAnswers}` : ''}`);
    console.log(`  engine messages    ${formatCounts(result.messageStatuses).trim() || '-'}`);
    console.log(`  unknown outcomes   ${formatCounts(result.outcomeWaits).trim() || '-'} (policy ${UNKNOWN_OUTCOME} after ${GRACE_MINUTES} min without a report)`);
    const { webhooks } = metaStats;
    console.log(`status webhooks      ${webhooks.reports} reports, ${webhooks.acknowledged} acknowledged, ${webhooks.attempts} attempts (${webhooks.refused} refused or unreachable), ${webhooks.pending} still pending`);
    console.log(`  webhook deliveries ${formatCounts(result.deliveryStatuses).trim() || '-'} (as the engine stored them)`);
    console.log(`faults`);
    for (const fault of [...faults].sort((a, b) => a.done!.startedAt - b.done!.startedAt)) console.log(`  ${rel(fault.done!.startedAt).padEnd(10)} ${fault.done!.what}${fault.kind === 'postgres' ? ` (back at ${rel(fault.done!.endedAt)})` : ''}`);
    const sorted = [...downtimes].sort((a, b) => a - b);
    if (sorted.length) console.log(`  a process was back after ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(1)} s (median), ${(sorted.at(-1)! / 1000).toFixed(1)} s at most (from going down to ready, ${sorted.length} restarts)`);
    for (const s of slots) {
      if (s.unexpectedExits.length || s.failedStarts) {
        console.log(`  ${s.name} also exited by itself ${s.unexpectedExits.length}× (${s.unexpectedExits.map((exit) => `${rel(exit.at)} code ${exit.code}`).join(', ') || '-'}), failed to start ${s.failedStarts}×`);
      }
    }
    console.log(`last fault → last run finished  ${result.lastFinished ? `${((result.lastFinished - lastFault) / 1000).toFixed(1)} s (last fault ended ${rel(lastFault)}, last run finished ${rel(result.lastFinished)})` : 'no run finished'}`);
    console.log(`total duration       ${((end - t0) / 1000).toFixed(1)} s`);
    console.log(`goal (0 lost, 0 duplicates, 0 failed): ${goalMet ? 'MET' : `NOT MET — ${result.lost} lost, ${result.duplicates} duplicates, ${result.failed} failed`}`);
  } finally {
    shuttingDown = true;
    await Promise.all(
      slots.map(async (s) => {
        // A slot may be between a kill and its restart, or starting: wait for its loop to notice.
        await s.process?.stop().catch(() => {});
        await Promise.race([s.loop, sleep(60_000)]);
        await s.process?.stop().catch(() => {});
      }),
    );
    await meta.stop();
    await agent.close();
    await redisStop?.();
    for (let i = 0; i < 100 && redisPort && (await isPortOpen(redisPort)); i++) await sleep(100);
    await postgres?.stop();
    process.off('exit', leftovers);
    if (goalMet && !KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`logs kept in ${logs}`);
  }

  function slot(name: string, env: Record<string, string>, readyLine?: string): Slot {
    return { name, env, readyLine, alive: false, killedByUs: false, starts: 0, failedStarts: 0, unexpectedExits: [], upSince: 0 };
  }
}

/** call.completed → wait → send the template with the event id as its second parameter (the marker). */
function chaosGraph(connectionId: string) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: { callType: 'connected' } },
      { id: 'wait', type: 'flow.delay', config: { amount: DELAY_MS / 1000, unit: 'seconds' } },
      {
        id: 'confirm',
        type: 'whatsapp.send_template',
        config: { connectionId, template: TEMPLATE, language: 'en', to: '{{trigger.customer.phone}}', parameters: ['{{trigger.customer.name}}', '{{trigger.call.id}}'] },
      },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'confirm' },
    ],
  };
}

/**
 * The load: events posted at a steady rate, each retried with the same id (the engine
 * deduplicates) until it is accepted, as an integration would while the API is down.
 */
class Load {
  readonly accepted = new Set<string>();
  /** Events the API refused with a 4xx other than 429: not retried. */
  readonly rejected = new Map<string, string>();
  retries = 0;
  pending = 0;
  private stopped = false;

  constructor(
    private readonly api: Api,
    private readonly prefix: string,
  ) {}

  id(index: number): string {
    return `${this.prefix}-${index}`;
  }

  async run(count: number, durationMs: number): Promise<void> {
    const start = Date.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < count && !this.stopped; i++) {
      const wait = start + (i * durationMs) / count - Date.now();
      if (wait > 0) await sleep(wait);
      posts.push(this.post(this.id(i)));
    }
    await Promise.all(posts);
  }

  stop(): void {
    this.stopped = true;
  }

  private async post(id: string): Promise<void> {
    this.pending++;
    try {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          const answer = await this.api('POST', '/api/events', callCompletedEvent(id));
          // 202, or 200 for an id the engine already has (a retry whose first answer was lost).
          if (answer.status === 202 || answer.status === 200) {
            this.accepted.add(id);
            return;
          }
          if (answer.status < 500 && answer.status !== 429) {
            this.rejected.set(id, `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
            return;
          }
        } catch {
          // Refused, reset or timed out: the API is down or cannot store; the same id again.
        }
        this.retries++;
        await sleep(Math.min(5000, 200 * 2 ** attempt));
      }
    } finally {
      this.pending--;
    }
  }
}

/** How many runs of the load exist, how many ended, and the open ones by status. */
async function progress(databaseUrl: string): Promise<{ runs: number; final: number; open: string }> {
  return withClient(databaseUrl, async (sql) => {
    const { rows } = await sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM runs GROUP BY status`);
    const runs = rows.reduce((sum, row) => sum + row.n, 0);
    const final = rows.filter((row) => ['succeeded', 'failed', 'cancelled'].includes(row.status)).reduce((sum, row) => sum + row.n, 0);
    const open = rows
      .filter((row) => !['succeeded', 'failed', 'cancelled'].includes(row.status))
      .map((row) => `${row.status} ${row.n}`)
      .join(', ');
    return { runs, final, open };
  });
}

interface Results {
  started: number;
  extraRuns: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  failedByCode: Map<string, number>;
  failureSamples: Map<string, string[]>;
  withoutRun: string[];
  notEnded: string[];
  /** Runs not ended whose message Meta did receive (their report did not settle them). */
  notEndedSent: number;
  lost: number;
  lostSamples: string[];
  duplicates: number;
  duplicateSamples: string[];
  failedButSent: number;
  succeededUnsent: number;
  messageStatuses: Map<string, number>;
  deliveryStatuses: Map<string, number>;
  /** Sends whose outcome was unknown (a worker died between claiming and storing Meta's answer): how their wait for a report ended. */
  outcomeWaits: Map<string, number>;
  lastFinished: number | null;
}

/** The figures, from the engine's own database and what Meta received. */
async function results(databaseUrl: string, load: Load, meta: MetaCloudStats): Promise<Results> {
  return withClient(databaseUrl, async (sql) => {
    const { rows } = await sql.query<{ external_id: string; run_id: string | null; status: string | null; code: string | null; message: string | null; finished_at: Date | null }>(
      `SELECT e.external_id, r.id AS run_id, r.status, r.finished_at,
              coalesce(r.error->>'code', s.error->>'code') AS code, coalesce(s.error->>'message', r.error->>'message') AS message
         FROM events e
         LEFT JOIN runs r ON r.event_id = e.id
         LEFT JOIN LATERAL (SELECT error FROM steps WHERE run_id = r.id AND status = 'failed' LIMIT 1) s ON true`,
    );
    const runsByEvent = new Map<string, typeof rows>();
    for (const row of rows) runsByEvent.set(row.external_id, [...(runsByEvent.get(row.external_id) ?? []), row]);
    const sentMarkers = new Set(meta.sends.map(([key]) => key.split('|').at(-1)!));

    const result: Results = {
      started: 0,
      extraRuns: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 0,
      failedByCode: new Map(),
      failureSamples: new Map(),
      withoutRun: [],
      notEnded: [],
      notEndedSent: 0,
      lost: 0,
      lostSamples: [],
      duplicates: 0,
      duplicateSamples: [],
      failedButSent: 0,
      succeededUnsent: 0,
      messageStatuses: new Map(),
      deliveryStatuses: new Map(),
      outcomeWaits: new Map(),
      lastFinished: null,
    };
    for (const id of load.accepted) {
      const runs = (runsByEvent.get(id) ?? []).filter((row) => row.run_id);
      if (runs.length === 0) result.withoutRun.push(id);
      if (runs.length > 1) result.extraRuns++;
      for (const run of runs) {
        result.started++;
        if (run.finished_at) result.lastFinished = Math.max(result.lastFinished ?? 0, run.finished_at.getTime());
        if (run.status === 'succeeded') {
          result.succeeded++;
          if (!sentMarkers.has(id)) result.succeededUnsent++;
        } else if (run.status === 'failed') {
          result.failed++;
          const code = run.code ?? 'unknown';
          result.failedByCode.set(code, (result.failedByCode.get(code) ?? 0) + 1);
          const samples = result.failureSamples.get(code) ?? [];
          const message = (run.message ?? '').slice(0, 160);
          if (samples.length < 2 && !samples.includes(message)) samples.push(message);
          result.failureSamples.set(code, samples);
          if (sentMarkers.has(id)) result.failedButSent++;
        } else if (run.status === 'cancelled') result.cancelled++;
        else {
          result.notEnded.push(run.run_id!);
          if (sentMarkers.has(id)) result.notEndedSent++;
        }
      }
    }
    result.lost = result.withoutRun.length + result.notEnded.length + (RUNS - load.accepted.size);
    if (result.notEnded.length) {
      // Not ended but with an alarm still ahead (a retry's backoff): late rather than stranded.
      const ahead = await sql.query<{ n: number }>(
        `SELECT count(DISTINCT run_id)::int AS n FROM waitpoints WHERE status = 'waiting' AND wake_at > now() AND run_id = ANY($1::uuid[])`,
        [result.notEnded],
      );
      result.lostSamples.push(`${ahead.rows[0]!.n} of the ${result.notEnded.length} runs not ended have an alarm still ahead (e.g. a retry's backoff); the others are stranded`);
    }

    // Why the lost runs stopped: their steps and waitpoints, for the first few.
    for (const id of result.withoutRun.slice(0, 3)) result.lostSamples.push(`event ${id}: accepted (202) but no run stored`);
    for (const runId of result.notEnded.slice(0, 5)) {
      const run = await sql.query(`SELECT status, remaining, updated_at FROM runs WHERE id = $1`, [runId]);
      const steps = await sql.query(`SELECT node_id, status, attempt, error->>'code' AS code FROM steps WHERE run_id = $1 ORDER BY started_at NULLS LAST`, [runId]);
      const waits = await sql.query(`SELECT node_id, kind, status, wake_at, resolved_at FROM waitpoints WHERE run_id = $1 ORDER BY created_at`, [runId]);
      const message = await sql.query(`SELECT status, provider_message_id FROM messages WHERE run_id = $1`, [runId]);
      result.lostSamples.push(
        `run ${runId} ${run.rows[0]?.status} (updated ${run.rows[0]?.updated_at?.toISOString()}): steps ${steps.rows.map((s) => `${s.node_id}=${s.status}#${s.attempt}${s.code ? `:${s.code}` : ''}`).join(' ')}; ` +
          `waitpoints ${waits.rows.map((w) => `${w.node_id}/${w.kind}=${w.status}${w.wake_at ? ` wake ${w.wake_at.toISOString()}` : ''}${w.resolved_at ? ' resolved' : ''}`).join(' ') || '-'}; ` +
          `message ${message.rows.map((m) => `${m.status} ${m.provider_message_id ?? ''}`).join(' ') || '-'}`,
      );
    }

    const duplicates = meta.sends.filter(([, count]) => count > 1);
    result.duplicates = duplicates.reduce((sum, [, count]) => sum + count - 1, 0);
    result.duplicateSamples = duplicates.slice(0, 3).map(([key, count]) => `${key.split('|').at(-1)} ×${count}`);
    const messages = await sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM messages WHERE direction = 'outbound' GROUP BY status ORDER BY status`);
    for (const row of messages.rows) result.messageStatuses.set(row.status, row.n);
    const deliveries = await sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status`);
    for (const row of deliveries.rows) result.deliveryStatuses.set(row.status, row.n);
    const outcomes = await sql.query<{ ending: string; n: number }>(
      `SELECT CASE WHEN status = 'waiting' THEN 'still waiting' WHEN resolution = 'reply' THEN 'settled by a report' ELSE 'grace period ended' END AS ending, count(*)::int AS n
         FROM waitpoints WHERE kind = 'outcome' GROUP BY 1 ORDER BY 1`,
    );
    for (const row of outcomes.rows) result.outcomeWaits.set(row.ending, row.n);
    return result;
  });
}

async function unprocessedDeliveries(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (sql) => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'received'`)).rows[0]!.n);
}

async function withClient<T>(databaseUrl: string, work: (sql: Client) => Promise<T>): Promise<T> {
  const sql = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  sql.on('error', () => {});
  await sql.connect();
  try {
    return await work(sql);
  } finally {
    await sql.end().catch(() => {});
  }
}

function formatCounts(counts: Map<string, number>): string {
  return counts.size ? ` (${[...counts].map(([key, n]) => `${key} ${n}`).join(', ')})` : '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
