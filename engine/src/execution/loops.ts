import { edgeHandle, type FlowGraph, type FlowNode, type GraphProblem } from '@switchboard/shared';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutorDeps } from './executor-deps';
import type { RunAdvancer } from './run-advancer';
import type { StepRecorder } from './step-recorder';
import { TERMINAL_STEP_STATUSES, stepKey, type LoadedRun, type ScopedStep, type StepWrite, type StepWriteResult, type StoredStep } from './types';
import { UnstorableWrite } from './unstorable-write';

/** The steps a loop runs once per item: everything downstream of its item handle. */
export interface LoopBody {
  loopId: string;
  /** The loop's handles: per item, and when every item is done. */
  handles: { item: string; done: string };
  nodes: ReadonlySet<string>;
  /** The body's first steps: the loop's children on its item handle. */
  roots: string[];
}

/**
 * The body of every fan-out node of a graph, and what is wrong with them: a body must be
 * closed (its nodes take edges only from the body or from the loop's item handle), its first
 * steps take only the loop as input, and loops do not nest (yet).
 *
 * @example findLoops(graph, (type) => (type === 'flow.loop' ? { item: 'item', done: 'done' } : undefined))
 */
export function findLoops(graph: FlowGraph, fanOutOf: (type: string, typeVersion?: number) => { item: string; done: string } | undefined): { loops: LoopBody[]; problems: GraphProblem[] } {
  const loops: LoopBody[] = [];
  const problems: GraphProblem[] = [];
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const incoming = new Map<string, typeof graph.edges>();
  for (const edge of graph.edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge]);
  for (const node of graph.nodes) {
    const handles = fanOutOf(node.type, node.typeVersion);
    if (!handles) continue;
    const roots = [...new Set(graph.edges.filter((edge) => edge.source === node.id && edgeHandle(edge) === handles.item).map((edge) => edge.target))];
    const body = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (body.has(id) || id === node.id || !nodes.has(id)) continue;
      body.add(id);
      for (const edge of graph.edges) if (edge.source === id) queue.push(edge.target);
    }
    for (const id of body) {
      for (const edge of incoming.get(id) ?? []) {
        const fromLoop = edge.source === node.id && edgeHandle(edge) === handles.item;
        if (!fromLoop && !body.has(edge.source)) {
          problems.push({ nodeId: id, field: 'edges', message: `${id} runs once per item of the loop ${node.id}, so it can only follow steps inside the loop; the edge from ${edge.source} comes from outside it` });
        } else if (fromLoop === false && roots.includes(id)) {
          problems.push({ nodeId: id, field: 'edges', message: `${id} is a first step of the loop ${node.id}: it can only follow the loop's item handle` });
        }
      }
      const inner = nodes.get(id);
      if (inner && fanOutOf(inner.type, inner.typeVersion)) {
        problems.push({ nodeId: id, field: 'type', message: `a loop inside the loop ${node.id} is not supported yet; loop over the combined list instead` });
      }
    }
    loops.push({ loopId: node.id, handles, nodes: body, roots });
  }
  return { loops, problems };
}

/** What a loop node's `execute` returned: the items, how many run at once, and extra output. */
export interface FanOut {
  items: unknown[];
  concurrency: number;
  output?: Record<string, unknown>;
}

export type LoopSystemDeps = Pick<ExecutorDeps, 'store' | 'queue' | 'clock' | 'cache'> & {
  advancer: RunAdvancer;
  recorder: Pick<StepRecorder, 'notStorable'>;
  /** Stores a step's outcome and moves the run on from it (the executor's). */
  settle(run: LoadedRun, flow: CompiledFlow, write: StepWrite): Promise<void>;
};

/**
 * Runs loops. A loop's step waits (its output holds the items) while each item runs the body in
 * its own scope (`"0"`, `"1"`, …), `concurrency` at a time. An iteration is closed by a marker
 * step (the loop's node id in the item's scope), written conditionally so exactly one caller
 * closes it; the last closer finishes the loop on `done` with every item's result. Everything is
 * derived from what the store holds, so a crash or a lost queue is caught up with by queueing
 * the loop's step again.
 */
