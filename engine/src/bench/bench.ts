import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { findServices } from '../infra/find-services';
import { openStage, type Stage, type Topology, TOPOLOGY_LABEL } from './bench-stage';
import { manyFlows, type ManyFlows } from './many-flows';
import { formatPeaks, type MemoryReport } from './process-memory';
import { rateSweep, type SweepStep } from './rate-sweep';
import { rawBullmqChains } from './raw-bullmq';
import { measureThroughput, publishBenchFlow, type Throughput } from './throughput';
import { webhookLoad, type WebhookLoad } from './webhook-load';

/**
 * `pnpm bench`: the engine on this machine's Postgres and Redis, measured through its HTTP
 * API like an integration would use it. Figures, not tests: nothing here fails on a slow result.
 * Each stage runs on its own fresh database and Redis prefix.
 *
 * 1. Throughput, in each topology: N `call.completed` events (default 5,000) posted with
 *    concurrency C to a published flow call.completed → flow.branch → whatsapp.send_template
 *    (sandbox); runs per second from the first event to the last run finished, every step
 *    stored, and its ratio to the raw ceiling (5). The burst's latency is mostly queueing.
 * 2. Rate sweep (first topology): open-loop load at each rate for S seconds, event i sent at
 *    start + i/rate whatever the answers; per rate the rate kept, p50/p99/max from posting the
 *    event to the message being stored, and the events not answered 202.
 * 3. Webhook ingress (first topology): autocannon through `POST /webhooks/in/<path>` to a flow
 *    webhook.received → flow.branch → flow.set; requests/s, p50/p99, non-2xx; then how many runs
 *    completed and how long after the load the last one finished.
 * 4. Many flows (first topology, fresh database): F flows on call.completed, one matching the
 *    events; a throughput burst of M events, and its ratio to the single-flow figure.
 * 5. The same machine's raw BullMQ ceiling, after the engines stopped: 3-job chains with nothing else.
 * Throughout: the peak RSS of every engine process per phase (sampled every 100 ms) and its VmHWM.
 *
 * Environment: BENCH_EVENTS (N, 5000), BENCH_CONCURRENCY (C, 64), BENCH_TOPOLOGY (`all`: one
 * process; `split`: an API process and a worker process; `both`, the default: all, then split),
 * BENCH_SWEEP (rates per second, comma-separated, default 100,200,500,1000; empty skips stage 2),
 * BENCH_SECONDS (S per rate, 10), BENCH_WEBHOOK_SECONDS (10; 0 skips stage 3),
 * BENCH_WEBHOOK_CONNECTIONS (20), BENCH_FLOWS (F, 1000; 0 skips stage 4), BENCH_FLOWS_EVENTS (M,
 * the burst's N, so the two figures compare), WORKER_CONCURRENCY (the raw ceiling's,
 * 50), BENCH_NODE_ARGS (extra node flags for the engine processes, e.g. `--cpu-prof`),
 * BENCH_DEBUG (print event-loop, batch, CPU and heap metrics after the sweep).
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const TOPOLOGIES = topologies(process.env.BENCH_TOPOLOGY ?? 'both');
const SWEEP = (process.env.BENCH_SWEEP ?? '100,200,500,1000').split(',').filter(Boolean).map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WEBHOOK_SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const WEBHOOK_CONNECTIONS = Number(process.env.BENCH_WEBHOOK_CONNECTIONS ?? 20);
const FLOWS = Number(process.env.BENCH_FLOWS ?? 1000);
const FLOWS_EVENTS = Number(process.env.BENCH_FLOWS_EVENTS ?? EVENTS);
const API_KEY = `sb_bench_${randomBytes(12).toString('hex')}`;

interface Figures {
  throughput: Map<Topology, Throughput>;
  sweep: SweepStep[];
  webhook?: WebhookLoad;
  many?: ManyFlows;
  /** Per stage, in order: what its processes used and what its database held at the end. */
  stages: Array<{ label: string; memory: MemoryReport; stored: { steps: number; notSucceeded: number } }>;
}

