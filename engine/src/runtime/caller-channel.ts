import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { CallerAnswer } from '@switchboard/nodes';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { EngineConfig } from '../config/config';
import type { CallerNotifier } from '../execution/ports';
import { TERMINAL_RUN_STATUSES, type RunStatus } from '../execution/types';
import { PubSub } from './pubsub';
import { CONFIG, LOGGER, PG_POOL } from './tokens';

/** How a wait for a run's answer ended. */
export type CallerOutcome =
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'finished'; status: RunStatus }
  | { kind: 'timeout' };

/** What travels on the channel: a run's answer (`a`) or its final status (`f`). */
type Message = { r: string; a?: CallerAnswer; f?: RunStatus };

/** A registered wait: `outcome` resolves with the first answer or final status, or `timeout`. */
export interface CallerWait {
  outcome(timeoutMs: number): Promise<CallerOutcome>;
  /** Stops waiting (the request was answered otherwise). */
  cancel(): void;
}

/**
 * Carries a run's answer (`flow.respond`) and final status from the process that runs the
 * step to the process holding the caller's HTTP request, over Redis pub/sub on one channel:
 * each process that takes requests subscribes once and hands messages to the waits it holds,
 * by run id. Nothing is polled. When the waiting request is in the same process (ROLE=all)
 * the answer is handed over directly, without the round trip through Redis.
 *
 * A wait is registered before its run is stored (so no answer can come first), and a message
 * lost with a dropped subscription is not lost for good: the answer is also the step's stored
 * output, which the caller's side reads when its wait times out.
 */
@Injectable()
export class CallerChannel implements CallerNotifier, OnApplicationBootstrap {
  private readonly waits = new Map<string, Set<(outcome: CallerOutcome) => void>>();
  private readonly channel: string;

  constructor(
    private readonly pubsub: PubSub,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:answers`;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Only processes that take HTTP requests have callers to hand answers to.
    if (this.config.role === 'worker') return;
    await this.pubsub.subscribe(this.channel, (message) => this.deliver(message as Message));
  }

  /** Starts waiting for a run's answer. Register before the run is stored, so its answer cannot come first. */
  expect(runId: string): CallerWait {
    let settle!: (outcome: CallerOutcome) => void;
    const settled = new Promise<CallerOutcome>((resolve) => (settle = resolve));
    let waiting = this.waits.get(runId);
    if (!waiting) this.waits.set(runId, (waiting = new Set()));
    waiting.add(settle);
    const cancel = () => {
      waiting.delete(settle);
      if (waiting.size === 0 && this.waits.get(runId) === waiting) this.waits.delete(runId);
    };
    return {
      outcome: async (timeoutMs) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<CallerOutcome>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, timeoutMs))));
        try {
          return await Promise.race([settled, timedOut]);
        } finally {
          clearTimeout(timer);
          cancel();
        }
      },
      cancel,
    };
  }

  /**
   * Waits up to `timeoutMs` for a run's answer or final status. When the wait times out, what
   * the run stored is read once: a message lost with a dropped subscription costs latency, not
   * the answer.
   */
  async settle(wait: CallerWait, runId: string, answeringNodes: readonly string[], timeoutMs: number): Promise<CallerOutcome> {
    const outcome = await wait.outcome(timeoutMs);
    if (outcome.kind === 'answer') return outcome;
    // A timeout, or a final status heard by a wait that began after the answer went out (a
    // repeated call): what the run stored holds the answer, if it gave one.
    if (outcome.kind === 'finished' && answeringNodes.length === 0) return outcome;
    return (await this.stored(runId, answeringNodes)) ?? outcome;
  }

  /** The answer a run stored (the first of its answering steps to succeed), else its final status, else null. */
  async stored(runId: string, answeringNodes: readonly string[]): Promise<CallerOutcome | null> {
    const { rows } = await this.pool.query<{ status: RunStatus; output: CallerAnswer | null }>(
      `SELECT r.status, s.output
         FROM runs r
         LEFT JOIN LATERAL (
           SELECT output FROM steps
            WHERE run_id = r.id AND node_id = ANY($2::text[]) AND status = 'succeeded'
            ORDER BY finished_at LIMIT 1) s ON true
        WHERE r.id = $1`,
      [runId, answeringNodes],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.output && typeof row.output.status === 'number') return { kind: 'answer', status: row.output.status, body: row.output.body ?? null };
    return TERMINAL_RUN_STATUSES.has(row.status) ? { kind: 'finished', status: row.status } : null;
  }

  /** A run's answer (the `CallerPort` of a `flow.respond` step). Never throws: the answer is stored with the step anyway. */
  answer(runId: string, answer: CallerAnswer): Promise<void> {
    return this.send({ r: runId, a: answer });
  }

  /** A run that a caller may wait on reached a final status. */
  runFinished(runId: string, status: RunStatus): Promise<void> {
    return this.send({ r: runId, f: status });
  }

  private async send(message: Message): Promise<void> {
    // The caller waits in this process: hand it over; no other process waits on this run.
    if (this.deliver(message)) return;
    try {
      await this.pubsub.publish(this.channel, message);
    } catch (error) {
      this.logger.warn({ runId: message.r, err: error }, 'could not publish a run answer; the caller reads it from the run when its wait ends');
    }
  }

  /** Settles the waits on the message's run; whether there were any. */
  private deliver(message: Message): boolean {
    const waiting = this.waits.get(message.r);
    if (!waiting || waiting.size === 0) return false;
    const outcome: CallerOutcome = message.a ? { kind: 'answer', status: message.a.status, body: message.a.body } : { kind: 'finished', status: message.f! };
    for (const settle of waiting) settle(outcome);
    this.waits.delete(message.r);
    return true;
  }
}
