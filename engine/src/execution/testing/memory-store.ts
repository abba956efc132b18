import type { StepErrorInfo } from '@switchboard/shared';
import { edgeHandle } from '@switchboard/shared';
import type { Clock, DueWaitpoint, ExecutionStore } from '../ports';
import { UnstorableWrite } from '../unstorable-write';
import {
  TERMINAL_RUN_STATUSES,
  TERMINAL_STEP_STATUSES,
  stepKey,
  type IngestOutcome,
  type LoadedRun,
  type NewEvent,
  type NewRun,
  type RunTrace,
  type RunStatus,
  type ScopedStep,
  type StepLease,
  type StepStatus,
  type StepWrite,
  type StepWriteResult,
  type StoredVersion,
  type StoredWaitpoint,
  type StrandedStep,
  type WaitKind,
} from '../types';

interface EventRow extends NewEvent {
  receivedAt: number;
}

export interface RunRow {
  id: string;
  workspaceId: string;
  flowId: string;
  versionId: string;
  eventId: string;
  status: RunStatus;
  isTest: boolean;
  remaining: number;
  createdAt: string;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  error: StepErrorInfo | null;
  dynamicVariables: Record<string, unknown> | null;
  trace: RunTrace | null;
}

export interface StepRow {
  runId: string;
  nodeId: string;
  scope: string;
  nodeType: string;
  status: StepStatus;
  handle: string | null;
  input: unknown;
  output: unknown;
  error: StepErrorInfo | null;
  warnings: string[] | null;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface WaitpointRow {
  id: string;
  runId: string;
  nodeId: string;
  scope: string;
  kind: WaitKind;
  status: StoredWaitpoint['status'];
  resolution: string | null;
  attempt: number;
  wakeAt: number | null;
  correlation: string | null;
  payload: unknown;
  createdAt: number;
  resolvedAt: number | null;
}

/**
 * The `ExecutionStore` in memory, for unit tests of the execution core. It keeps the
 * statements' semantics (`execution-sql.ts` and `PgExecutionStore`), not their batching: a
 * terminal step is never written again, a step has at most one open waitpoint, `remaining` drops
 * by each top-level step that became terminal, a waitpoint has exactly one resolver, and a lease
 * is taken only when free or expired and while the step is as its execution saw it. Values are
 * stored as JSON (a copy, like `jsonb`); one JSON cannot hold is an `UnstorableWrite`. Time is
 * the clock it is given, so tests move it.
 */
export class MemoryExecutionStore implements ExecutionStore {
  readonly runs = new Map<string, RunRow>();
  readonly steps = new Map<string, StepRow>();
  readonly waitpoints = new Map<string, WaitpointRow>();
  private readonly versions = new Map<string, StoredVersion & { publishedTrigger: string | null }>();
  private readonly workspaces = new Map<string, string>();
  readonly events = new Map<string, EventRow>();
  readonly leases = new Map<string, { owner: string; until: number }>();

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  /** A workspace runs can belong to (runs join their workspace for its name). */
  addWorkspace(id: string, name: string): void {
    this.workspaces.set(id, name);
  }

  /** A flow version; `publishedTrigger` (its trigger's type) makes it the flow's published one. */
  addVersion(version: StoredVersion, publishedTrigger: string | null = null): void {
    this.versions.set(version.id, { ...clone(version), publishedTrigger });
  }

  step(runId: string, nodeId: string, scope = ''): StepRow | undefined {
    return this.steps.get(rowKey(runId, nodeId, scope));
  }

  async loadVersion(versionId: string): Promise<StoredVersion | null> {
    const version = this.versions.get(versionId);
    if (!version) return null;
    const { publishedTrigger: _published, ...stored } = version;
    return clone(stored);
  }

  async publishedVersions(workspaceId: string, triggerType: string): Promise<StoredVersion[]> {
    const versions = [...this.versions.values()].filter((version) => version.workspaceId === workspaceId && version.publishedTrigger === triggerType);
    return Promise.all(versions.map((version) => this.loadVersion(version.id) as Promise<StoredVersion>));
  }