export class LoopSystem {
  constructor(private readonly deps: LoopSystemDeps) {}

  /** A loop's step: it waits while its items run, each in its own scope, `concurrency` at a time. */
  async fanOut(run: LoadedRun, flow: CompiledFlow, node: FlowNode, recorded: Omit<StepWrite, 'status'>, fanOut: FanOut): Promise<void> {
    const { store, cache, clock, recorder, settle } = this.deps;
    const loop = flow.loop(node.id);
    if (!loop || recorded.scope !== '') {
      const error = { code: 'CONFIG_INVALID', message: 'a loop cannot run inside another loop', retryable: false };
      return settle(run, flow, { ...recorded, status: 'failed', error, failRun: recorded.scope === '', finishedAt: clock.now().toISOString() });
    }
    const output = { ...fanOut.output, items: fanOut.items, count: fanOut.items.length, concurrency: fanOut.concurrency };
    if (fanOut.items.length === 0) {
      const done = { count: 0, succeeded: 0, failed: 0, results: [] };
      return settle(run, flow, { ...recorded, status: 'succeeded', output: done, handle: loop.handles.done, finishedAt: clock.now().toISOString() });
    }
    const write: StepWrite = { ...recorded, status: 'waiting', output };
    let stored: StepWriteResult;
    try {
      stored = await store.writeStep(write);
    } catch (thrown) {
      if (thrown instanceof UnstorableWrite) return settle(run, flow, recorder.notStorable(flow, write, thrown));
      throw thrown;
    }
    if (!stored.applied) return void cache.evict(run.id);
    cache.recorded(write, stored.runStatus);
    await this.resume(run, flow, node.id, output);
  }

  /**
   * Brings a waiting loop up to date from what the store holds: iterations whose steps all
   * resolved are closed, started ones are moved on, and unstarted items are queued until
   * `concurrency` run at once. Its first call starts the first items; after a crash or a lost
   * queue (the sweeper queues the loop's step again) it picks up where the loop was. Job ids
   * carry the scope, so an iteration already queued is not queued twice.
   */
  async resume(run: LoadedRun, flow: CompiledFlow, loopId: string, output: unknown): Promise<void> {
    const { store, queue, advancer } = this.deps;
    const loop = flow.loop(loopId)!;
    const { count, concurrency } = output as { count: number; concurrency: number };
    const byScope = new Map<string, ScopedStep[]>();
    for (const step of await store.scopedSteps(run.id)) {
      if (step.nodeId === loopId || loop.nodes.has(step.nodeId)) byScope.set(step.scope, [...(byScope.get(step.scope) ?? []), step]);
    }
    const closed = (scope: string) => byScope.get(scope)?.some((step) => step.nodeId === loopId) ?? false;
    const open = [...byScope.keys()].filter((scope) => !closed(scope));
    for (const scope of open) {
      const steps = byScope.get(scope)!;
      const known = new Map(steps.map((step) => [stepKey(step.nodeId, scope), { ...step, attempt: 1 }]));
      const resolved = steps.filter((step) => TERMINAL_STEP_STATUSES.has(step.status)).map((step) => ({ nodeId: step.nodeId, status: step.status, handle: step.handle }));
      // Roots not stored yet were queued (or lost with the queue): queue them again.
      const roots = loop.roots.filter((root) => !known.has(stepKey(root, scope)));
      if (roots.length > 0) await queue.enqueueSteps(roots.map((nodeId) => ({ runId: run.id, nodeId, scope, attempt: 1 })), { continuation: true });
      if (resolved.length > 0) await advancer.advance(run.id, flow, resolved, known, scope);
      await this.iterationProgress(run, flow, loop, scope);
    }
    const unstarted = Array.from({ length: count }, (_, index) => String(index)).filter((scope) => !byScope.has(scope));
    const starting = unstarted.slice(0, Math.max(0, concurrency - open.length));
    if (starting.length > 0) {
      await queue.enqueueSteps(starting.flatMap((scope) => loop.roots.map((nodeId) => ({ runId: run.id, nodeId, scope, attempt: 1 }))), { continuation: true });
    } else if (open.length === 0 && unstarted.length === 0) {
      await this.finish(run, flow, loop);
    }
  }

