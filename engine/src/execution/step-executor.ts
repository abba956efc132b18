import { randomUUID } from 'node:crypto';
import { evaluateCondition, formatTranscript, renderDeep, renderJson, renderTemplate, renderUrl, StepError, toStepErrorInfo, type FlowNode, type RetryPolicy, type StepErrorInfo } from '@switchboard/shared';
import type { ActionContext, ActionDefinition, ActionResult, NodeCatalog, Resumption } from '@switchboard/nodes';
import { retryPolicyFor, SIDE_EFFECT_RETRY } from '@switchboard/nodes';
import type { CompiledFlow } from './compiled-flow';
import type { FlowRegistry } from './flow-registry';
import type { CallerNotifier, Clock, ExecutionLogger, ExecutionStore, JobQueue, PortFactory, RunServices } from './ports';
import { RunAdvancer } from './run-advancer';
import { StepDeferral, StepLeaseHeld } from './step-deferral';
import { UnstorableWrite } from './unstorable-write';
import { retryDelayMs, wakeUpDate } from './wake-up';
import type { RunCache } from './run-cache';
import { contextForRun, type ContextSettings } from './run-context';
import type { LoopBody } from './loops';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, stepKey, type LoadedRun, type StepJob, type StepStatus, type ScopedStep, type StepWrite, type StepWriteResult, type StoredStep } from './types';

export interface ExecutorSettings extends ContextSettings {
  defaultPhoneCountry?: string;
  /** Test-only fault injection (see the engine config's SWITCHBOARD_FAULT). */
  fault?: string;
  /** How long a side-effect step's lease lasts before it is renewed (the queue's lock duration). */
  stepLeaseMs?: number;
}

const DEFAULT_STEP_LEASE_MS = 30_000;

/**
 * Runs one step job or one alarm: loads the run, renders the node's config against the run
 * context, calls the node, stores the outcome in one batched write and moves the run on.
 * A job may be delivered twice (a worker died holding it): a step already stored is never
 * executed again, only its successors are re-derived.
 */
export class StepExecutor {
  private readonly advancer: RunAdvancer;

  constructor(
    private readonly store: ExecutionStore,
    private readonly queue: JobQueue,
    private readonly flows: FlowRegistry,
    private readonly catalog: NodeCatalog,
    private readonly ports: PortFactory,
    private readonly logger: ExecutionLogger,
    private readonly clock: Clock,
    private readonly settings: ExecutorSettings,
    private readonly cache: RunCache,
    private readonly services?: RunServices,
    /** Tells a caller still waiting on a run (an in-call function) that it finished. */
    private readonly callers?: CallerNotifier,
  ) {
    this.advancer = new RunAdvancer(store, queue, cache);
  }

