import { isErrorCode } from '@switchboard/shared';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How long a scrape waits for a gauge read from Redis or Postgres: `/metrics` answers even when they do not. */
export const SCRAPE_TIMEOUT_MS = 1_000;
/** How long the waiting waitpoints count is reused between scrapes (one SQL count per 10 s at most). */
const WAITPOINTS_CACHE_MS = 10_000;

/** Label values that name something outside the known sets (a node type no catalog has, a code no one declared). */
const OTHER = 'other';
const RUN_STATUSES = new Set(['started', 'succeeded', 'failed', 'cancelled']);
const STEP_STATUSES = new Set(['running', 'waiting', 'succeeded', 'failed', 'skipped']);
const WAIT_KINDS = new Set(['delay', 'retry', 'reply', 'timeout', 'outcome', 'inactivity']);
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

export type EventResult = 'accepted' | 'duplicate' | 'refused';
export type RunCounterStatus = 'started' | 'succeeded' | 'failed' | 'cancelled';
export type WebhookDeliveryResult = 'received' | 'processed' | 'failed' | 'parked';
/**
 * Where work was held back by a rate: a sender's send rate, Meta's pair rate to one customer,
 * the sender's daily limit of unique customers, or a public route group's request rate.
 */
export type RateLimitGroup = 'whatsapp_send' | 'whatsapp_pair' | 'whatsapp_daily' | 'webhooks' | 'invoke' | 'sandbox' | 'auth';
export type QueueCounts = Partial<Record<(typeof QUEUE_STATES)[number], number>>;

