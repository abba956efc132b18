import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The engine's Prometheus metrics (`GET /metrics`): process defaults, and what tells whether
 * the executor keeps up — steps by type and outcome, events, and each batcher's flush sizes
 * and durations (a growing flush time is Postgres or Redis saturating).
 */
export class EngineMetrics {
  readonly registry = new Registry();

  readonly steps = new Counter({
    name: 'switchboard_steps_total',
    help: 'Steps stored, by node type and status',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: 'switchboard_events_total',
    help: 'Events taken in, by type and whether they were duplicates',
    labelNames: ['type', 'duplicate'] as const,
    registers: [this.registry],
  });

  readonly runsStarted = new Counter({ name: 'switchboard_runs_started_total', help: 'Runs started', registers: [this.registry] });

  readonly webhookItemsDropped = new Counter({
    name: 'switchboard_webhook_items_dropped_total',
    help: 'Items of provider webhooks dropped unstored, by provider and reason (e.g. a Meta phone_number_id no connection of the workspace has)',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  readonly batchSeconds = new Histogram({
    name: 'switchboard_batch_flush_seconds',
    help: 'Duration of one batched round trip to Postgres or Redis',
    labelNames: ['batcher'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'switchboard_batch_size',
    help: 'Items carried by one batched round trip',
    labelNames: ['batcher'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /** An `observe` callback for a batcher's flushes. */
  batcher(name: string): (size: number, seconds: number) => void {
    const seconds = this.batchSeconds.labels(name);
    const size = this.batchSize.labels(name);
    return (items, duration) => {
      size.observe(items);
      seconds.observe(duration);
    };
  }
}
