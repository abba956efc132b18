import type { FlowGraph, StepErrorInfo } from '@switchboard/shared';

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';
/** `outcome`: a side effect whose result is unknown waits for the provider's report (see `StepDeferral`). */
export type WaitKind = 'delay' | 'retry' | 'reply' | 'timeout' | 'outcome';

export const TERMINAL_RUN_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);
export const TERMINAL_STEP_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped']);

/** The key of a step within its run: the node, and the loop iteration it belongs to ('' outside loops). */
export function stepKey(nodeId: string, scope = ''): string {
  return scope ? `${nodeId}#${scope}` : nodeId;
}

/** W3C trace context: the `traceparent` and `tracestate` headers, as received or as passed on. */
export interface TraceContext {
  traceparent: string;
  tracestate?: string;
}

/**
 * A run's trace context, stored with the run: `traceparent` names the run's own span (emitted
 * when the run ends, whichever process ends it), `parentSpanId` the span of the event that
 * started it. Steps, in whatever worker runs them, are children of the run's span.
 */
export interface RunTrace extends TraceContext {
  parentSpanId?: string;
  /** When the run's span starts, if not at the run's creation: a retried run's new span starts at the retry. */
  startedAt?: string;
}

/** A published (or test) flow version as stored: immutable once written. */
export interface StoredVersion {
  id: string;
  flowId: string;
  workspaceId: string;
  name: string;
  /** The version's number (null for a test run's unnumbered version). */
  version?: number | null;
  graph: FlowGraph;
  isTest: boolean;
}

export interface StoredStep {
  nodeId: string;
  scope: string;
  status: StepStatus;
  handle: string | null;
  output: unknown;
  attempt: number;
}

/** A step of a loop iteration, as a loop's results read it. */
export interface ScopedStep {
  nodeId: string;
  scope: string;
  status: StepStatus;
  handle: string | null;
  output: unknown;
  error: StepErrorInfo | null;
}

export interface StoredEvent {
  type: string;
  id: string;
  /** Who gave the id (see `IncomingEvent.source`); loaded runs leave it out. */
  source?: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** What a worker loads to run one step of a run. */
export interface LoadedRun {
  id: string;
  workspaceId: string;
  workspaceName: string;
  flowId: string;
  versionId: string;
  status: RunStatus;
  isTest: boolean;
  createdAt: string;
  /** The `{{dyn_*}}` values extracted for this run; null until a step needed them. */
  dynamicVariables: Record<string, unknown> | null;
  /** The run's trace context when it was traced (see `RunTrace`); null otherwise. */
  trace: RunTrace | null;
  event: StoredEvent;
  steps: Map<string, StoredStep>;
}

export interface NewWaitpoint {
  id: string;
  kind: WaitKind;
  wakeAt: string | null;
  correlation?: string | null;
  attempt: number;
  payload?: unknown;
}

/** One step's new state, written in a batch with other steps (group commit). */
export interface StepWrite {
  runId: string;
  nodeId: string;
  scope: string;
  nodeType: string;
  status: Exclude<StepStatus, 'pending'>;
  handle?: string | null;
  input?: unknown;
  output?: unknown;
  error?: StepErrorInfo | null;
  warnings?: string[];
  attempt: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** The step failed and no `error` edge leaves it: the run fails with this step's error. */
  failRun?: boolean;
  /** The step waits on this (a delay, a retry, a reply); written in the same transaction. */
  waitpoint?: NewWaitpoint;
  /** The lease this execution holds on the step (a side effect's): ended in the same transaction. */
  lease?: StepLease;
}

export interface StepWriteResult {
  /** False when the step was already terminal (another execution got there first). */
  applied: boolean;
  /** The run's status after the write; null when the run does not exist. */
  runStatus: RunStatus | null;
  /** Whether the waitpoint was stored (false when the step already had an open one). */
  waitpointStored: boolean;
}

export interface StoredWaitpoint {
  id: string;
  runId: string;
  nodeId: string;
  scope: string;
  kind: WaitKind;
  status: 'waiting' | 'resolved' | 'cancelled';
  resolution: string | null;
  attempt: number;
  wakeAt: string | null;
  payload: unknown;
}

/** A step waiting or retrying with no open waitpoint, and the last waitpoint it had (the sweep finds these). */
export interface StrandedStep {
  nodeId: string;
  scope: string;
  status: StepStatus;
  attempt: number;
  waitpoint: { id: string; status: StoredWaitpoint['status']; resolution: string | null; wakeAt: string | null } | null;
}

export interface NewEvent {
  id: string;
  workspaceId: string;
  type: string;
  /** Where `externalId` comes from; ids are unique per workspace and source. */
  source: string;
  externalId: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** What the event did to each published flow of its type (Activity's "why not"). */
  outcomes?: EventOutcome[];
}

/**
 * One candidate flow of an event: started (its run) or not, and why not. Stored with the event
 * (`events.outcomes`) as it was decided, so the answer survives later edits of the flow.
 */
export interface EventOutcome {
  flowId: string;
  versionId: string;
  version: number | null;
  name: string;
  started: boolean;
  runId?: string;
  /** A test run from the editor (started whatever the trigger said). */
  test?: boolean;
  reason?: { code: string; message: string; details?: Record<string, unknown> };
}

export interface NewRun {
  id: string;
  workspaceId: string;
  /** ISO time, taken by the process that creates the run (also what a run cache holds). */
  createdAt: string;
  flowId: string;
  versionId: string;
  isTest: boolean;
  /** Reachable nodes still to resolve once the trigger step is stored. */
  remaining: number;
  trigger: { nodeId: string; nodeType: string; output: unknown };
  /** Stored with the run when the ingestion was traced. */
  trace?: RunTrace;
}

export interface IngestOutcome {
  duplicate: boolean;
  runs: Array<{ runId: string; flowId: string }>;
}

/** One execution's hold on a step (see `ExecutionStore.acquireLease`). */
export interface StepLease {
  runId: string;
  nodeId: string;
  scope: string;
  /** Unique per execution, so two jobs in one process exclude each other too. */
  owner: string;
}

export interface StepJob {
  runId: string;
  nodeId: string;
  scope: string;
  attempt: number;
}
