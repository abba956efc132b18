import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Agent, request } from 'undici';
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, findServices } from '../infra/find-services';
import { type Api, apiClient, callCompletedEvent } from './bench-api';
import { startEngineProcess } from './engine-process';
import { cpuSeconds } from './process-cpu';
import { rawBullmqChains } from './raw-bullmq';

/**
 * `pnpm bench`: the engine on this machine's Postgres and Redis, measured through its HTTP
 * API like an integration would use it.
 *
 * 1. Throughput: N `call.completed` events (default 5,000) posted with concurrency C to a
 *    published flow call.completed → flow.branch → whatsapp.send_template (sandbox); runs per
 *    second from the first event to the last run finished, every step stored.
 * 2. Latency at a steady rate (default 200 events/s for 10 s): p50/p99 from posting the event
 *    to the message being stored.
 * 3. The same machine's raw BullMQ ceiling: 3-job chains with nothing else, and the ratio.
 *
 * Environment: BENCH_EVENTS, BENCH_CONCURRENCY, BENCH_RATE, BENCH_SECONDS, WORKER_CONCURRENCY,
 * BENCH_TOPOLOGY (`all`: one process, the default; `split`: an API process and a worker process),
 * BENCH_NODE_ARGS (extra node flags for the engine process, e.g. `--cpu-prof`).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const API_KEY = `sb_bench_${randomBytes(12).toString('hex')}`;

async function main(): Promise<void> {
  const services = await findServices((message) => console.log(message));
  const id = randomBytes(4).toString('hex');
  const database = `switchboard_bench_${id}`;
  const prefix = `{sbbench-${id}}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  await migrate(dbUrl);

  console.log(`\nSwitchboard benchmark — ${EVENTS} events, concurrency ${CONCURRENCY}; steady ${RATE}/s for ${SECONDS} s`);
  const shared = { DATABASE_URL: dbUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX: prefix };
  // One process (ROLE=all, the default), or an API process and a worker process (BENCH_TOPOLOGY=split).
  const split = process.env.BENCH_TOPOLOGY === 'split';
  const engine = await startEngineProcess({ ...shared, BOOTSTRAP_API_KEY: API_KEY, ROLE: split ? 'api' : 'all' });
  const worker = split ? await startEngineProcess({ ...shared, BOOTSTRAP_API_KEY: API_KEY, ROLE: 'worker', PORT: '0' }, 'worker started') : null;
  const sql = new Client({ connectionString: dbUrl });
  await sql.connect();
  const agent = new Agent({ connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    const api = apiClient(engine.url, API_KEY, agent);

    const connection = await api('POST', '/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: {} });
    const flow = await api('POST', '/api/flows', { name: 'Bench', graph: benchGraph(connection.body.id) });
    const published = await api('POST', `/api/flows/${flow.body.id}/publish`);
    if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);

    // Warm-up: JIT, connection pools, caches.
    await burst(api, 'warm', 300, CONCURRENCY);
    await waitForRuns(sql, 300);

    const sent = new Map<string, number>();
    const pids = [engine.pid, ...(worker ? [worker.pid] : [])];
    const cpuBefore = pids.map(cpuSeconds);
    const startedAt = Date.now();
    await burst(api, 'burst', EVENTS, CONCURRENCY, sent);
    const postedAt = Date.now();
    const finishedAt = await waitForRuns(sql, 300 + EVENTS);
    const cpuPerRun = pids.map((pid, index) => ((cpuSeconds(pid) - cpuBefore[index]!) / EVENTS) * 1e6);
    const throughput = EVENTS / ((finishedAt - startedAt) / 1000);
    const burstLatency = await latencies(sql, sent);
    const batching = summarizeBatchers(await (await request(`${engine.url}/metrics`, { dispatcher: agent })).body.text());

    const steadySent = new Map<string, number>();
    await steady(api, RATE, SECONDS, steadySent);
    await waitForRuns(sql, 300 + EVENTS + steadySent.size);
    const steadyLatency = await latencies(sql, steadySent);
    if (process.env.BENCH_DEBUG) console.log((await (await request(`${engine.url}/metrics`, { dispatcher: agent })).body.text()).split('\n').filter((line) => /eventloop_lag|batch_flush_seconds_(sum|count)|cpu_seconds_total/.test(line)).join('\n'));
    const phases = await phaseBreakdown(sql, 'steady-%');
    const failed = await sql.query(`SELECT count(*)::int AS n FROM runs WHERE status <> 'succeeded'`);
    const steps = await sql.query(`SELECT count(*)::int AS n FROM steps`);

    await engine.stop();
    await worker?.stop();
    const ceiling = await rawBullmqChains(services.redisUrl, `${prefix}raw`, EVENTS, Number(process.env.WORKER_CONCURRENCY ?? 50));

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log('');
    console.log(`throughput          ${throughput.toFixed(0)} runs/s  (${EVENTS} runs, ${((finishedAt - startedAt) / 1000).toFixed(2)} s from first event to last run; posting took ${((postedAt - startedAt) / 1000).toFixed(2)} s)`);
    console.log(`  burst latency     p50 ${ms(burstLatency.p50)}  p99 ${ms(burstLatency.p99)}  (event posted → message stored, under full load)`);
    console.log(`  engine CPU        ${cpuPerRun.map((us) => `${us.toFixed(0)} µs`).join(' + ')} per run${worker ? ' (API + worker)' : ''}, all threads of the process`);
    console.log(`  batching          ${batching}`);
    console.log(`steady ${RATE}/s       p50 ${ms(steadyLatency.p50)}  p99 ${ms(steadyLatency.p99)}  max ${ms(steadyLatency.max)}  (${steadySent.size} events)`);
    console.log(`  where it goes     ${phases}`);
    console.log(`raw BullMQ ceiling  ${ceiling.toFixed(0)} 3-job chains/s on this machine`);
    console.log(`ratio               ${(throughput / ceiling).toFixed(2)} of the raw ceiling`);
    console.log(`stored              ${steps.rows[0].n} steps; ${failed.rows[0].n} runs not succeeded`);
  } finally {
    await engine.stop().catch(() => {});
    await worker?.stop().catch(() => {});
    await sql.end();
    await agent.close();
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await deleteKeys(services.redisUrl, prefix);
    await services.stop();
  }
}

function benchGraph(connectionId: string) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: { callType: 'connected' } },
      {
        id: 'booked',
        type: 'flow.branch',
        config: { branches: [{ key: 'booked', label: 'Booked', condition: { '==': [{ var: 'trigger.variables.appointment_booked' }, true] } }] },
      },
      {
        id: 'confirm',
        type: 'whatsapp.send_template',
        config: {
          connectionId,
          template: 'appointment_confirmation',
          language: 'en',
          to: '{{trigger.customer.phone}}',
          parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}', '{{trigger.variables.appointment_time}}'],
        },
      },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'booked' },
      { id: 'e2', source: 'booked', sourceHandle: 'booked', target: 'confirm' },
    ],
  };
}

async function burst(api: Api, label: string, count: number, concurrency: number, sent?: Map<string, number>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const id = `${label}-${next++}`;
      sent?.set(id, Date.now());
      const answer = await api('POST', '/api/events', callCompletedEvent(id));
      if (answer.status !== 202 || answer.body.runs.length !== 1) throw new Error(`event ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function steady(api: Api, rate: number, seconds: number, sent: Map<string, number>): Promise<void> {
  const total = rate * seconds;
  const start = Date.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const id = `steady-${i}`;
    sent.set(id, Date.now());
    inFlight.push(api('POST', '/api/events', callCompletedEvent(id)));
  }
  await Promise.all(inFlight);
}

/**
 * Waits until every run the events started has finished; answers the last finish time. Polls the
 * small partial index of unfinished runs, so watching costs Postgres little while it is measured.
 */