  async ingest(event: NewEvent, runs: NewRun[]): Promise<IngestOutcome> {
    const existing = [...this.events.values()].find((row) => row.workspaceId === event.workspaceId && row.source === event.source && row.externalId === event.externalId);
    if (existing) {
      const first = [...this.runs.values()].filter((run) => run.eventId === existing.id).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      return { duplicate: true, runs: first.map((run) => ({ runId: run.id, flowId: run.flowId })) };
    }
    if (!this.workspaces.has(event.workspaceId)) throw new Error(`no workspace ${event.workspaceId}`);
    const now = this.now();
    this.events.set(event.id, { ...clone(event), receivedAt: now });
    for (const run of runs) {
      const succeeded = run.remaining <= 0;
      this.runs.set(run.id, {
        id: run.id,
        workspaceId: run.workspaceId,
        flowId: run.flowId,
        versionId: run.versionId,
        eventId: event.id,
        status: succeeded ? 'succeeded' : 'queued',
        isTest: run.isTest,
        remaining: run.remaining,
        createdAt: run.createdAt,
        startedAt: succeeded ? now : null,
        finishedAt: succeeded ? now : null,
        updatedAt: now,
        error: null,
        dynamicVariables: null,
        trace: run.trace ?? null,
      });
      const at = new Date(now).toISOString();
      this.steps.set(rowKey(run.id, run.trigger.nodeId, ''), {
        runId: run.id,
        nodeId: run.trigger.nodeId,
        scope: '',
        nodeType: run.trigger.nodeType,
        status: 'succeeded',
        handle: 'default',
        input: null,
        output: clone(run.trigger.output),
        error: null,
        warnings: null,
        attempt: 1,
        startedAt: at,
        finishedAt: at,
      });
    }
    return { duplicate: false, runs: runs.map((run) => ({ runId: run.id, flowId: run.flowId })) };
  }

  async loadRun(runId: string, scope?: string): Promise<LoadedRun | null> {
    const run = this.runs.get(runId);
    const event = run ? this.events.get(run.eventId) : undefined;
    const workspaceName = run ? this.workspaces.get(run.workspaceId) : undefined;
    if (!run || !event || workspaceName === undefined) return null;
    const steps = new Map(
      this.stepsOf(runId)
        .filter((step) => scope === undefined || step.scope === '' || step.scope === scope)
        .map((step) => [stepKey(step.nodeId, step.scope), { nodeId: step.nodeId, scope: step.scope, status: step.status, handle: step.handle, output: clone(step.output), attempt: step.attempt }]),
    );
    return {
      id: run.id,
      workspaceId: run.workspaceId,
      workspaceName,
      flowId: run.flowId,
      versionId: run.versionId,
      status: run.status,
      isTest: run.isTest,
      createdAt: run.createdAt,
      dynamicVariables: clone(run.dynamicVariables),
      trace: run.trace,
      event: { type: event.type, id: event.externalId, occurredAt: event.occurredAt, data: clone(event.data) },
      steps,
    };
  }