async function main(): Promise<void> {
  const services = await findServices((message) => console.log(message));
  const primary = TOPOLOGIES[0]!;
  const figures: Figures = { throughput: new Map(), sweep: [], stages: [] };
  console.log(
    `\nSwitchboard benchmark — bursts of ${EVENTS} events, concurrency ${CONCURRENCY}; topologies ${TOPOLOGIES.join(', ')}; ` +
      `sweep ${SWEEP.length > 0 ? `${SWEEP.join(', ')}/s × ${SECONDS} s` : 'skipped'}; ` +
      `webhook ${WEBHOOK_SECONDS > 0 ? `${WEBHOOK_CONNECTIONS} connections × ${WEBHOOK_SECONDS} s` : 'skipped'}; ` +
      `many flows ${FLOWS > 0 ? `${FLOWS} flows, ${FLOWS_EVENTS} events` : 'skipped'}`,
  );
  /** Runs `work` on a fresh stage, keeping its memory and stored totals even when `work` fails. */
  const inStage = async <T>(label: string, topology: Topology, work: (stage: Stage) => Promise<T>): Promise<T> => {
    progress(`stage: ${label}`);
    const stage = await openStage(services, topology, API_KEY);
    try {
      return await work(stage);
    } finally {
      figures.stages.push({ label, ...(await stage.close()) });
    }
  };
  try {
    for (const topology of TOPOLOGIES) {
      await inStage(TOPOLOGY_LABEL[topology], topology, async (stage) => {
        await publishBenchFlow(stage.api);
        stage.memory.phase('throughput');
        progress('throughput');
        figures.throughput.set(topology, await measureThroughput(stage, topology, EVENTS, CONCURRENCY));
        if (topology !== primary) return;
        if (SWEEP.length > 0) progress(`rate sweep ${SWEEP.join(', ')}/s`);
        figures.sweep = await rateSweep(stage, SWEEP, SECONDS);
        if (process.env.BENCH_DEBUG) console.log(await debugMetrics(stage));
        if (WEBHOOK_SECONDS === 0) return;
        progress('webhook ingress');
        figures.webhook = await webhookLoad(stage, WEBHOOK_SECONDS, WEBHOOK_CONNECTIONS);
      });
    }
    if (FLOWS > 0) figures.many = await inStage(`${TOPOLOGY_LABEL[primary]}, ${FLOWS} flows`, primary, (stage) => manyFlows(stage, FLOWS, FLOWS_EVENTS, CONCURRENCY));
    progress('raw BullMQ ceiling');
    const ceiling = await rawBullmqChains(services.redisUrl, `{sbbench-${randomBytes(4).toString('hex')}}raw`, EVENTS, Number(process.env.WORKER_CONCURRENCY ?? 50));
    print(figures, ceiling, primary);
  } finally {
    await services.stop();
  }
}

