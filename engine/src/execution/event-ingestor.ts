import { randomUUID } from 'node:crypto';
import { uuidV7 } from './uuid-v7';
import { evaluateCondition, formatTranscript } from '@switchboard/shared';
import { matchOutcome, type MatchReason } from '@switchboard/nodes';
import type { CompiledFlow } from './compiled-flow';
import type { FlowRegistry } from './flow-registry';
import type { ExecutionLogger, ExecutionStore, ExecutionTracer, IngestionSpan, JobQueue, RunServices } from './ports';
import type { RunCache } from './run-cache';
import { contextForEvent, triggerData, type ContextSettings } from './run-context';
import { NO_TRACING } from './tracing';
import { TriggerIndex } from './trigger-index';
import { stepKey, type EventOutcome, type LoadedRun, type NewRun, type StoredEvent, type StoredStep, type TraceContext } from './types';

export interface IncomingEvent {
  type: string;
  /** The caller's id (a provider message id, a call id): unique per workspace and source. Generated when absent. */
  id?: string;
  /**
   * Who gives the id: `api` (the default: `POST /api/events`), `webhook:<path>`, `whatsapp`,
   * `conversation`, `schedule`, `function`. One source cannot claim another's ids, so an
   * inbound webhook's Idempotency-Key never makes a call's event a duplicate.
   */
  source?: string;
  occurredAt?: string;
  data: Record<string, unknown>;
  /**
   * Only this published flow may start (a campaign's event starts its own flow, not every flow
   * listening to `whatsapp.campaign`); the other candidates are not considered at all.
   */
  flowId?: string;
}

export interface IngestOptions {
  /**
   * Called with the new runs' ids before they are stored (and so before any step can run):
   * a caller that waits for a run's answer registers its wait here. Should the event turn out
   * a duplicate, these runs are never stored, and the result names the first delivery's instead.
   */
  beforeStore?(runs: ReadonlyArray<{ runId: string; flowId: string }>): void;
  /** The caller's W3C trace context (`POST /api/events` headers): the event's span is its child. */
  trace?: TraceContext;
}

export interface IngestResult {
  eventId: string;
  duplicate: boolean;
  runs: Array<{ runId: string; flowId: string }>;
}

/**
 * Takes an event in: matches it against the published flows listening to its type (an
 * indexed, cached lookup), stores the event with one run per matching flow in a single
 * transaction, then enqueues each run's first steps. An event id seen before is a
 * duplicate: nothing new starts and the first delivery's runs are returned.
 *
 * The answer does not wait for the enqueue: the event and its runs are the record once
 * committed. If the process dies between the commit and the enqueue, the runs stay `queued`
 * and the sweep reconciles them; nothing accepted is lost (at shutdown, `drain` lets the
 * enqueues under way finish).
 */