  /** `WRITE_STEPS_SQL` for one row. */
  async writeStep(write: StepWrite): Promise<StepWriteResult> {
    const run = this.runs.get(write.runId);
    // The step's foreign key: a write for a run that is gone is refused for its data.
    if (!run) throw new UnstorableWrite(`no run ${write.runId}`);
    const stored = storable(write);
    const key = rowKey(write.runId, write.nodeId, write.scope);
    if (write.lease) await this.releaseLease(write.lease);
    const existing = this.steps.get(key);
    if (existing && TERMINAL_STEP_STATUSES.has(existing.status)) return { applied: false, runStatus: null, waitpointStored: false };
    const now = this.now();
    this.steps.set(key, {
      runId: write.runId,
      nodeId: write.nodeId,
      scope: write.scope,
      nodeType: write.nodeType,
      status: write.status,
      handle: write.handle ?? null,
      input: stored.input ?? existing?.input ?? null,
      output: stored.output ?? null,
      error: stored.error ?? null,
      warnings: stored.warnings && stored.warnings.length > 0 ? stored.warnings : null,
      attempt: write.attempt,
      startedAt: existing?.startedAt ?? write.startedAt ?? null,
      finishedAt: write.finishedAt ?? null,
    });
    let waitpointStored = false;
    if (write.waitpoint && !this.openWaitpointRow(write.runId, write.nodeId, write.scope)) {
      const waitpoint = write.waitpoint;
      this.waitpoints.set(waitpoint.id, {
        id: waitpoint.id,
        runId: write.runId,
        nodeId: write.nodeId,
        scope: write.scope,
        kind: waitpoint.kind,
        status: 'waiting',
        resolution: null,
        attempt: waitpoint.attempt,
        wakeAt: waitpoint.wakeAt === null ? null : Date.parse(waitpoint.wakeAt),
        correlation: waitpoint.correlation ?? null,
        payload: stored.waitpoint?.payload ?? null,
        createdAt: now,
        resolvedAt: null,
      });
      waitpointStored = true;
    }
    const resolved = TERMINAL_STEP_STATUSES.has(write.status) && write.scope === '' ? 1 : 0;
    const fail = write.failRun === true;
    const finished = TERMINAL_RUN_STATUSES.has(run.status);
    const remaining = run.remaining - resolved;
    if (!finished) {
      run.status = fail ? 'failed' : remaining <= 0 ? 'succeeded' : write.status === 'waiting' ? 'waiting' : 'running';
      if (fail) run.error = stored.error ?? null;
      if (fail || remaining <= 0) run.finishedAt = now;
    }
    run.remaining = remaining;
    run.startedAt ??= now;
    run.updatedAt = now;
    return { applied: true, runStatus: run.status, waitpointStored };
  }

  async scopedSteps(runId: string): Promise<ScopedStep[]> {
    return this.stepsOf(runId)
      .filter((step) => step.scope !== '')
      .map((step) => ({ nodeId: step.nodeId, scope: step.scope, status: step.status, handle: step.handle, output: clone(step.output), error: clone(step.error) }));
  }

  async saveDynamicVariables(runId: string, values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const run = this.runs.get(runId);
    if (!run) return values;
    // The first extraction stored wins.
    run.dynamicVariables ??= clone(values);
    return clone(run.dynamicVariables);
  }

  async stepStates(runId: string, nodeIds: string[], scope: string): Promise<Map<string, { status: StepStatus; handle: string | null }>> {
    const states = new Map<string, { status: StepStatus; handle: string | null }>();
    for (const nodeId of nodeIds) {
      const step = this.steps.get(rowKey(runId, nodeId, scope));
      if (step) states.set(nodeId, { status: step.status, handle: step.handle });
    }
    return states;
  }

  async resolveWaitpoint(waitpointId: string, resolution: string, payload?: unknown): Promise<StoredWaitpoint | null> {
    const waitpoint = this.waitpoints.get(waitpointId);
    if (!waitpoint) return null;
    const now = this.now();
    // An alarm for an earlier wake-up time than the waitpoint's does nothing.
    const due = resolution !== 'alarm' || waitpoint.wakeAt === null || waitpoint.wakeAt <= now + 1000;
    if (waitpoint.status === 'waiting' && due) {
      waitpoint.status = 'resolved';
      waitpoint.resolution = resolution;
      waitpoint.resolvedAt = now;
      if (payload !== undefined) waitpoint.payload = clone(payload);
      return toWaitpoint(waitpoint);
    }
    // A replay after a crash: the same resolver finds what it won.
    if (waitpoint.status === 'resolved' && waitpoint.resolution === resolution) return toWaitpoint(waitpoint);
    return null;
  }

  async openWaitpoint(runId: string, nodeId: string, scope: string): Promise<StoredWaitpoint | null> {
    const waitpoint = this.openWaitpointRow(runId, nodeId, scope);
    return waitpoint ? toWaitpoint(waitpoint) : null;
  }