async function waitForRuns(sql: Client, total: number): Promise<number> {
  for (;;) {
    const { rows } = await sql.query(`SELECT EXISTS (SELECT 1 FROM runs WHERE finished_at IS NULL) AS busy`);
    if (!rows[0].busy) {
      const done = await sql.query(`SELECT count(*)::int AS n, max(finished_at) AS last FROM runs WHERE status IN ('succeeded', 'failed')`);
      if (done.rows[0].n >= total) return new Date(done.rows[0].last).getTime();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function latencies(sql: Client, sent: Map<string, number>): Promise<{ p50: number; p99: number; max: number }> {
  const { rows } = await sql.query(
    `SELECT e.external_id, m.created_at FROM messages m JOIN runs r ON r.id = m.run_id JOIN events e ON e.id = r.event_id WHERE e.external_id = ANY($1::text[])`,
    [[...sent.keys()]],
  );
  const values = rows.map((row) => new Date(row.created_at).getTime() - sent.get(row.external_id)!).sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: values.at(-1) ?? NaN };
}

/** Removes the benchmark's Redis keys (its queue, the sweep's scheduler). */
async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for (const pattern of [`${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}

/** Mean items and milliseconds per round trip of each batcher, from the engine's /metrics. */
function summarizeBatchers(metrics: string): string {
  const value = (name: string, batcher: string) =>
    Number(new RegExp(`^${name}\\{batcher="${batcher}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const names = [...new Set([...metrics.matchAll(/^switchboard_batch_size_count\{batcher="([^"]+)"\}/gm)].map((match) => match[1]!))];
  return names
    .map((name) => {
      const count = value('switchboard_batch_size_count', name);
      const items = value('switchboard_batch_size_sum', name) / count;
      const ms = (value('switchboard_batch_flush_seconds_sum', name) / count) * 1000;
      return `${name} ${items.toFixed(1)} items/${ms.toFixed(1)} ms`;
    })
    .join(', ');
}

/** Median time of each stretch of a run, from what the engine stored (steady phase). */
async function phaseBreakdown(sql: Client, pattern: string): Promise<string> {
  const { rows } = await sql.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.started_at - r.created_at) * 1000) AS to_first_step,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.finished_at - b.started_at) * 1000) AS branch,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.started_at - b.finished_at) * 1000) AS to_second_step,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.finished_at - c.started_at) * 1000) AS send,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.finished_at - c.finished_at) * 1000) AS store
       FROM runs r JOIN events e ON e.id = r.event_id
       JOIN steps b ON b.run_id = r.id AND b.node_id = 'booked'
       JOIN steps c ON c.run_id = r.id AND c.node_id = 'confirm'
      WHERE e.external_id LIKE $1`,
    [pattern],
  );
  const row = rows[0];
  const f = (value: number) => `${Number(value).toFixed(1)}`;
  return `medians (ms): run created → branch starts ${f(row.to_first_step)}, branch ${f(row.branch)}, → send starts ${f(row.to_second_step)}, send ${f(row.send)}, → run stored ${f(row.store)}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