export class EventIngestor {
  private readonly indexes = new WeakMap<CompiledFlow[], TriggerIndex>();
  /** First steps being queued after their event's answer. */
  private readonly dispatching = new Set<Promise<void>>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly queue: JobQueue,
    private readonly flows: FlowRegistry,
    private readonly logger: ExecutionLogger,
    private readonly settings: ContextSettings,
    /** In a process that also runs steps, new runs go straight into its run cache. */
    private readonly cache?: RunCache,
    /** Judges triggers' AI conditions; without it they are ignored. */
    private readonly services?: RunServices,
    /** A span per ingestion; each new run stores its trace context. */
    private readonly tracer: ExecutionTracer = NO_TRACING,
  ) {}

  async ingest(workspace: { id: string; name: string }, incoming: IncomingEvent, options: IngestOptions = {}): Promise<IngestResult> {
    const event = toStoredEvent(incoming);
    return this.traced(workspace.id, event, options, async (span) => {
      const listening = await this.flows.publishedFor(workspace.id, event.type);
      const candidates = incoming.flowId === undefined ? this.indexOf(listening).candidates((flow) => triggerData(flow, event)) : listening.filter((flow) => flow.version.flowId === incoming.flowId);
      const matched: CompiledFlow[] = [];
      const skipped: Array<{ flow: CompiledFlow; reason: MatchReason }> = [];
      for (const flow of candidates) {
        const verdict = await this.matches(flow, event, workspace);
        if (verdict.matched) matched.push(flow);
        else skipped.push({ flow, reason: verdict.reason! });
      }
      return this.start(workspace, event, matched, false, span, options, skipped);
    });
  }

  /**
   * Runs one flow version once with an event, whatever its trigger's conditions say (a test
   * run from the editor); reports whether the conditions would have matched.
   */
  async runOnce(
    workspace: { id: string; name: string },
    flow: CompiledFlow,
    incoming: IncomingEvent,
    options: { isTest: boolean } & IngestOptions,
  ): Promise<IngestResult & { matched: boolean }> {
    const event = toStoredEvent({ ...incoming, type: flow.trigger.type });
    return this.traced(workspace.id, event, options, async (span) => {
      const { matched } = await this.matches(flow, event, workspace);
      const result = await this.start(workspace, event, [flow], options.isTest, span, options);
      return { ...result, matched };
    });
  }

  /** Waits for the first steps being queued (at shutdown, once no event comes in). */
  async drain(): Promise<void> {
    await Promise.all([...this.dispatching]);
  }

  /** The index of a list of published flows (the registry hands out the same list until a publish changes it). */
  private indexOf(flows: CompiledFlow[]): TriggerIndex {
    let index = this.indexes.get(flows);
    if (!index) this.indexes.set(flows, (index = new TriggerIndex(flows)));
    return index;
  }

  /** The ingestion in its span; the span hears what it came to. */
  private traced<T extends IngestResult>(workspaceId: string, event: StoredEvent, options: IngestOptions, work: (span: IngestionSpan) => Promise<T>): Promise<T> {
    return this.tracer.ingestion({ workspaceId, type: event.type, source: event.source ?? 'api' }, options.trace, async (span) => {
      const result = await work(span);
      span.ingested({ eventId: result.eventId, duplicate: result.duplicate, runs: result.runs.length });
      return result;
    });
  }

  /** The trigger's verdict on the event; an error evaluating it is a reason too (`CONDITION_ERROR`). */
  private async matches(flow: CompiledFlow, event: StoredEvent, workspace: { id: string; name: string }): Promise<{ matched: boolean; reason?: MatchReason }> {
    // Built only for a trigger that reads it (conditions): most decide on the event's fields,
    // and with many flows listening to one type, a context per flow per event is most of the work.
    let context: Record<string, unknown> | undefined;
    const contextOf = () => (context ??= contextForEvent(flow, event, workspace.name, this.settings));
    const services = this.services;
    let judging = false;
    try {
      return matchOutcome(
        await flow.triggerDefinition.matches(event, flow.triggerConfig as never, {
          get context() {
            return contextOf();
          },
          evaluate: (condition) => evaluateCondition(condition, contextOf()),
          ...(services
            ? {
                judge: (question: string, connectionId?: string) => {
                  judging = true;
                  return services.judge(workspace.id, connectionId, question, formatTranscript(event.data.transcript ?? event.data.messages));
                },
              }
            : {}),
        }),
      );
    } catch (error) {
      this.logger.warn({ flowId: flow.version.flowId, eventId: event.id, err: error }, 'trigger conditions could not be evaluated; the flow does not start');
      if (judging && services) {
        // Not silent: the team hears that a flow skipped an event because its AI condition could not be judged.
        await services.judgeFailed({ workspaceId: workspace.id, flowId: flow.version.flowId, flowName: flow.version.name, eventId: event.id, error }).catch(() => undefined);
      }
      const cause = error instanceof Error ? error.message : String(error);
      const message = judging ? `the AI condition could not be judged: ${cause}` : cause;
      return { matched: false, reason: { code: 'CONDITION_ERROR', message } };
    }
  }

  private async start(
    workspace: { id: string; name: string },
    event: StoredEvent,
    flows: CompiledFlow[],
    isTest: boolean,
    span: IngestionSpan,
    options: IngestOptions = {},
    skipped: ReadonlyArray<{ flow: CompiledFlow; reason: MatchReason }> = [],
  ): Promise<IngestResult> {
    const workspaceId = workspace.id;
    const now = Date.now();
    const createdAt = new Date(now).toISOString();
    // The event's millisecond for its runs' ids too: a run lands in its event's week partition.
    const runs: NewRun[] = flows.map((flow) => ({
      id: uuidV7(now),
      trace: span.runTrace(),
      workspaceId,
      createdAt,
      flowId: flow.version.flowId,
      versionId: flow.version.id,
      isTest,
      remaining: flow.reachableCount - 1,
      trigger: { nodeId: flow.trigger.id, nodeType: flow.trigger.type, output: triggerData(flow, event) },
    }));
    options.beforeStore?.(runs.map((run) => ({ runId: run.id, flowId: run.flowId })));
    const outcomes: EventOutcome[] = [
      ...flows.map((flow, index) => ({ ...candidate(flow), started: true, runId: runs[index]!.id, ...(isTest ? { test: true } : {}) })),
      ...skipped.map(({ flow, reason }) => ({ ...candidate(flow), started: false, reason })),
    ];
    const outcome = await this.store.ingest(
      { id: uuidV7(now), workspaceId, type: event.type, source: event.source ?? 'api', externalId: event.id, occurredAt: event.occurredAt, data: event.data, outcomes },
      runs,
    );
    if (outcome.duplicate) return { eventId: event.id, duplicate: true, runs: outcome.runs };
    if (this.cache) runs.forEach((run) => this.cache!.put(loadedRun(run, workspace.name, event)));

    // The first steps: children of the trigger that wait for nothing else. A run someone waits
    // on (a voice agent mid-call) goes ahead of a burst of new runs, like a continuation.
    const firstSteps = (waited: boolean) =>
      runs.flatMap((run, index) => {
        const flow = flows[index]!;
        if (flow.callerWaits !== waited) return [];
        return flow.index
          .children(flow.trigger.id)
          .filter((child) => flow.index.parents(child).length === 1)
          .map((nodeId) => ({ runId: run.id, nodeId, scope: '', attempt: 1 }));
      });
    const [waited, queued] = [firstSteps(true), firstSteps(false)];
    const dispatch = Promise.all([
      waited.length > 0 ? this.queue.enqueueSteps(waited, { continuation: true }) : undefined,
      queued.length > 0 ? this.queue.enqueueSteps(queued, { continuation: false }) : undefined,
    ])
      .then(() => undefined)
      .catch((error: unknown) => {
        // The event and its runs are stored: accepted. A queue that cannot take their first steps
        // now (Redis unreachable) only delays them; the sweep queues the steps of runs that stay
        // `queued`. Failing the request here would make a caller without an event id start them twice.
        this.logger.warn({ eventId: event.id, runs: runs.map((run) => run.id), err: error }, 'event stored, but its first steps could not be queued; the sweep will queue them');
      })
      .finally(() => this.dispatching.delete(dispatch));
    this.dispatching.add(dispatch);
    this.logger.debug({ eventId: event.id, type: event.type, runs: runs.map((run) => run.id) }, 'event ingested');
    return { eventId: event.id, duplicate: false, runs: outcome.runs };
  }
}

