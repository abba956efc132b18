import type { CompiledFlow } from './compiled-flow';
import type { ExecutionStore, JobQueue } from './ports';
import type { RunCache } from './run-cache';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, stepKey, type StepStatus, type StepWrite, type StoredStep } from './types';

export interface ResolvedStep {
  nodeId: string;
  status: StepStatus;
  /** The handle the step fired (null for skipped steps). */
  handle: string | null;
}

/**
 * Moves a run forward after steps resolved: enqueues the children that became ready and
 * marks skipped the ones that can no longer run (dead-path elimination).
 *
 * A node with one parent is decided by that parent alone. A node with several parents (a
 * join) is decided once every parent is resolved (succeeded, failed onto its `error` edge,
 * or skipped): it runs if at least one parent fired an edge into it, else it is skipped and
 * the skip propagates. Parents' states are read after this step's own write committed, so
 * of two parents finishing at once at least the later one sees both; if both do, the
 * deterministic job id and the step's stored state make the second enqueue harmless.
 *
 * A linear run moves on in the job that stored its step: with `inline`, a single ready child at
 * the top level is handed back to the caller, which executes it in the same job (its step is
 * stored before anything follows it, as with a job of its own, and a worker that dies mid-chain
 * gives the job back, whose replay continues from what was stored). So a replay walks through
 * children it finds resolved, as far as the run got.
 */
export class RunAdvancer {
  constructor(
    private readonly store: ExecutionStore,
    private readonly queue: JobQueue,
    private readonly cache?: RunCache,
  ) {}

  /**
   * @param known steps already stored for the run, when the caller has them (a replay after
   *   a crash): children already resolved are neither enqueued nor skipped again, and the run is
   *   moved on from them in turn.
   * @returns the child the caller executes next in the same job (`inline`, at the top level, when
   *   exactly one child became ready); the other ready children are enqueued.
   */
  async advance(runId: string, flow: CompiledFlow, resolved: ResolvedStep[], known?: ReadonlyMap<string, StoredStep>, scope = '', options: { inline?: boolean } = {}): Promise<string | undefined> {
    const ready = new Set<string>();
    const visited = new Set(resolved.map((step) => step.nodeId));
    let frontier = resolved;
    while (frontier.length > 0) {
      const skip = new Set<string>();
      const joins = new Set<string>();
      for (const parent of frontier) {
        for (const child of flow.index.children(parent.nodeId)) {
          // A loop's body runs in the loop's iterations, never at the top level (and vice versa).
          if ((flow.loopAround(child) !== undefined) !== (scope !== '')) continue;
          if (flow.index.parents(child).length > 1) {
            joins.add(child);
          } else if (parent.status !== 'skipped' && flow.connects(parent.nodeId, parent.handle, child)) {
            ready.add(child);
          } else {
            skip.add(child);
          }
        }
      }
      if (joins.size > 0) await this.decideJoins(runId, flow, joins, ready, skip, scope);
      const skipped = await this.writeSkips(runId, flow, [...skip].filter((id) => !isResolved(known, id, scope)), scope);
      frontier = [...skipped, ...this.replayed(ready, known, scope, visited)];
    }
    // A child the replay finds stored (and not resolved) already has its job or its waitpoint (a delay, a retry).
    const jobs = [...ready].filter((id) => !known?.has(stepKey(id, scope)));
    if (options.inline && scope === '' && jobs.length === 1) return jobs[0];
    if (jobs.length > 0) {
      await this.queue.enqueueSteps(jobs.map((nodeId) => ({ runId, nodeId, scope, attempt: 1 })), { continuation: true });
    }
    return undefined;
  }

  /** Ready children the replay finds resolved: the run is moved on from them too (once each). */
  private replayed(ready: Set<string>, known: ReadonlyMap<string, StoredStep> | undefined, scope: string, visited: Set<string>): ResolvedStep[] {
    const next: ResolvedStep[] = [];
    for (const nodeId of ready) {
      const stored = known?.get(stepKey(nodeId, scope));
      if (!stored || !TERMINAL_STEP_STATUSES.has(stored.status) || visited.has(nodeId)) continue;
      visited.add(nodeId);
      next.push({ nodeId, status: stored.status, handle: stored.handle });
    }
    return next;
  }

  private async decideJoins(runId: string, flow: CompiledFlow, joins: Set<string>, ready: Set<string>, skip: Set<string>, scope: string): Promise<void> {
    const parents = new Set<string>();
    for (const join of joins) for (const parent of flow.index.parents(join)) parents.add(parent);
    const states = await this.store.stepStates(runId, [...parents], scope);
    for (const join of joins) {
      const joinParents = flow.index.parents(join);
      const allResolved = joinParents.every((parent) => TERMINAL_STEP_STATUSES.has(states.get(parent)?.status ?? 'pending'));
      if (!allResolved) continue;
      const activated = joinParents.some((parent) => {
        const state = states.get(parent)!;
        return state.status !== 'skipped' && flow.connects(parent, state.handle, join);
      });
      (activated ? ready : skip).add(join);
    }
  }

  /** Stores the skips; returns the ones this call stored, whose children must be decided next. */
  private async writeSkips(runId: string, flow: CompiledFlow, nodeIds: string[], scope: string): Promise<ResolvedStep[]> {
    const now = new Date().toISOString();
    const writes = nodeIds.map((nodeId): StepWrite => ({ runId, nodeId, scope, nodeType: flow.node(nodeId)!.type, status: 'skipped', attempt: 0, finishedAt: now }));
    const results = await Promise.all(writes.map((write) => this.store.writeStep(write)));
    const stored: ResolvedStep[] = [];
    results.forEach((result, index) => {
      if (result.applied) this.cache?.recorded(writes[index]!, result.runStatus);
      else this.cache?.evict(runId);
      if (result.applied && !(result.runStatus && TERMINAL_RUN_STATUSES.has(result.runStatus))) {
        stored.push({ nodeId: nodeIds[index]!, status: 'skipped', handle: null });
      }
    });
    return stored;
  }
}

function isResolved(known: ReadonlyMap<string, StoredStep> | undefined, nodeId: string, scope: string): boolean {
  const status = known?.get(stepKey(nodeId, scope))?.status;
  return status !== undefined && TERMINAL_STEP_STATUSES.has(status);
}