function print(figures: Figures, ceiling: number, primary: Topology): void {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const where = TOPOLOGY_LABEL[primary];
  const burstLatency = (latency: Throughput['latency'], events = EVENTS) =>
    `  burst latency (queueing under a ${events}-event burst)  p50 ${ms(latency.p50)}  p99 ${ms(latency.p99)}  (event posted → message stored)`;
  console.log('');
  console.log(`raw BullMQ ceiling        ${ceiling.toFixed(0)} 3-job chains/s on this machine (after the engines stopped)`);
  for (const [topology, throughput] of figures.throughput) {
    console.log(
      `throughput (${TOPOLOGY_LABEL[topology]})`.padEnd(26) +
        `${throughput.runsPerSecond.toFixed(0)} runs/s, ${(throughput.runsPerSecond / ceiling).toFixed(2)} of the raw ceiling  ` +
        `(${throughput.runs} runs, ${throughput.seconds.toFixed(2)} s from first event to last run; posting took ${throughput.postingSeconds.toFixed(2)} s)`,
    );
    console.log(burstLatency(throughput.latency));
    console.log(`  engine CPU per run      ${throughput.cpuPerRun.map((us) => `${us.toFixed(0)} µs`).join(' + ')}${throughput.cpuPerRun.length > 1 ? ' (API + worker)' : ''}, every thread of the process`);
    console.log(`  batching (API process)  ${throughput.batching}`);
  }
  if (figures.sweep.length > 0) console.log(`rate sweep (${where}, open loop, ${SECONDS} s per rate; event posted → message stored)`);
  for (const step of figures.sweep) {
    console.log(
      `  ${`${step.rate}/s`.padEnd(7)} sent ${step.achievedRate.toFixed(0)}/s  p50 ${ms(step.latency.p50)}  p99 ${ms(step.latency.p99)}  max ${ms(step.latency.max)}  ` +
        `${step.refused} of ${step.events} events not answered 202`,
    );
    console.log(`          ${step.phases}`);
  }
  const webhook = figures.webhook;
  if (webhook) {
    console.log(
      `webhook ingress (${where}, ${WEBHOOK_CONNECTIONS} connections, ${WEBHOOK_SECONDS} s)  ${webhook.requestsPerSecond.toFixed(0)} requests/s  ` +
        `p50 ${ms(webhook.p50)}  p99 ${ms(webhook.p99)}  ${webhook.non2xx} non-2xx, ${webhook.errors} without an answer`,
    );
    console.log(
      `  runs                    ${webhook.runsSucceeded} of ${webhook.runsStarted} started runs succeeded (${webhook.answered2xx} requests answered 2xx); ` +
        `the last finished ${webhook.drainSeconds.toFixed(1)} s after the load ended`,
    );
  }
  const many = figures.many;
  const single = figures.throughput.get(primary);
  if (many && single) {
    console.log(
      `many flows (${where}, ${many.flows} on call.completed, 1 matching)  ${many.throughput.runsPerSecond.toFixed(0)} runs/s, ` +
        `${(many.throughput.runsPerSecond / single.runsPerSecond).toFixed(2)} of the single-flow figure  ` +
        `(${many.throughput.runs} runs in ${many.throughput.seconds.toFixed(2)} s; creating and publishing ${many.flows - 1} flows took ${many.setupSeconds.toFixed(1)} s)`,
    );
    console.log(burstLatency(many.throughput.latency, many.throughput.runs));
  }
  console.log('memory (peak RSS in MiB, sampled every 100 ms)');
  for (const stage of figures.stages) {
    for (const [phase, peaks] of stage.memory.phases) console.log(`  ${`${stage.label}: ${phase}`.padEnd(40)} ${formatPeaks(peaks)}`);
    console.log(`  ${`${stage.label}: high-water mark (VmHWM)`.padEnd(40)} ${formatPeaks(stage.memory.highWater)}`);
  }
  console.log(`stored                    ${figures.stages.map((stage) => `${stage.label}: ${stage.stored.steps} steps, ${stage.stored.notSucceeded} runs not succeeded`).join('; ')}`);
}

/** Where the bench is, on stderr: a full run takes minutes and prints its figures at the end. */
function progress(what: string): void {
  console.error(`  ${new Date().toISOString().slice(11, 19)} ${what}`);
}

function topologies(value: string): Topology[] {
  if (value === 'both') return ['all', 'split'];
  if (value === 'all' || value === 'split') return [value];
  throw new Error(`BENCH_TOPOLOGY must be all, split or both, not ${value}`);
}

/** Event-loop lag, batch flushes, CPU time and memory from the engine's /metrics (BENCH_DEBUG). */
async function debugMetrics(stage: Stage): Promise<string> {
  const metrics = await (await request(`${stage.url}/metrics`, { dispatcher: stage.agent })).body.text();
  return metrics
    .split('\n')
    .filter((line) => /eventloop_lag|batch_flush_seconds_(sum|count)|cpu_seconds_total|heap_size_(used|total)_bytes|external_memory_bytes|resident_memory_bytes/.test(line))
    .join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
