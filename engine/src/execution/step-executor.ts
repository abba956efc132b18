import type { Resumption } from '@switchboard/nodes';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutorDeps } from './executor-deps';
import { LoopSystem } from './loops';
import { RunAdvancer } from './run-advancer';
import { RunEnd } from './run-end';
import { withStepLease } from './step-lease';
import { StepRecorder } from './step-recorder';
import { StepRunner, type ExecuteOptions } from './step-runner';
import { NO_TRACING } from './tracing';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, stepKey, type LoadedRun, type StepJob, type StepLease, type StepStatus, type StepWrite, type StoredStep } from './types';

export type { ExecutorDeps, ExecutorSettings } from './executor-deps';

/**
 * How many steps one job may execute in a row before it hands the rest of the run to a job of
 * its own: a long linear flow shares the workers with other runs instead of holding one.
 */
const MAX_INLINE_STEPS = 32;

/** The next top-level node a job executes itself, or nothing more to do in this job. */
type Next = string | undefined;

/**
 * Runs one step job, alarm or resumption: loads the run, has the node executed (`StepRunner`),
 * stores the outcome (`StepRecorder`, which applies run-end effects through `RunEnd`) and moves
 * the run on (`RunAdvancer`, and `LoopSystem` inside loops). A job may be delivered twice (a
 * worker died holding it): a step already stored is never executed again, only its successors
 * are re-derived (replay). A linear run moves on in the job that stored its step (see
 * `RunAdvancer`), up to `MAX_INLINE_STEPS` steps; then, or where it branches out, jobs carry it.
 */
export class StepExecutor {
  private readonly advancer: RunAdvancer;
  private readonly runner: StepRunner;
  private readonly recorder: StepRecorder;
  private readonly loops: LoopSystem;

  constructor(private readonly deps: ExecutorDeps) {
    this.advancer = new RunAdvancer(deps.store, deps.queue, deps.cache);
    this.runner = new StepRunner(deps);
    this.recorder = new StepRecorder({ ...deps, runEnd: new RunEnd(deps) });
    this.loops = new LoopSystem({ ...deps, advancer: this.advancer, recorder: this.recorder, settle: async (run, flow, write) => void (await this.settle(run, flow, write)) });
  }

  async runStep(job: StepJob): Promise<void> {
    return this.continueFrom(job.runId, await this.runOne(job));
  }

  async fireAlarm(waitpointId: string): Promise<void> {
    const resolved = await this.resolveWaitpoint(waitpointId, 'alarm');
    if (!resolved) return;
    return this.continueFrom(resolved.run.id, await this.alarmed(resolved));
  }

