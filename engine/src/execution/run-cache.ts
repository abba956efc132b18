import type { CompiledFlow } from './compiled-flow';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, stepKey, type LoadedRun, type RunStatus, type StepWrite } from './types';

/**
 * The runs this process is moving, as it last stored them, so that the next step of a run
 * usually needs no read from Postgres. Postgres stays the truth: an entry is used for a node
 * only when every ancestor of that node is resolved in it (steps are immutable once resolved,
 * so those outputs cannot be stale); otherwise the run is loaded again. Finished runs leave
 * the cache; a cancel or a retry elsewhere evicts the run in every process.
 */
export class RunCache {
  private readonly runs = new Map<string, LoadedRun>();

  constructor(private readonly capacity = 5000) {}

  /** The cached run if it can serve `nodeId` of `flow`. */
  usable(runId: string, flow: CompiledFlow, nodeId: string, scope = ''): LoadedRun | undefined {
    const run = this.runs.get(runId);
    if (!run || run.versionId !== flow.id) return undefined;
    // Inside a loop iteration, the ancestors in the loop's body ran in that iteration, and the loop itself waits.
    const loopId = scope ? flow.loopAround(nodeId)?.loopId : undefined;
    for (const ancestor of flow.index.ancestors(nodeId)) {
      const inBody = loopId !== undefined && flow.loopAround(ancestor)?.loopId === loopId;
      const status = run.steps.get(stepKey(ancestor, inBody ? scope : ''))?.status;
      if (ancestor === loopId && status === 'waiting') continue;
      if (status === undefined || !TERMINAL_STEP_STATUSES.has(status)) return undefined;
    }
    return run;
  }

  peek(runId: string): LoadedRun | undefined {
    return this.runs.get(runId);
  }

  put(run: LoadedRun): void {
    if (TERMINAL_RUN_STATUSES.has(run.status)) return void this.runs.delete(run.id);
    this.runs.delete(run.id);
    this.runs.set(run.id, run);
    // Insertion order is age: drop the oldest entries beyond capacity.
    while (this.runs.size > this.capacity) this.runs.delete(this.runs.keys().next().value as string);
  }

  /** Applies a step this process stored to the cached run. */
  recorded(write: StepWrite, runStatus: RunStatus | null): void {
    const run = this.runs.get(write.runId);
    if (!run) return;
    if (runStatus === null || TERMINAL_RUN_STATUSES.has(runStatus)) return void this.runs.delete(write.runId);
    run.status = runStatus;
    run.steps.set(stepKey(write.nodeId, write.scope), {
      nodeId: write.nodeId,
      scope: write.scope,
      status: write.status,
      handle: write.handle ?? null,
      output: write.output ?? null,
      attempt: write.attempt,
    });
  }

  evict(runId: string): void {
    this.runs.delete(runId);
  }
}
