import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Agent } from 'undici';
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, findServices } from '../infra/find-services';
import { apiClient } from './bench-api';
import { deleteKeys } from './bench-stage';
import { startEngineProcess } from './engine-process';

/**
 * `pnpm bench`, in-call functions: how long a voice agent waits for a function whose flow is
 * validate → send a WhatsApp template (sandbox) → respond (the gallery's send_payment_link),
 * measured from sending `POST /api/functions/send_payment_link/invoke` to reading the whole
 * answer, through the HTTP API like a voice platform would call it.
 *
 * For each topology — one process (ROLE=all) and an API process with a separate worker process
 * (the answer crosses processes over Redis) — after a warm-up:
 * 1. one call at a time (an idle engine: the floor of the latency);
 * 2. a steady rate of calls (default 50/s for 10 s), each answer awaited concurrently.
 *
 * Environment: BENCH_FN_SEQUENTIAL (calls, default 300), BENCH_FN_RATE (default 50),
 * BENCH_FN_SECONDS (default 10), BENCH_FN_TOPOLOGY (`all`, `split` or `both`, the default).
 */
const SEQUENTIAL = Number(process.env.BENCH_FN_SEQUENTIAL ?? 300);
const RATE = Number(process.env.BENCH_FN_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_FN_SECONDS ?? 10);
const TOPOLOGIES = (process.env.BENCH_FN_TOPOLOGY ?? 'both') === 'both' ? ['all', 'split'] : [process.env.BENCH_FN_TOPOLOGY!];

interface Latencies {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

async function main(): Promise<void> {
  const services = await findServices((message) => console.log(message));
  console.log(`\nIn-call functions benchmark — validate → send template (sandbox) → respond; ${SEQUENTIAL} calls one at a time, then ${RATE}/s for ${SECONDS} s`);
  const results: Array<{ topology: string; sequential: Latencies; steady: Latencies; phases: string }> = [];
  try {
    for (const topology of TOPOLOGIES) results.push({ topology, ...(await measure(services, topology)) });
  } finally {
    await services.stop();
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log('');
  for (const { topology, sequential, steady, phases } of results) {
    const label = topology === 'split' ? 'API + worker processes' : 'one process (ROLE=all)';
    console.log(`${label}`);
    console.log(`  one at a time     p50 ${ms(sequential.p50)}  p99 ${ms(sequential.p99)}  max ${ms(sequential.max)}  (${sequential.count} calls)`);
    console.log(`  steady ${RATE}/s       p50 ${ms(steady.p50)}  p99 ${ms(steady.p99)}  max ${ms(steady.max)}  (${steady.count} calls)`);
    console.log(`  where it goes     ${phases}`);
  }
  console.log('  (invoke sent → answer { sent: true, messageId } read; goal p99 < 100 ms)');
}

async function measure(services: { adminUrl: string; redisUrl: string }, topology: string): Promise<{ sequential: Latencies; steady: Latencies; phases: string }> {
  const id = randomBytes(4).toString('hex');
  const database = `switchboard_fnbench_${id}`;
  const prefix = `{sbfnbench-${id}}`;
  const apiKey = `sb_bench_${randomBytes(12).toString('hex')}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  await migrate(dbUrl);
  // One load generator on one address: the per-address rate limit of public routes is off here.
  const shared = { DATABASE_URL: dbUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX: prefix, BOOTSTRAP_API_KEY: apiKey, RATE_LIMIT_PER_SECOND: '0' };
  const split = topology === 'split';
  const engine = await startEngineProcess({ ...shared, ROLE: split ? 'api' : 'all' });
  const worker = split ? await startEngineProcess({ ...shared, ROLE: 'worker' }, 'worker started') : null;
  const agent = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    const api = apiClient(engine.url, apiKey, agent);

    await api('POST', '/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: {} });
    const flow = await api('POST', '/api/flows', { name: 'Payment link', fromTemplate: 'send_payment_link' });
    const published = await api('POST', `/api/flows/${flow.body.id}/publish`);
    if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);

    let calls = 0;
    const invoke = async (): Promise<number> => {
      const n = calls++;
      const startedAt = process.hrtime.bigint();
      const answer = await api('POST', '/api/functions/send_payment_link/invoke', {
        callId: `bench-call-${n}`,
        customer: { phone: '+14155551234', name: 'Alex' },
        agent: { id: 'agent_bench', name: 'Bench' },
        arguments: { amount: 100 + (n % 900) },
      });
      const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
      if (answer.status !== 200 || answer.body?.sent !== true) throw new Error(`call ${n}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return ms;
    };

    // Warm-up: JIT, pools, caches.
    for (let i = 0; i < 100; i++) await invoke();
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 25; i++) await invoke();
    }));

    const sequential: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await invoke());

    const steady: Array<Promise<number>> = [];
    const start = Date.now();
    for (let i = 0; i < RATE * SECONDS; i++) {
      const wait = start + (i * 1000) / RATE - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      steady.push(invoke());
    }
    const steadyLatencies = summarize(await Promise.all(steady));
    return { sequential: summarize(sequential), steady: steadyLatencies, phases: await phaseBreakdown(dbUrl) };
  } finally {
    await engine.stop();
    await worker?.stop();
    await agent.close();
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await deleteKeys(services.redisUrl, prefix);
  }
}

/** Median time of each stretch of a call's run, from what the engine stored (the one-at-a-time calls). */
async function phaseBreakdown(dbUrl: string): Promise<string> {
  const sql = new Client({ connectionString: dbUrl });
  await sql.connect();
  try {
    const { rows } = await sql.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.started_at - r.created_at) * 1000) AS to_send,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.finished_at - s.started_at) * 1000) AS send,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - s.finished_at) * 1000) AS to_respond,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.finished_at - a.started_at) * 1000) AS respond
         FROM runs r
         JOIN steps s ON s.run_id = r.id AND s.node_id = 'send_link'
         JOIN steps a ON a.run_id = r.id AND a.node_id = 'respond_sent'`,
    );
    const f = (value: number) => Number(value).toFixed(1);
    const row = rows[0];
    return `medians (ms): run created → send starts ${f(row.to_send)}, send ${f(row.send)}, → respond starts ${f(row.to_respond)}, respond ${f(row.respond)}`;
  } finally {
    await sql.end();
  }
}

function summarize(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, count: sorted.length };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