/**
 * The engine's Prometheus metrics (`GET /metrics`): process defaults, what tells whether the
 * executor keeps up (steps by type, outcome and duration; events; runs by status; queue depth;
 * waitpoints waiting), what the outside world answers (provider sends, webhook deliveries,
 * rate limits), and each batcher's flush sizes and durations (a growing flush time is Postgres
 * or Redis saturating).
 *
 * Every label value comes from a bounded set — node types of the catalog, error codes of
 * `ERROR_CODES`, provider names — and anything else is counted as `other`: a user's input never
 * becomes a label (one time series per value would grow without end).
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly nodeTypes: ReadonlySet<string> | null;
  private readonly providers: ReadonlySet<string> | null;
  private readonly queues = new Map<string, () => Promise<QueueCounts>>();
  private waitpointSource?: () => Promise<Array<{ kind: string; count: number }>>;
  private waitpointCache?: { at: number; rows: Array<{ kind: string; count: number }> };

  readonly steps = new Counter({
    name: 'switchboard_steps_total',
    help: 'Steps stored, by node type and status',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });

  readonly stepSeconds = new Histogram({
    name: 'switchboard_step_duration_seconds',
    help: 'How long one execution of a step took (rendering, the node, its side effect), by node type and the status it ended in',
    labelNames: ['type', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly events = new Counter({
    name: 'switchboard_events_total',
    help: 'Events taken in, by type and result: accepted, duplicate (an id seen before) or refused (invalid)',
    labelNames: ['type', 'result'] as const,
    registers: [this.registry],
  });

  readonly runs = new Counter({
    name: 'switchboard_runs_total',
    help: 'Runs started, and runs reaching each final status (succeeded, failed, cancelled)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly providerSends = new Counter({
    name: 'switchboard_provider_sends_total',
    help: 'Calls to a WhatsApp provider to send a message, by provider and result: sent, unknown (may have been sent; awaiting its status report) or the error code',
    labelNames: ['provider', 'result'] as const,
    registers: [this.registry],
  });

  readonly webhookDeliveries = new Counter({
    name: 'switchboard_webhook_deliveries_total',
    help: 'Provider webhook deliveries, by provider and result: received (stored), processed, failed (a try failed; retried) or parked (failed for good)',
    labelNames: ['provider', 'result'] as const,
    registers: [this.registry],
  });

  readonly rateLimitDeferrals = new Counter({
    name: 'switchboard_rate_limit_deferrals_total',
    help: "Work held back by a rate limit, by group: whatsapp_send (a step deferred for its sender's send rate), whatsapp_pair (for Meta's pair rate to one customer), whatsapp_daily (for the sender's daily limit of unique customers), webhooks, invoke, sandbox, auth (requests answered 429)",
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  readonly webhookItemsDropped = new Counter({
    name: 'switchboard_webhook_items_dropped_total',
    help: 'Items of provider webhooks dropped unstored, by provider and reason (e.g. a Meta phone_number_id no connection of the workspace has)',
    labelNames: ['provider', 'reason'] as const,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'switchboard_queue_jobs',
    help: 'Jobs on each queue by state (waiting + prioritized is the depth; delayed are alarms, retries and backoffs), read from Redis at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly waitpointsWaiting = new Gauge({
    name: 'switchboard_waitpoints_waiting',
    help: 'Waitpoints waiting (delays, retries, replies, send outcomes, conversation timers), by kind; counted at most every 10 s',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly scrapeErrors = new Counter({
    name: 'switchboard_scrape_errors_total',
    help: 'Gauges a scrape could not read in time (queue: Redis; waitpoints: Postgres); their samples are left out of that scrape',
    labelNames: ['source'] as const,
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

  private pool?: { totalCount: number; idleCount: number; waitingCount: number };

  /** Read from the pool's own counters at each scrape (no query): a `waiting` above 0 for long says PG_POOL_SIZE is too small for the work. */
  readonly pgPool = new Gauge({
    name: 'switchboard_pg_pool_connections',
    help: "This process's Postgres pool (PG_POOL_SIZE): connections busy and idle, and requests waiting for one",
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: () => {
      if (!this.pool) return;
      this.pgPool.set({ state: 'busy' }, this.pool.totalCount - this.pool.idleCount);
      this.pgPool.set({ state: 'idle' }, this.pool.idleCount);
      this.pgPool.set({ state: 'waiting' }, this.pool.waitingCount);
    },
  });

  constructor(options: { nodeTypes?: Iterable<string>; providers?: Iterable<string> } = {}) {
    this.nodeTypes = options.nodeTypes ? new Set(options.nodeTypes) : null;
    this.providers = options.providers ? new Set(options.providers) : null;
    // Present from the first scrape, so a dashboard's rate() has a zero to start from.
    this.scrapeErrors.inc({ source: 'queue' }, 0);
    this.scrapeErrors.inc({ source: 'waitpoints' }, 0);
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /**
   * The exposition for `GET /metrics`. The gauges read from Redis and Postgres are read first,
   * each within `SCRAPE_TIMEOUT_MS`: one that cannot be read is left out of this scrape and
   * counted in `switchboard_scrape_errors_total` of the same scrape.
   */
  async scrape(): Promise<string> {
    await Promise.all([this.readQueues(), this.readWaitpoints()]);
    return this.registry.metrics();
  }

  /** Reads a queue's job counts at each scrape. */
  watchQueue(name: string, read: () => Promise<QueueCounts>): void {
    this.queues.set(name, read);
  }

  /** Reports the Postgres pool's connections at each scrape. */
  watchPool(pool: { totalCount: number; idleCount: number; waitingCount: number }): void {
    this.pool = pool;
  }

  /** Counts the waiting waitpoints by kind (cached for 10 s between scrapes). */
  watchWaitpoints(read: () => Promise<Array<{ kind: string; count: number }>>): void {
    this.waitpointSource = read;
    this.waitpointCache = undefined;
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

  event(type: string, result: EventResult): void {
    this.events.inc({ type: this.nodeType(type), result });
  }

  run(status: RunCounterStatus, count = 1): void {
    if (count > 0 && RUN_STATUSES.has(status)) this.runs.inc({ status }, count);
  }

  /** A step stored; `seconds` when it was executed (not a trigger step or a skip). */
  step(type: string, status: string, seconds?: number): void {
    const labels = { type: this.nodeType(type), status: STEP_STATUSES.has(status) ? status : OTHER };
    this.steps.inc(labels);
    if (seconds !== undefined && Number.isFinite(seconds)) this.stepSeconds.observe(labels, Math.max(0, seconds));
  }

  /** A provider send's result: `sent`, `unknown`, or the StepError code it failed with. */
  providerSend(provider: string, result: string): void {
    this.providerSends.inc({ provider: this.provider(provider), result: result === 'sent' || result === 'unknown' || isErrorCode(result) ? result : OTHER });
  }

  webhookDelivery(provider: string, result: WebhookDeliveryResult): void {
    this.webhookDeliveries.inc({ provider: this.provider(provider), result });
  }

  rateLimited(group: RateLimitGroup): void {
    this.rateLimitDeferrals.inc({ group });
  }

  private nodeType(type: string): string {
    return this.nodeTypes && !this.nodeTypes.has(type) ? OTHER : type;
  }

  private provider(provider: string): string {
    return this.providers && !this.providers.has(provider) ? OTHER : provider;
  }

  private async readQueues(): Promise<void> {
    this.queueJobs.reset();
    await Promise.all(
      [...this.queues].map(async ([queue, read]) => {
        try {
          const counts = await withinScrape(read());
          for (const state of QUEUE_STATES) if (counts[state] !== undefined) this.queueJobs.set({ queue, state }, counts[state]!);
        } catch {
          this.scrapeErrors.inc({ source: 'queue' });
        }
      }),
    );
  }

  private async readWaitpoints(): Promise<void> {
    this.waitpointsWaiting.reset();
    if (!this.waitpointSource) return;
    try {
      for (const row of await this.waitingWaitpoints()) this.waitpointsWaiting.set({ kind: WAIT_KINDS.has(row.kind) ? row.kind : OTHER }, row.count);
    } catch {
      this.scrapeErrors.inc({ source: 'waitpoints' });
    }
  }

  private async waitingWaitpoints(): Promise<Array<{ kind: string; count: number }>> {
    if (this.waitpointCache && Date.now() - this.waitpointCache.at < WAITPOINTS_CACHE_MS) return this.waitpointCache.rows;
    const rows = await withinScrape(this.waitpointSource!());
    this.waitpointCache = { at: Date.now(), rows };
    return rows;
  }
}

/** `read`, or a rejection once the scrape's time for it is over. */
async function withinScrape<T>(read: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([read, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('scrape timeout')), SCRAPE_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}
