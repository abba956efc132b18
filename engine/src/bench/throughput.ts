import { request } from 'undici';
import { type Api, callCompletedEvent, confirmationSend } from './bench-api';
import type { Stage } from './bench-stage';
import { cpuSeconds } from './process-cpu';
import { type Latencies, latencies } from './stored-runs';

/** Events posted before measuring (JIT, connection pools, caches): a fifth of the burst, at most this many. */
const WARM_UP = 300;

export interface Throughput {
  runsPerSecond: number;
  runs: number;
  /** From the first event posted to the last run finished. */
  seconds: number;
  postingSeconds: number;
  /** Event posted → message stored, every event of the burst queued at once: mostly queueing. */
  latency: Latencies;
  batching: string;
  /** CPU microseconds each engine process spent per run of the burst (all its threads, GC included). */
  cpuPerRun: number[];
}

/** Publishes the bench flow, call.completed → flow.branch → whatsapp.send_template (sandbox); answers its id. */
export async function publishBenchFlow(api: Api): Promise<string> {
  const connection = await api('POST', '/api/connections', { name: 'Sandbox', provider: 'whatsapp.sandbox', config: {} });
  const flow = await api('POST', '/api/flows', { name: 'Bench', graph: benchGraph(connection.body.id) });
  const published = await api('POST', `/api/flows/${flow.body.id}/publish`);
  if (published.status !== 200) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return flow.body.id;
}

/**
 * Warms up, then posts `events` call.completed events with `concurrency` requests at a time and
 * waits for every run: runs per second with every step stored. `label` keeps event ids unique.
 * `beforeBurst` runs after the warm-up, where a caller takes its own first readings.
 */
export async function measureThroughput(stage: Stage, label: string, events: number, concurrency: number, beforeBurst?: () => Promise<void>): Promise<Throughput> {
  const warmUp = Math.min(WARM_UP, Math.ceil(events / 5));
  await burst(stage.api, `${label}-warm`, warmUp, concurrency);
  await stage.waitForRuns(warmUp);
  await beforeBurst?.();
  const sent = new Map<string, number>();
  const cpuBefore = stage.pids.map(cpuSeconds);
  const startedAt = Date.now();
  await burst(stage.api, `${label}-burst`, events, concurrency, sent);
  const postedAt = Date.now();
  const finishedAt = await stage.waitForRuns(events);
  const cpuPerRun = stage.pids.map((pid, index) => ((cpuSeconds(pid) - cpuBefore[index]!) / events) * 1e6);
  const metrics = await (await request(`${stage.url}/metrics`, { dispatcher: stage.agent })).body.text();
  return {
    runsPerSecond: events / ((finishedAt - startedAt) / 1000),
    runs: events,
    seconds: (finishedAt - startedAt) / 1000,
    postingSeconds: (postedAt - startedAt) / 1000,
    latency: await latencies(stage.sql, sent),
    batching: summarizeBatchers(metrics),
    cpuPerRun,
  };
}

/** Closed loop: `concurrency` callers, each posting its next event when the last one is answered; each event must start exactly one run. */
async function burst(api: Api, label: string, count: number, concurrency: number, sent?: Map<string, number>): Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < count) {
      const id = `${label}-${next++}`;
      sent?.set(id, Date.now());
      const answer = await api('POST', '/api/events', callCompletedEvent(id));
      if (answer.status !== 202 || answer.body.runs.length !== 1) throw new Error(`event ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
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
      confirmationSend('confirm', connectionId),
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'booked' },
      { id: 'e2', source: 'booked', sourceHandle: 'booked', target: 'confirm' },
    ],
  };
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
