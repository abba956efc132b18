import type { FlowGraph } from '@switchboard/shared';
import type { NodePorts } from '@switchboard/nodes';
import type {
  IngestOutcome,
  LoadedRun,
  NewEvent,
  NewRun,
  RunStatus,
  StepJob,
  StepStatus,
  StepWrite,
  StepWriteResult,
  StoredVersion,
  StoredWaitpoint,
  ScopedStep,
  StrandedStep,
  StepLease,
  RunTrace,
  TraceContext,
} from './types';

/**
 * Everything the execution core needs from Postgres. The engine implements it with batched
 * SQL (one round trip carries many concurrent callers); the core never sees a database.
 */
export interface ExecutionStore {
  loadVersion(versionId: string): Promise<StoredVersion | null>;
  /** Published versions of a workspace's flows whose trigger is `triggerType` (an indexed lookup). */
  publishedVersions(workspaceId: string, triggerType: string): Promise<StoredVersion[]>;
  /** Stores an event and its runs (with their trigger steps) in one transaction; a known event id is a duplicate. */
  ingest(event: NewEvent, runs: NewRun[]): Promise<IngestOutcome>;
  /** A run with its top-level steps and those of `scope` (a loop iteration); every step when `scope` is undefined. */
  loadRun(runId: string, scope?: string): Promise<LoadedRun | null>;
  /**
   * Stores a step's outcome (see `WRITE_STEPS_SQL`). Rejects with `UnstorableWrite` when the
   * database refuses the data (then nothing was written); any other rejection is the database
   * being unreachable, and the same write may succeed later.
   */
  writeStep(write: StepWrite): Promise<StepWriteResult>;
  /** Every step of a run's loop iterations (for a loop's results). */
  scopedSteps(runId: string): Promise<ScopedStep[]>;
  /** Stores the run's `{{dyn_*}}` values unless some were stored first; returns the stored ones. */
  saveDynamicVariables(runId: string, values: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The stored status and fired handle of some steps of a run (for joins). */
  stepStates(runId: string, nodeIds: string[], scope: string): Promise<Map<string, { status: StepStatus; handle: string | null }>>;
  /**
   * Resolves a waiting waitpoint with `resolution` (conditional: only one resolver wins).
   * Returns it when this call won, or when it was already resolved with the same resolution
   * (a replay after a crash); null otherwise.
   */
  resolveWaitpoint(waitpointId: string, resolution: string, payload?: unknown): Promise<StoredWaitpoint | null>;
  /** The waitpoint a step is waiting on, if any. */
  openWaitpoint(runId: string, nodeId: string, scope: string): Promise<StoredWaitpoint | null>;
  /**
   * Waiting waitpoints with a wake-up time before `horizon` (every one when null), by wake-up time
   * and id, from just after `after` (a keyset page): the sweep re-arms their alarms.
   */
  dueWaitpoints(horizon: Date | null, limit: number, after?: DueWaitpoint): Promise<DueWaitpoint[]>;
  /** Runs not updated since `olderThan` that may have work no job stands for (see `STALE_RUNS_SQL`). */
  staleRuns(olderThan: Date, limit: number): Promise<string[]>;
  /** The run's steps (any scope) waiting or retrying without an open waitpoint, each with its last waitpoint. */
  strandedSteps(runId: string): Promise<StrandedStep[]>;
  /** Marks a run as touched so the sweep leaves it alone for a while. */
  touchRun(runId: string): Promise<void>;
  /**
   * Takes the lease of a step for `ms` in one conditional statement: true when it was free or
   * expired and the stored step is still as this execution `seen` it (absent: null); false
   * while another execution holds it or after the step was stored by another one.
   */
  acquireLease(lease: StepLease, ms: number, seen: { status: StepStatus; attempt: number } | null): Promise<boolean>;
  /** Extends a lease this owner holds. */
  renewLease(lease: StepLease, ms: number): Promise<void>;
  /** Ends a lease this owner holds (after the step was stored). */
  releaseLease(lease: StepLease): Promise<void>;
  /**
   * Cancels an unfinished run: its open waitpoints are cancelled and its waiting or running
   * steps skipped, in one transaction. True when this call cancelled it (false: it had finished).
   */
  cancelRun(runId: string): Promise<boolean>;
  /** The top-level steps of a run that failed it (failed, no error edge took the failure): what `retryRun` reopens. */
  failedSteps(runId: string): Promise<string[]>;
  /**
   * Runs a failed run on: its `failedSteps` are deleted (pending again, fresh retry budget) and
   * `remaining` regains exactly as many, in one statement; `trace` (when the run is traced)
   * replaces its trace context. False when the run is not failed.
   */
  retryRun(runId: string, trace?: RunTrace | null): Promise<boolean>;
  /** Deletes events received before `before` whose runs all finished, with those runs and their steps; returns how many events. */
  pruneFinished(before: Date, limit: number): Promise<number>;
}

/** The queue the core schedules work on (BullMQ in the engine). */
/** A waitpoint whose alarm the sweep arms. */
export interface DueWaitpoint {
  id: string;
  wakeAt: string;
  target: 'run' | 'conversation';
}

export interface JobQueue {
  /** Enqueues step jobs; `continuation` jobs belong to runs already under way and go first. */
  enqueueSteps(jobs: StepJob[], options: { continuation: boolean }): Promise<void>;
  /** Arms the alarm of a waitpoint: a delayed job that fires it at `wakeAt`. Idempotent per wake-up time. */
  armAlarm(waitpointId: string, wakeAt: Date, target?: 'run' | 'conversation'): Promise<void>;
  /** Resumes, in a worker, the step of a waitpoint that an event (a reply) resolved. */
  enqueueResume(waitpointId: string): Promise<void>;
}

/** The step a port call belongs to. */
export interface StepIdentity {
  workspaceId: string;
  runId: string;
  flowId: string;
  nodeId: string;
  scope: string;
  isTest: boolean;
  /** The step was deferred by a send rate and now owns the slot it waited for. */
  rateSlotHeld?: boolean;
  /** The step waited for the outcome of its side effect and the grace period ended without a report. */
  outcomeDue?: boolean;
  /** The step's span, for outbound calls to carry as `traceparent` (only while tracing is on). */
  trace?: TraceContext;
  /** Set when the run was started by a customer's message (a reply flow); see `inboundMessageOf`. */
  inboundMessage?: InboundMessageOrigin;
}

/**
 * The customer's message that started a run (`whatsapp.message_received`, `conversation.started`):
 * who wrote, and — for a test run, whose sample message was never really received — when it
 * counts as received (the run's start), so the 24-hour window is open for that customer.
 */
export interface InboundMessageOrigin {
  from: string | null;
  testReceivedAt: string | null;
}

/** Binds the side-effect ports to one step, so every call carries the step's idempotency key. */
export interface PortFactory {
  forStep(step: StepIdentity): NodePorts;
}

/**
 * What the core asks of the AI outside any step: the run's `{{dyn_*}}` values, a trigger's
 * `aiCondition`; and who hears of a run's final failure (a team alert).
 */
export interface RunServices {
  /** Extracts named values from a text, for `{{dyn_<name>}}`. */
  extractVariables(workspaceId: string, request: { text: string; names: string[]; referenceDate: string }): Promise<Record<string, unknown>>;
  /** Whether a trigger's natural-language condition holds for a text, with the model's reason when it gave one. */
  judge(workspaceId: string, connectionId: string | undefined, question: string, text: string): Promise<{ result: boolean; reason?: string }>;
  /** A run failed for good (no error edge took the failure). */
  runFailed(run: { workspaceId: string; runId: string; flowId: string; flowName: string; nodeId: string; error: { code: string; message: string } }): Promise<void>;
  /** A trigger's AI condition could not be judged: the flow did not start for this event. */
  judgeFailed(info: { workspaceId: string; flowId: string; flowName: string; eventId: string; error: unknown }): Promise<void>;
}

/**
 * Hears when a run that a caller may be waiting on (an in-call function's voice agent, a webhook
 * whose flow answers) reaches a final status, so a caller still waiting gets `{ runId, status }`.
 */
export interface CallerNotifier {
  runFinished(runId: string, status: RunStatus): Promise<void>;
}

/**
 * Hears of moments in a step's execution the core itself does nothing more at. The runtime
 * wires its fault injection here (`SWITCHBOARD_FAULT=crash-after-side-effect` kills the worker,
 * for the durability tests), so the core carries no test hook of its own.
 */
export interface StepObserver {
  /** A side-effect node returned or threw (not deferred), before its outcome is stored. */
  afterSideEffect?(step: { runId: string; nodeId: string; scope: string; nodeType: string }): void;
}

/** The span of one event's ingestion. */
export interface IngestionSpan {
  /** A new run's trace context (a span id of its own under this span); none when not traced. */
  runTrace(): RunTrace | undefined;
  /** What the ingestion came to. */
  ingested(result: { eventId: string; duplicate: boolean; runs: number }): void;
}

/** The span of one step execution. */
export interface StepSpan {
  /** The step span's own context, for the node's outbound calls; none when not traced. */
  readonly context: TraceContext | undefined;
  /** What the execution came to: the step's status and, when it failed, its error code. */
  outcome(status: string, errorCode?: string): void;
}

/**
 * Traces the core's work (OpenTelemetry in the engine, when configured): a span per event
 * ingestion, whose parent is the caller's context, and a span per step execution, a child of
 * its run's stored context. The run's own span is emitted when the run ends, by the part that
 * stores the end (it knows the run's stored start and ids). `NO_TRACING` (the default) does nothing.
 */
export interface ExecutionTracer {
  ingestion<T>(event: { workspaceId: string; type: string; source: string }, caller: TraceContext | undefined, work: (span: IngestionSpan) => Promise<T>): Promise<T>;
  step<T>(
    step: { workspaceId: string; flowId: string; runId: string; nodeId: string; nodeType: string; scope: string; attempt: number },
    run: RunTrace | null,
    work: (span: StepSpan) => Promise<T>,
  ): Promise<T>;
}

export interface ExecutionLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

export interface Clock {
  now(): Date;
}

export type { FlowGraph };