  async runStep(job: StepJob): Promise<void> {
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
        if (flow.loop(job.nodeId) && job.scope === '') return this.resumeLoop(run, flow, job.nodeId, existing.output);
        return this.rearm(run.id, job.nodeId, job.scope);
      }
      // A stored retry at a later attempt than this job: the job is stale.
      if (existing.attempt >= job.attempt) return;
    }
    await this.execute(run, flow, job.nodeId, job.attempt, undefined, { scope: job.scope });
  }

  async fireAlarm(waitpointId: string): Promise<void> {
    const resolved = await this.resolveWaitpoint(waitpointId, 'alarm');
    if (!resolved) return;
    const { run, flow, waitpoint } = resolved;
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

  /** The step of a waitpoint that a reply resolved (`resolveWaitpoint(id, 'reply', message)` won): it continues with the message. */
  async resumeWaitpoint(waitpointId: string): Promise<void> {
    const resolved = await this.resolveWaitpoint(waitpointId, 'reply');
    if (!resolved) return;
    const { run, flow, waitpoint } = resolved;
    // The provider reported the outcome of the side effect: the step runs again and its port finds the outcome stored.
    if (waitpoint.kind === 'outcome') return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, undefined, { scope: waitpoint.scope });
    return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, { kind: 'reply', payload: waitpoint.payload }, { scope: waitpoint.scope });
  }

  /**
   * Resolves a waitpoint (only one resolver wins) and loads its run; null when there is nothing
   * left to execute — another resolver won, the run ended, or the step is already stored (then
   * the run is only moved on from it).
   */
  private async resolveWaitpoint(waitpointId: string, by: 'alarm' | 'reply') {
    const waitpoint = await this.store.resolveWaitpoint(waitpointId, by);
    if (!waitpoint) return null;
    const loaded = await this.load(waitpoint.runId, waitpoint.nodeId, waitpoint.scope);
    if (!loaded) return null;
    const existing = loaded.run.steps.get(stepKey(waitpoint.nodeId, waitpoint.scope));
    if (existing && TERMINAL_STEP_STATUSES.has(existing.status)) {
      await this.advanceFrom(loaded.run, loaded.flow, existing, loaded.run.steps);
      return null;
    }
    return { ...loaded, waitpoint };
  }

  /** The run as far as `nodeId` needs it: from the cache when it holds every ancestor, else from Postgres. */
  private async load(runId: string, nodeId: string, scope: string): Promise<{ run: LoadedRun; flow: CompiledFlow } | null> {
    const cached = this.cache.peek(runId);
    if (cached) {
      const flow = await this.flows.get(cached.versionId);
      const usable = flow ? this.cache.usable(runId, flow, nodeId, scope) : undefined;
      if (flow && usable) return { run: usable, flow };
    }
    const run = await this.store.loadRun(runId, scope);
    if (!run || TERMINAL_RUN_STATUSES.has(run.status)) return null;
    const flow = await this.flows.get(run.versionId);
    if (!flow) {
      this.logger.error({ runId, versionId: run.versionId }, 'flow version of run not found');
      return null;
    }
    this.cache.put(run);
    return { run, flow };
  }

  private async rearm(runId: string, nodeId: string, scope: string): Promise<void> {
    const waitpoint = await this.store.openWaitpoint(runId, nodeId, scope);
    if (waitpoint?.wakeAt) await this.queue.armAlarm(waitpoint.id, new Date(waitpoint.wakeAt));
  }

  /**
   * Executes a step; a side-effect step only while holding its lease, taken if the step is still
   * in the state this execution loaded (so an execution that lost the race to one that stored
   * the step does not execute it again). Another holder (a job handed to two workers when a
   * BullMQ lock was lost) makes this job fail with `StepLeaseHeld`, and the queue retries it.
   */
  private async execute(run: LoadedRun, flow: CompiledFlow, nodeId: string, attempt: number, resumption?: Resumption, options: ExecuteOptions = {}): Promise<void> {
    if (!flow.action(nodeId)?.sideEffect) return this.executeStep(run, flow, nodeId, attempt, resumption, options);
    const scope = options.scope ?? '';
    const lease = { runId: run.id, nodeId, scope, owner: randomUUID() };
    const ms = this.settings.stepLeaseMs ?? DEFAULT_STEP_LEASE_MS;
    const seen = run.steps.get(stepKey(nodeId, scope));
    if (!(await this.store.acquireLease(lease, ms, seen ? { status: seen.status, attempt: seen.attempt } : null))) {
      // What this process holds of the run may be stale; the retried job reads it again.
      this.cache.evict(run.id);
      this.logger.warn({ runId: run.id, stepId: nodeId, scope }, 'step is held by another execution; its job is retried later');
      throw new StepLeaseHeld(run.id, nodeId, scope);
    }
    // A slow side effect (a provider near its timeout, a long HTTP call) keeps its lease.
    const renewal = setInterval(() => {
      this.store.renewLease(lease, ms).catch((error: unknown) => this.logger.warn({ runId: run.id, stepId: nodeId, err: error }, 'could not renew the step lease'));
    }, Math.max(100, Math.floor(ms / 3)));
    try {
      await this.executeStep(run, flow, nodeId, attempt, resumption, options);
    } finally {
      clearInterval(renewal);
      await this.store.releaseLease(lease);
    }
  }

  private async executeStep(run: LoadedRun, flow: CompiledFlow, nodeId: string, attempt: number, resumption?: Resumption, options: ExecuteOptions = {}): Promise<void> {
    const scope = options.scope ?? '';
    const node = flow.node(nodeId);
    if (!node) {
      this.logger.warn({ runId: run.id, stepId: nodeId }, 'step job for a node the flow does not have');
      return;
    }
    const startedAt = this.clock.now().toISOString();
    const base = { runId: run.id, nodeId, scope, nodeType: node.type, attempt, startedAt };
    const definition = flow.action(nodeId);
    if (!definition) {
      const error: StepErrorInfo = { code: 'UNKNOWN_NODE_TYPE', message: `no node type ${node.type} version ${node.typeVersion ?? 1} in this engine`, retryable: false };
      return this.finish(run, flow, { ...base, status: 'failed', error, failRun: true, finishedAt: startedAt });
    }

    const { retry: _retry, ...config } = node.config ?? {};
    let rendered: { value: Record<string, unknown>; warnings: string[] };
    let context: Record<string, unknown>;
    try {
      await this.extractDynamicVariables(run, flow);
      context = contextForRun(run, flow, this.settings, scope, nodeId);
      rendered = renderConfig(config, context, definition);
    } catch (thrown) {
      const error = toStepErrorInfo(thrown);
      if (thrown instanceof StepError && error.retryable) {
        // The AI could not extract the {{dyn_*}} values now (rate limited, down): retried like a side effect.
        return this.retryOrFail(run, flow, node, definition, { ...base }, error, attempt, this.clock.now().toISOString(), SIDE_EFFECT_RETRY);
      }
      // A template that cannot be parsed (publishing refuses those, but a flow may predate a rule).
      const failure = { ...error, retryable: false };
      return this.finish(run, flow, { ...base, status: 'failed', error: failure, failRun: !flow.hasErrorEdge(nodeId) && scope === '', ...(flow.hasErrorEdge(nodeId) ? { handle: 'error' } : {}), finishedAt: startedAt });
    }
    const parsed = this.catalog.parseConfig(definition, rendered.value);
    let result: ActionResult | undefined;
    let error: StepErrorInfo | undefined;
    if (!parsed.ok) {
      const message = parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      error = { code: 'CONFIG_INVALID', message, retryable: false, details: parsed.problems };
    } else {
      const ctx: ActionContext<unknown> = {
        config: parsed.config,
        run: { id: run.id, flowId: run.flowId, workspaceId: run.workspaceId, startedAt: run.createdAt, isTest: run.isTest },
        node: { id: nodeId, type: node.type },
        attempt,
        context,
        evaluate: (condition) => evaluateCondition(condition, context),
        settings: { defaultPhoneCountry: this.settings.defaultPhoneCountry },
        now: () => this.clock.now(),
        ports: this.ports.forStep({ workspaceId: run.workspaceId, runId: run.id, flowId: run.flowId, nodeId, scope, isTest: run.isTest, rateSlotHeld: options.rateSlotHeld, outcomeDue: options.outcomeDue }),
      };
      try {
        result = resumption
          ? await (definition.resume ? definition.resume(ctx, resumption) : { output: resumption.payload ?? {} })
          : await definition.execute(ctx);
      } catch (thrown) {
        if (thrown instanceof StepDeferral) {
          // Not a failure and no attempt spent: the step waits, durably, and runs again then.
          const until = wakeUpDate(thrown.until, this.clock.now());
          this.logger[thrown.kind === 'outcome' ? 'warn' : 'debug']({ runId: run.id, stepId: nodeId, until: until.toISOString(), reason: thrown.reason }, 'step deferred');
          const waitpoint =
            thrown.kind === 'outcome'
              ? { id: randomUUID(), kind: 'outcome' as const, wakeAt: until.toISOString(), correlation: thrown.correlation ?? null, attempt, payload: { reason: thrown.reason } }
              : { id: randomUUID(), kind: 'retry' as const, wakeAt: until.toISOString(), attempt, payload: { deferred: true, reason: thrown.reason } };
          return this.finish(run, flow, { ...base, input: rendered.value, warnings: rendered.warnings, status: 'waiting', waitpoint });
        }
        error = toStepErrorInfo(thrown);
        if (error.code === 'INTERNAL') this.logger.error({ runId: run.id, stepId: nodeId, err: thrown }, 'node threw an unexpected error');
      }
      if (definition.sideEffect && this.settings.fault === 'crash-after-side-effect') process.kill(process.pid, 'SIGKILL');
    }

    const finishedAt = this.clock.now().toISOString();
    const recorded = { ...base, input: rendered.value, warnings: rendered.warnings };
    if (error) return this.retryOrFail(run, flow, node, definition, recorded, error, attempt, finishedAt);
    if (result && 'wait' in result) {
      return this.finish(run, flow, {
        ...recorded,
        status: 'waiting',
        waitpoint: {
          id: randomUUID(),
          kind: result.wait.correlation ? 'reply' : 'delay',
          wakeAt: wakeUpDate(result.wait.until, this.clock.now()).toISOString(),
          correlation: result.wait.correlation ?? null,
          attempt,
          payload: result.wait.output ?? null,
        },
      });
    }
    if (result && 'fanOut' in result) return this.fanOut(run, flow, node, recorded, result.fanOut);
    return this.finish(run, flow, { ...recorded, status: 'succeeded', output: result?.output ?? {}, handle: result?.handle ?? 'default', finishedAt });
  }

  /** A loop's step: it waits while its items run, each in its own scope, `concurrency` at a time. */
  private async fanOut(run: LoadedRun, flow: CompiledFlow, node: FlowNode, recorded: Omit<StepWrite, 'status'>, fanOut: { items: unknown[]; concurrency: number; output?: Record<string, unknown> }): Promise<void> {
    const loop = flow.loop(node.id);
    if (!loop || recorded.scope !== '') {
      const error = { code: 'CONFIG_INVALID', message: 'a loop cannot run inside another loop', retryable: false };
      return this.finish(run, flow, { ...recorded, status: 'failed', error, failRun: recorded.scope === '', finishedAt: this.clock.now().toISOString() });
    }
    const output = { ...fanOut.output, items: fanOut.items, count: fanOut.items.length, concurrency: fanOut.concurrency };
    if (fanOut.items.length === 0) {
      const done = { count: 0, succeeded: 0, failed: 0, results: [] };
      return this.finish(run, flow, { ...recorded, status: 'succeeded', output: done, handle: loop.handles.done, finishedAt: this.clock.now().toISOString() });
    }
    const write: StepWrite = { ...recorded, status: 'waiting', output };
    let stored: StepWriteResult;
    try {
      stored = await this.store.writeStep(write);
    } catch (thrown) {
      if (thrown instanceof UnstorableWrite) return this.finish(run, flow, this.notStorable(flow, write, thrown));
      throw thrown;
    }
    if (!stored.applied) return void this.cache.evict(run.id);
    this.cache.recorded(write, stored.runStatus);
    await this.resumeLoop(run, flow, node.id, output);
  }

  /**
   * Brings a waiting loop up to date from what Postgres holds: iterations whose steps all
   * resolved are closed, started ones are moved on, and unstarted items are queued until
   * `concurrency` run at once. Its first call starts the first items; after a crash or a lost
   * queue (the sweeper queues the loop's step again) it picks up where the loop was. Job ids
   * carry the scope, so an iteration already queued is not queued twice.
   */
  private async resumeLoop(run: LoadedRun, flow: CompiledFlow, loopId: string, output: unknown): Promise<void> {
    const loop = flow.loop(loopId)!;
    const { count, concurrency } = output as { count: number; concurrency: number };
    const byScope = new Map<string, ScopedStep[]>();
    for (const step of await this.store.scopedSteps(run.id)) {
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
      if (roots.length > 0) await this.queue.enqueueSteps(roots.map((nodeId) => ({ runId: run.id, nodeId, scope, attempt: 1 })), { continuation: true });
      if (resolved.length > 0) await this.advancer.advance(run.id, flow, resolved, known, scope);
      await this.iterationProgress(run, flow, loop, scope);
    }
    const unstarted = Array.from({ length: count }, (_, index) => String(index)).filter((scope) => !byScope.has(scope));
    const starting = unstarted.slice(0, Math.max(0, concurrency - open.length));
    if (starting.length > 0) {
      await this.queue.enqueueSteps(starting.flatMap((scope) => loop.roots.map((nodeId) => ({ runId: run.id, nodeId, scope, attempt: 1 }))), { continuation: true });
    } else if (open.length === 0 && unstarted.length === 0) {
      await this.finishLoop(run, flow, loop);
    }
  }

  /** Moves the run on from a resolved step; inside a loop, within its iteration, then the loop itself. */
  private async advanceFrom(run: LoadedRun, flow: CompiledFlow, step: { nodeId: string; scope: string; status: StepWrite['status'] | 'pending'; handle: string | null }, known?: ReadonlyMap<string, StoredStep>): Promise<void> {
    await this.advancer.advance(run.id, flow, [{ nodeId: step.nodeId, status: step.status as StepStatus, handle: step.handle }], known, step.scope);
    if (step.scope !== '') await this.iterationProgress(run, flow, flow.loopAround(step.nodeId)!, step.scope);
  }

  /**
   * After a step of iteration `scope` resolved: when every step of the iteration is resolved,
   * closes it (a conditional write: exactly one caller gets past it), starts the item
   * `concurrency` places further, and once every iteration is closed, finishes the loop.
   */
  private async iterationProgress(run: LoadedRun, flow: CompiledFlow, loop: LoopBody, scope: string): Promise<void> {
    const states = await this.store.stepStates(run.id, [...loop.nodes], scope);
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
      finishedAt: this.clock.now().toISOString(),
    };
    const stored = await this.store.writeStep(marker);
    if (!stored.applied) return;
    const { count, concurrency } = (await this.loopStep(run, loop.loopId))?.output as { count: number; concurrency: number };
    const next = Number(scope) + concurrency;
    if (next < count) {
      await this.queue.enqueueSteps(loop.roots.map((nodeId) => ({ runId: run.id, nodeId, scope: String(next), attempt: 1 })), { continuation: true });
      return;
    }
    await this.finishLoop(run, flow, loop);
  }

  /** The loop's own (waiting) step, which holds the items. */
  private async loopStep(run: LoadedRun, loopId: string): Promise<StoredStep | undefined> {
    return run.steps.get(stepKey(loopId)) ?? (await this.store.loadRun(run.id, ''))?.steps.get(stepKey(loopId));
  }

  /** Once every item's iteration is closed: the loop succeeds on `done` with each item's result (the last closer's write wins alone). */
  private async finishLoop(run: LoadedRun, flow: CompiledFlow, loop: LoopBody): Promise<void> {
    const loopStep = await this.loopStep(run, loop.loopId);
    const { count, items } = loopStep?.output as { count: number; items: unknown[] };
    const iterations = await this.store.scopedSteps(run.id);
    const closed = iterations.filter((step) => step.nodeId === loop.loopId && step.status === 'succeeded').length;
    if (closed < count) return;
    const results = Array.from({ length: count }, (_, index) => {
      const steps = iterations.filter((step) => step.scope === String(index) && loop.nodes.has(step.nodeId));
      const error = steps.find((step) => step.status === 'failed' && step.handle !== 'error')?.error ?? null;
      const outputs = Object.fromEntries(steps.filter((step) => step.status === 'succeeded').map((step) => [step.nodeId, step.output]));
      return { index, item: items[index], status: error ? 'failed' : 'succeeded', outputs, ...(error ? { error } : {}) };
    });
    const failed = results.filter((result) => result.status === 'failed').length;
    return this.finish(run, flow, {
      runId: run.id,
      nodeId: loop.loopId,
      scope: '',
      nodeType: flow.node(loop.loopId)!.type,
      status: 'succeeded',
      handle: loop.handles.done,
      attempt: loopStep?.attempt ?? 1,
      output: { count, succeeded: count - failed, failed, results },
      finishedAt: this.clock.now().toISOString(),
    });
  }

  /** A failed attempt: retried later when the error allows and attempts remain, else failed (down the error edge, if any). */
  private retryOrFail(
    run: LoadedRun,
    flow: CompiledFlow,
    node: FlowNode,
    definition: ActionDefinition,
    recorded: Omit<StepWrite, 'status'>,
    error: StepErrorInfo,
    attempt: number,
    finishedAt: string,
    policy: RetryPolicy = retryPolicyFor(definition, node),
  ): Promise<void> {
    const nodeId = node.id;
    if (error.retryable && attempt < policy.attempts) {
      const wakeAt = new Date(this.clock.now().getTime() + retryDelayMs(policy, attempt));
      this.logger.warn({ runId: run.id, stepId: nodeId, attempt, code: error.code, retryAt: wakeAt.toISOString() }, 'step failed, will retry');
      return this.finish(run, flow, {
        ...recorded,
        status: 'running',
        error,
        waitpoint: { id: randomUUID(), kind: 'retry', wakeAt: wakeAt.toISOString(), attempt: attempt + 1 },
      });
    }
    const onErrorEdge = flow.hasErrorEdge(nodeId);
    // Inside a loop a failure is the item's: it is reported on that item and the loop goes on.
    const failRun = !onErrorEdge && !recorded.scope;
    this.logger.warn({ runId: run.id, stepId: nodeId, attempt, code: error.code, message: error.message }, onErrorEdge ? 'step failed, following its error edge' : 'step failed, run fails');
    return this.finish(run, flow, {
      ...recorded,
      status: 'failed',
      error,
      finishedAt,
      ...(onErrorEdge ? { handle: 'error', output: { error: { code: error.code, message: error.message } } } : { failRun }),
    });
  }

  /**
   * Extracts the flow's `{{dyn_*}}` values from the run's transcript once per run (the first
   * step that renders asks; the values are stored on the run and cached with it).
   */
  private async extractDynamicVariables(run: LoadedRun, flow: CompiledFlow): Promise<void> {
    if (flow.dynamicVariables.length === 0 || run.dynamicVariables || !this.services) return;
    const data = run.event.data;
    const text = formatTranscript(data.transcript ?? data.messages);
    const call = (data.call ?? {}) as Record<string, unknown>;
    const referenceDate = [call.startedAt, call.endedAt, run.event.occurredAt].find((value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)))!;
    const values = await this.services.extractVariables(run.workspaceId, { text, names: flow.dynamicVariables, referenceDate });
    run.dynamicVariables = await this.store.saveDynamicVariables(run.id, values);
  }

  private async announceFailure(run: LoadedRun, flow: CompiledFlow, nodeId: string, error: StepErrorInfo): Promise<void> {
    if (!this.services || run.isTest) return;
    try {
      await this.services.runFailed({ workspaceId: run.workspaceId, runId: run.id, flowId: run.flowId, flowName: flow.version.name, nodeId, error });
    } catch (thrown) {
      this.logger.error({ runId: run.id, err: thrown }, 'could not raise the alert for a failed run');
    }
  }

  /**
   * The step failed `OUTPUT_NOT_STORABLE` in place of a write the database refused for its data:
   * written again, the same data would be refused again, and the job's retry would run the
   * node's side effect again. The failure carries none of the refused values.
   */
  private notStorable(flow: CompiledFlow, write: StepWrite, thrown: UnstorableWrite): StepWrite {
    const error: StepErrorInfo = { code: 'OUTPUT_NOT_STORABLE', message: `The step's result could not be stored, so the step is not run again: ${thrown.message}`, retryable: false };
    const onErrorEdge = flow.hasErrorEdge(write.nodeId);
    this.logger.error({ runId: write.runId, stepId: write.nodeId, err: thrown.cause ?? thrown }, 'the database refused a step write; the step fails');
    return {
      runId: write.runId,
      nodeId: write.nodeId,
      scope: write.scope,
      nodeType: write.nodeType,
      attempt: write.attempt,
      startedAt: write.startedAt,
      status: 'failed',
      error,
      finishedAt: this.clock.now().toISOString(),
      ...(onErrorEdge ? { handle: 'error', output: { error: { code: error.code, message: error.message } } } : { failRun: !write.scope }),
    };
  }

  private async finish(run: LoadedRun, flow: CompiledFlow, outcome: StepWrite): Promise<void> {
    let write = outcome;
    let stored: StepWriteResult;
    try {
      stored = await this.store.writeStep(write);
    } catch (thrown) {
      if (!(thrown instanceof UnstorableWrite) || write.error?.code === 'OUTPUT_NOT_STORABLE') throw thrown;
      write = this.notStorable(flow, write, thrown);
      stored = await this.store.writeStep(write);
    }
    this.logger.debug({ runId: run.id, stepId: write.nodeId, status: write.status, applied: stored.applied }, 'step stored');
    if (!stored.applied) {
      // Another execution stored this step first: what this process holds of the run is stale.
      this.cache.evict(run.id);
      return;
    }
    this.cache.recorded(write, stored.runStatus);
    if (write.waitpoint?.wakeAt && stored.waitpointStored) await this.queue.armAlarm(write.waitpoint.id, new Date(write.waitpoint.wakeAt));
    if (stored.runStatus && TERMINAL_RUN_STATUSES.has(stored.runStatus)) {
      this.logger.debug({ runId: run.id, status: stored.runStatus }, 'run finished');
      if (flow.callerWaits && this.callers) await this.callers.runFinished(run.id, stored.runStatus);
      if (stored.runStatus === 'failed' && write.failRun && write.error) await this.announceFailure(run, flow, write.nodeId, write.error);
      return;
    }
    if (TERMINAL_STEP_STATUSES.has(write.status)) await this.advanceFrom(run, flow, { nodeId: write.nodeId, scope: write.scope, status: write.status, handle: write.handle ?? null });
  }
}