function candidate(flow: CompiledFlow): Pick<EventOutcome, 'flowId' | 'versionId' | 'version' | 'name'> {
  return { flowId: flow.version.flowId, versionId: flow.version.id, version: flow.version.version ?? null, name: flow.version.name };
}

function loadedRun(run: NewRun, workspaceName: string, event: StoredEvent): LoadedRun {
  const trigger: StoredStep = { nodeId: run.trigger.nodeId, scope: '', status: 'succeeded', handle: 'default', output: run.trigger.output, attempt: 1 };
  return {
    id: run.id,
    workspaceId: run.workspaceId,
    workspaceName,
    flowId: run.flowId,
    versionId: run.versionId,
    status: run.remaining <= 0 ? 'succeeded' : 'queued',
    isTest: run.isTest,
    createdAt: run.createdAt,
    dynamicVariables: null,
    trace: run.trace ?? null,
    event,
    steps: new Map([[stepKey(trigger.nodeId), trigger]]),
  };
}

function toStoredEvent(incoming: IncomingEvent): StoredEvent {
  return {
    type: incoming.type,
    id: incoming.id ?? randomUUID(),
    source: incoming.source ?? 'api',
    occurredAt: incoming.occurredAt ?? new Date().toISOString(),
    data: incoming.data,
  };
}