  /** The step of a waitpoint that a reply resolved (`resolveWaitpoint(id, 'reply', message)` won): it continues with the message. */
  async resumeWaitpoint(waitpointId: string): Promise<void> {
    const resolved = await this.resolveWaitpoint(waitpointId, 'reply');
    if (!resolved) return;
    const { run, flow, waitpoint } = resolved;
    // The provider reported the outcome of the side effect: the step runs again and its port finds the outcome stored.
    const resumption: Resumption | undefined = waitpoint.kind === 'outcome' ? undefined : { kind: 'reply', payload: waitpoint.payload };
    return this.continueFrom(run.id, await this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, resumption, { scope: waitpoint.scope }));
  }

  /** Executes the run's next steps in this job while each has exactly one ready successor; then hands the run to a job. */
  private async continueFrom(runId: string, next: Next): Promise<void> {
    for (let steps = 1; next !== undefined; steps++) {
      const job = { runId, nodeId: next, scope: '', attempt: 1 };
      if (steps > MAX_INLINE_STEPS) return this.deps.queue.enqueueSteps([job], { continuation: true });
      next = await this.runOne(job);
    }
  }

  private async runOne(job: StepJob): Promise<Next> {
    const loaded = await this.load(job.runId, job.nodeId, job.scope);
    if (!loaded) return;
    const { run, flow } = loaded;
    const existing = run.steps.get(stepKey(job.nodeId, job.scope));
    if (existing) {
      if (TERMINAL_STEP_STATUSES.has(existing.status)) {
        // Replay: the step ran and was stored, the worker died before the successors were enqueued.
        return this.advanceFrom(run, flow, existing, run.steps);
      }
      if (existing.status === 'waiting') {
        // A loop waits for its iterations: catch up with them (a crash may have come between).
        if (flow.loop(job.nodeId) && job.scope === '') return void (await this.loops.resume(run, flow, job.nodeId, existing.output));
        return void (await this.rearm(run.id, job.nodeId, job.scope));
      }
      // A stored retry at a later attempt than this job: the job is stale.
      if (existing.attempt >= job.attempt) return;
    }
    return this.execute(run, flow, job.nodeId, job.attempt, undefined, { scope: job.scope });
  }

  /** Executes the step whose alarm rang: a retry, a delay's or a wait's end, an outcome's grace period. */
  private async alarmed({ run, flow, waitpoint }: NonNullable<Awaited<ReturnType<StepExecutor['resolveWaitpoint']>>>): Promise<Next> {
    if (waitpoint.kind === 'retry') {
      // A deferred step (a sender's send rate) owns the send slot it waited for.
      const deferred = (waitpoint.payload as { deferred?: boolean } | null)?.deferred === true;
      return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, undefined, { rateSlotHeld: deferred, scope: waitpoint.scope });
    }
    // No report of the side effect's outcome came within the grace period: the port applies the connection's policy.
    if (waitpoint.kind === 'outcome') return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, undefined, { outcomeDue: true, scope: waitpoint.scope });
    // The alarm of a wait for a reply is its timeout.
    const resumption: Resumption = waitpoint.kind === 'reply' ? { kind: 'timeout' } : { kind: waitpoint.kind, payload: waitpoint.payload };
    return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, resumption, { scope: waitpoint.scope });
  }

  /**
   * Resolves a waitpoint (only one resolver wins) and loads its run; null when there is nothing
   * left to execute — another resolver won, the run ended, or the step is already stored (then
   * the run is only moved on from it).
   */
  private async resolveWaitpoint(waitpointId: string, by: 'alarm' | 'reply') {
    const waitpoint = await this.deps.store.resolveWaitpoint(waitpointId, by);
    if (!waitpoint) return null;
    const loaded = await this.load(waitpoint.runId, waitpoint.nodeId, waitpoint.scope);
    if (!loaded) return null;
    const existing = loaded.run.steps.get(stepKey(waitpoint.nodeId, waitpoint.scope));
    if (existing && TERMINAL_STEP_STATUSES.has(existing.status)) {
      await this.continueFrom(loaded.run.id, await this.advanceFrom(loaded.run, loaded.flow, existing, loaded.run.steps));
      return null;
    }
    return { ...loaded, waitpoint };
  }

  /** The run as far as `nodeId` needs it: from the cache when it holds every ancestor, else from the store. */
  private async load(runId: string, nodeId: string, scope: string): Promise<{ run: LoadedRun; flow: CompiledFlow } | null> {
    const { cache, flows, store, logger } = this.deps;
    const cached = cache.peek(runId);
    if (cached) {
      const flow = await flows.get(cached.versionId);
      const usable = flow ? cache.usable(runId, flow, nodeId, scope) : undefined;
      if (flow && usable) return { run: usable, flow };
    }
    const run = await store.loadRun(runId, scope);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return null;
    const flow = await flows.get(run.versionId);
    if (!flow) {
      logger.error({ runId, versionId: run.versionId }, 'flow version of run not found');
      return null;
    }
    cache.put(run);
    return { run, flow };
  }

  private async rearm(runId: string, nodeId: string, scope: string): Promise<void> {
    const waitpoint = await this.deps.store.openWaitpoint(runId, nodeId, scope);
    if (waitpoint?.wakeAt) await this.deps.queue.armAlarm(waitpoint.id, new Date(waitpoint.wakeAt));
  }

  /** Executes a step and stores its outcome; a side-effect step only while holding its lease (`withStepLease`). */
  private async execute(run: LoadedRun, flow: CompiledFlow, nodeId: string, attempt: number, resumption?: Resumption, options: ExecuteOptions = {}): Promise<Next> {
    const scope = options.scope ?? '';
    const node = flow.node(nodeId);
    const identity = { workspaceId: run.workspaceId, flowId: run.flowId, runId: run.id, nodeId, nodeType: node?.type ?? 'unknown', scope, attempt };
    // One span per execution (an attempt, a resumption), a child of the run's stored context.
    return (this.deps.tracer ?? NO_TRACING).step(identity, run.trace, async (span) => {
      // With a lease (a side effect's), the step's write ends it.
      const work = async (lease?: StepLease): Promise<{ result: Next; leaseEnded: boolean }> => {
        const outcome = await this.runner.outcome(run, flow, nodeId, attempt, resumption, { ...options, trace: span.context });
        if (!outcome) return { result: undefined, leaseEnded: false };
        if ('fanOut' in outcome) {
          span.outcome('waiting');
          await this.loops.fanOut(run, flow, outcome.node, outcome.recorded, outcome.fanOut);
          return { result: undefined, leaseEnded: false };
        }
        span.outcome(outcome.write.status, outcome.write.error?.code);
        // The write carried the lease (and a write that failed throws: then the lease is released apart).
        const next = await this.settle(run, flow, lease ? { ...outcome.write, lease } : outcome.write, { inline: true });
        return { result: next, leaseEnded: lease !== undefined };
      };
      if (!flow.action(nodeId)?.sideEffect) return (await work()).result;
      return withStepLease(this.deps, run, nodeId, scope, work);
    });
  }

  /**
   * Stores a step's outcome and, when it resolved and the run goes on, moves the run on from it.
   * With `inline`, answers the next step this job executes (the loops' own calls enqueue instead).
   */
  private async settle(run: LoadedRun, flow: CompiledFlow, outcome: StepWrite, options: { inline?: boolean } = {}): Promise<Next> {
    const write = await this.recorder.record(run, flow, outcome);
    if (!write) return;
    return this.advanceFrom(run, flow, { nodeId: write.nodeId, scope: write.scope, status: write.status, handle: write.handle ?? null }, undefined, { inline: options.inline });
  }

  /** Moves the run on from a resolved step; inside a loop, within its iteration, then the loop itself. */
  private async advanceFrom(
    run: LoadedRun,
    flow: CompiledFlow,
    step: { nodeId: string; scope: string; status: StepWrite['status'] | 'pending'; handle: string | null },
    known?: ReadonlyMap<string, StoredStep>,
    options: { inline?: boolean } = { inline: true },
  ): Promise<Next> {
    const next = await this.advancer.advance(run.id, flow, [{ nodeId: step.nodeId, status: step.status as StepStatus, handle: step.handle }], known, step.scope, options);
    if (step.scope !== '') await this.loops.iterationProgress(run, flow, flow.loopAround(step.nodeId)!, step.scope);
    return next;
  }
}