  async dueWaitpoints(horizon: Date | null, limit: number, after?: DueWaitpoint): Promise<DueWaitpoint[]> {
    const afterAt = after ? Date.parse(after.wakeAt) : -Infinity;
    return [...this.waitpoints.values()]
      .filter((waitpoint) => waitpoint.status === 'waiting' && waitpoint.wakeAt !== null && waitpoint.wakeAt <= (horizon?.getTime() ?? Infinity))
      .filter((waitpoint) => waitpoint.wakeAt! > afterAt || (waitpoint.wakeAt === afterAt && waitpoint.id > after!.id))
      .sort((a, b) => a.wakeAt! - b.wakeAt! || (a.id < b.id ? -1 : 1))
      .slice(0, limit)
      .map((waitpoint) => ({ id: waitpoint.id, wakeAt: new Date(waitpoint.wakeAt!).toISOString(), target: 'run' as const }));
  }

  /** `STALE_RUNS_SQL`. */
  async staleRuns(olderThan: Date, limit: number): Promise<string[]> {
    const stale = [...this.runs.values()].filter((run) => {
      if (run.finishedAt !== null || run.updatedAt >= olderThan.getTime()) return false;
      if (run.status === 'queued' || run.status === 'running') return true;
      if (run.status !== 'waiting') return false;
      const steps = this.stepsOf(run.id);
      const unwaited = steps.some((step) => (step.status === 'waiting' || step.status === 'running') && !this.openWaitpointRow(run.id, step.nodeId, step.scope));
      const edges = this.versions.get(run.versionId)?.graph.edges ?? [];
      const lostSuccessor = steps.some(
        (step) =>
          step.scope === '' &&
          TERMINAL_STEP_STATUSES.has(step.status) &&
          edges.some((edge) => edge.source === step.nodeId && (step.status === 'skipped' || edgeHandle(edge) === step.handle) && !this.steps.has(rowKey(run.id, edge.target, ''))),
      );
      return unwaited || lostSuccessor;
    });
    return stale
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, limit)
      .map((run) => run.id);
  }

  async strandedSteps(runId: string): Promise<StrandedStep[]> {
    const stranded: StrandedStep[] = [];
    for (const step of this.stepsOf(runId)) {
      if (step.status !== 'waiting' && step.status !== 'running') continue;
      const last = [...this.waitpoints.values()]
        .filter((waitpoint) => waitpoint.runId === runId && waitpoint.nodeId === step.nodeId && waitpoint.scope === step.scope)
        .sort((a, b) => Number(b.status === 'waiting') - Number(a.status === 'waiting') || (b.resolvedAt ?? b.createdAt) - (a.resolvedAt ?? a.createdAt))[0];
      if (last?.status === 'waiting') continue;
      stranded.push({
        nodeId: step.nodeId,
        scope: step.scope,
        status: step.status,
        attempt: step.attempt,
        waitpoint: last ? { id: last.id, status: last.status, resolution: last.resolution, wakeAt: last.wakeAt === null ? null : new Date(last.wakeAt).toISOString() } : null,
      });
    }
    return stranded;
  }