interface ExecuteOptions {
  /** A deferred step (a sender's send rate) owns the send slot it waited for. */
  rateSlotHeld?: boolean;
  /** The grace period of an unknown outcome ended without the provider's report. */
  outcomeDue?: boolean;
  scope?: string;
}

/** Renders a node's config; `htmlFields` (an email body) with HTML escaping of the values, `jsonFields` as JSON, `urlFields` with values percent-encoded. */
function renderConfig(config: Record<string, unknown>, context: object, definition: Pick<ActionDefinition, 'htmlFields' | 'jsonFields' | 'urlFields'>): { value: Record<string, unknown>; warnings: string[] } {
  const rendered = renderDeep(config, context);
  const warnings = new Set(rendered.warnings);
  const special = [
    ...(definition.htmlFields ?? []).map((field) => [field, (template: string) => renderTemplate(template, context, { escape: 'html' })] as const),
    ...(definition.jsonFields ?? []).map((field) => [field, (template: string) => renderJson(template, context)] as const),
    ...(definition.urlFields ?? []).map((field) => [field, (template: string) => renderUrl(template, context)] as const),
  ];
  for (const [field, render] of special) {
    const template = config[field];
    if (typeof template !== 'string') continue;
    const result = render(template);
    rendered.value[field] = result.value;
    result.warnings.forEach((warning) => warnings.add(warning));
  }
  return { value: rendered.value, warnings: [...warnings] };
}