  /**
   * After a step of iteration `scope` resolved: when every step of the iteration is resolved,
   * closes it (a conditional write: exactly one caller gets past it), starts the item
   * `concurrency` places further, and once every iteration is closed, finishes the loop.
   */
  async iterationProgress(run: LoadedRun, flow: CompiledFlow, loop: LoopBody, scope: string): Promise<void> {
    const { store, queue, clock } = this.deps;
    const states = await store.stepStates(run.id, [...loop.nodes], scope);
    if (![...loop.nodes].every((id) => TERMINAL_STEP_STATUSES.has(states.get(id)?.status ?? 'pending'))) return;
    const failed = [...states.values()].some((state) => state.status === 'failed' && state.handle !== 'error');
    const marker: StepWrite = {
      runId: run.id,
      nodeId: loop.loopId,
      scope,
      nodeType: flow.node(loop.loopId)!.type,
      status: 'succeeded',
      attempt: 1,
      output: { index: Number(scope), failed },
      finishedAt: clock.now().toISOString(),
    };
    const stored = await store.writeStep(marker);
    if (!stored.applied) return;
    const { count, concurrency } = (await this.loopStep(run, loop.loopId))?.output as { count: number; concurrency: number };
    const next = Number(scope) + concurrency;
    if (next < count) {
      await queue.enqueueSteps(loop.roots.map((nodeId) => ({ runId: run.id, nodeId, scope: String(next), attempt: 1 })), { continuation: true });
      return;
    }
    await this.finish(run, flow, loop);
  }

  /** The loop's own (waiting) step, which holds the items. */
  private async loopStep(run: LoadedRun, loopId: string): Promise<StoredStep | undefined> {
    return run.steps.get(stepKey(loopId)) ?? (await this.deps.store.loadRun(run.id, ''))?.steps.get(stepKey(loopId));
  }

  /** Once every item's iteration is closed: the loop succeeds on `done` with each item's result (the last closer's write wins alone). */
  private async finish(run: LoadedRun, flow: CompiledFlow, loop: LoopBody): Promise<void> {
    const { store, clock, settle } = this.deps;
    const loopStep = await this.loopStep(run, loop.loopId);
    const { count, items } = loopStep?.output as { count: number; items: unknown[] };
    const iterations = await store.scopedSteps(run.id);
    const closed = iterations.filter((step) => step.nodeId === loop.loopId && step.status === 'succeeded').length;
    if (closed < count) return;
    const results = Array.from({ length: count }, (_, index) => {
      const steps = iterations.filter((step) => step.scope === String(index) && loop.nodes.has(step.nodeId));
      const error = steps.find((step) => step.status === 'failed' && step.handle !== 'error')?.error ?? null;
      const outputs = Object.fromEntries(steps.filter((step) => step.status === 'succeeded').map((step) => [step.nodeId, step.output]));
      return { index, item: items[index], status: error ? 'failed' : 'succeeded', outputs, ...(error ? { error } : {}) };
    });
    const failed = results.filter((result) => result.status === 'failed').length;
    return settle(run, flow, {
      runId: run.id,
      nodeId: loop.loopId,
      scope: '',
      nodeType: flow.node(loop.loopId)!.type,
      status: 'succeeded',
      handle: loop.handles.done,
      attempt: loopStep?.attempt ?? 1,
      output: { count, succeeded: count - failed, failed, results },
      finishedAt: clock.now().toISOString(),
    });
  }
}