  async touchRun(runId: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run) run.updatedAt = this.now();
  }

  /** `ACQUIRE_LEASES_SQL` for one request. */
  async acquireLease(lease: StepLease, ms: number, seen: { status: StepStatus; attempt: number } | null): Promise<boolean> {
    const key = rowKey(lease.runId, lease.nodeId, lease.scope);
    const step = this.steps.get(key);
    const asSeen = seen === null ? step === undefined : step !== undefined && step.status === seen.status && step.attempt === seen.attempt;
    if (!asSeen) return false;
    const now = this.now();
    const held = this.leases.get(key);
    if (held && held.until >= now) return false;
    this.leases.set(key, { owner: lease.owner, until: now + ms });
    return true;
  }

  async renewLease(lease: StepLease, ms: number): Promise<void> {
    const held = this.leases.get(rowKey(lease.runId, lease.nodeId, lease.scope));
    if (held?.owner === lease.owner) held.until = this.now() + ms;
  }

  async releaseLease(lease: StepLease): Promise<void> {
    const key = rowKey(lease.runId, lease.nodeId, lease.scope);
    if (this.leases.get(key)?.owner === lease.owner) this.leases.delete(key);
  }

  /** `CANCEL_RUNS_SQL` for one run. */
  async cancelRun(runId: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return false;
    const now = this.now();
    run.status = 'cancelled';
    run.finishedAt = now;
    run.updatedAt = now;
    for (const waitpoint of this.waitpoints.values()) {
      if (waitpoint.runId !== runId || waitpoint.status !== 'waiting') continue;
      waitpoint.status = 'cancelled';
      waitpoint.resolvedAt = now;
    }
    for (const step of this.stepsOf(runId)) {
      if (step.status !== 'waiting' && step.status !== 'running') continue;
      step.status = 'skipped';
      step.finishedAt = new Date(now).toISOString();
    }
    return true;
  }

  async failedSteps(runId: string): Promise<string[]> {
    return this.stepsOf(runId)
      .filter((step) => step.scope === '' && step.status === 'failed' && step.handle === null)
      .map((step) => step.nodeId);
  }

  /** `RETRY_RUN_SQL`. */
  async retryRun(runId: string, trace: RunTrace | null = null): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || run.status !== 'failed') return false;
    const reopened = await this.failedSteps(runId);
    for (const nodeId of reopened) this.steps.delete(rowKey(runId, nodeId, ''));
    run.status = 'running';
    run.error = null;
    run.finishedAt = null;
    run.remaining += reopened.length;
    run.trace = trace;
    run.updatedAt = this.now();
    return true;
  }

  async pruneFinished(before: Date, limit: number): Promise<number> {
    const runsOf = (eventId: string) => [...this.runs.values()].filter((run) => run.eventId === eventId);
    const prunable = [...this.events.values()]
      .filter((event) => event.receivedAt < before.getTime() && runsOf(event.id).every((run) => run.finishedAt !== null))
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .slice(0, limit);
    for (const event of prunable) {
      // The runs, their steps and waitpoints go with their event (ON DELETE CASCADE).
      for (const run of runsOf(event.id)) {
        this.runs.delete(run.id);
        for (const step of this.stepsOf(run.id)) this.steps.delete(rowKey(run.id, step.nodeId, step.scope));
        for (const waitpoint of [...this.waitpoints.values()]) if (waitpoint.runId === run.id) this.waitpoints.delete(waitpoint.id);
      }
      this.events.delete(event.id);
    }
    const hourAgo = this.now() - 60 * 60 * 1000;
    for (const [key, lease] of this.leases) if (lease.until < hourAgo) this.leases.delete(key);
    return prunable.length;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private stepsOf(runId: string): StepRow[] {
    return [...this.steps.values()].filter((step) => step.runId === runId);
  }

  private openWaitpointRow(runId: string, nodeId: string, scope: string): WaitpointRow | undefined {
    return [...this.waitpoints.values()].find((waitpoint) => waitpoint.runId === runId && waitpoint.nodeId === nodeId && waitpoint.scope === scope && waitpoint.status === 'waiting');
  }
}

function rowKey(runId: string, nodeId: string, scope: string): string {
  return `${runId}\u0000${nodeId}\u0000${scope}`;
}

/** A value as `jsonb` gives it back. */
function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The user data of a write as it would be stored; data JSON cannot hold is refused like the database refuses it. */
function storable(write: StepWrite): Pick<StepWrite, 'input' | 'output' | 'error' | 'warnings'> & { waitpoint?: { payload: unknown } } {
  try {
    return clone({ input: write.input, output: write.output, error: write.error, warnings: write.warnings, waitpoint: write.waitpoint ? { payload: write.waitpoint.payload ?? null } : undefined });
  } catch (error) {
    throw new UnstorableWrite(`the step's data cannot be written as JSON: ${(error as Error).message}`, { cause: error });
  }
}

function toWaitpoint(row: WaitpointRow): StoredWaitpoint {
  return {
    id: row.id,
    runId: row.runId,
    nodeId: row.nodeId,
    scope: row.scope,
    kind: row.kind,
    status: row.status,
    resolution: row.resolution,
    attempt: row.attempt,
    wakeAt: row.wakeAt === null ? null : new Date(row.wakeAt).toISOString(),
    payload: clone(row.payload) ?? null,
  };
}
