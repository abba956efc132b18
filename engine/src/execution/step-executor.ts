import { randomUUID } from 'node:crypto';
import { evaluateCondition, formatTranscript, renderDeep, renderTemplate, StepError, toStepErrorInfo, type FlowNode, type RetryPolicy, type StepErrorInfo } from '@switchboard/shared';
import type { ActionContext, ActionDefinition, ActionResult, NodeCatalog, Resumption } from '@switchboard/nodes';
import { retryPolicyFor, SIDE_EFFECT_RETRY } from '@switchboard/nodes';
import type { CompiledFlow } from './compiled-flow';
import type { FlowRegistry } from './flow-registry';
import type { Clock, ExecutionLogger, ExecutionStore, JobQueue, PortFactory, RunServices } from './ports';
import { RunAdvancer } from './run-advancer';
import { StepDeferral } from './step-deferral';
import type { RunCache } from './run-cache';
import { contextForRun, type ContextSettings } from './run-context';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, stepKey, type LoadedRun, type StepJob, type StepWrite } from './types';

export interface ExecutorSettings extends ContextSettings {
  defaultPhoneCountry?: string;
  /** Test-only fault injection (see the engine config's SWITCHBOARD_FAULT). */
  fault?: string;
}

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
  ) {
    this.advancer = new RunAdvancer(store, queue, cache);
  }

  async runStep(job: StepJob): Promise<void> {
    const loaded = await this.load(job.runId, job.nodeId);
    if (!loaded) return;
    const { run, flow } = loaded;
    const existing = run.steps.get(stepKey(job.nodeId, job.scope));
    if (existing) {
      if (TERMINAL_STEP_STATUSES.has(existing.status)) {
        // Replay: the step ran and was stored, the worker died before the successors were enqueued.
        return this.advancer.advance(run.id, flow, [{ nodeId: existing.nodeId, status: existing.status, handle: existing.handle }], run.steps);
      }
      if (existing.status === 'waiting') return this.rearm(run.id, job.nodeId, job.scope);
      // A stored retry at a later attempt than this job: the job is stale.
      if (existing.attempt >= job.attempt) return;
    }
    await this.execute(run, flow, job.nodeId, job.attempt);
  }

  async fireAlarm(waitpointId: string): Promise<void> {
    const waitpoint = await this.store.resolveWaitpoint(waitpointId, 'alarm');
    if (!waitpoint) return;
    const loaded = await this.load(waitpoint.runId, waitpoint.nodeId);
    if (!loaded) return;
    const { run, flow } = loaded;
    const existing = run.steps.get(stepKey(waitpoint.nodeId, waitpoint.scope));
    if (existing && TERMINAL_STEP_STATUSES.has(existing.status)) {
      return this.advancer.advance(run.id, flow, [{ nodeId: existing.nodeId, status: existing.status, handle: existing.handle }], run.steps);
    }
    if (waitpoint.kind === 'retry') {
      // A deferred step (a sender's send rate) owns the send slot it waited for.
      const deferred = (waitpoint.payload as { deferred?: boolean } | null)?.deferred === true;
      return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, undefined, { rateSlotHeld: deferred });
    }
    // The alarm of a wait for a reply is its timeout.
    const resumption: Resumption = waitpoint.kind === 'reply' ? { kind: 'timeout' } : { kind: waitpoint.kind, payload: waitpoint.payload };
    return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, resumption);
  }

  /** The step of a waitpoint that a reply resolved (`resolveWaitpoint(id, 'reply', message)` won): it continues with the message. */
  async resumeWaitpoint(waitpointId: string): Promise<void> {
    const waitpoint = await this.store.resolveWaitpoint(waitpointId, 'reply');
    if (!waitpoint) return;
    const loaded = await this.load(waitpoint.runId, waitpoint.nodeId);
    if (!loaded) return;
    const { run, flow } = loaded;
    const existing = run.steps.get(stepKey(waitpoint.nodeId, waitpoint.scope));
    if (existing && TERMINAL_STEP_STATUSES.has(existing.status)) {
      return this.advancer.advance(run.id, flow, [{ nodeId: existing.nodeId, status: existing.status, handle: existing.handle }], run.steps);
    }
    return this.execute(run, flow, waitpoint.nodeId, waitpoint.attempt, { kind: 'reply', payload: waitpoint.payload });
  }

  /** The run as far as `nodeId` needs it: from the cache when it holds every ancestor, else from Postgres. */
  private async load(runId: string, nodeId: string): Promise<{ run: LoadedRun; flow: CompiledFlow } | null> {
    const cached = this.cache.peek(runId);
    if (cached) {
      const flow = await this.flows.get(cached.versionId);
      const usable = flow ? this.cache.usable(runId, flow, nodeId) : undefined;
      if (flow && usable) return { run: usable, flow };
    }
    const run = await this.store.loadRun(runId);
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

  private async execute(
    run: LoadedRun,
    flow: CompiledFlow,
    nodeId: string,
    attempt: number,
    resumption?: Resumption,
    options: { rateSlotHeld?: boolean } = {},
  ): Promise<void> {
    const node = flow.node(nodeId);
    if (!node) {
      this.logger.warn({ runId: run.id, stepId: nodeId }, 'step job for a node the flow does not have');
      return;
    }
    const startedAt = this.clock.now().toISOString();
    const base = { runId: run.id, nodeId, scope: '', nodeType: node.type, attempt, startedAt };
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
      context = contextForRun(run, flow, this.settings);
      rendered = renderConfig(config, context, definition.htmlFields ?? []);
    } catch (thrown) {
      const error = toStepErrorInfo(thrown);
      if (thrown instanceof StepError && error.retryable) {
        // The AI could not extract the {{dyn_*}} values now (rate limited, down): retried like a side effect.
        return this.retryOrFail(run, flow, node, definition, { ...base }, error, attempt, this.clock.now().toISOString(), SIDE_EFFECT_RETRY);
      }
      // A template that cannot be parsed (publishing refuses those, but a flow may predate a rule).
      const failure = { ...error, retryable: false };
      return this.finish(run, flow, { ...base, status: 'failed', error: failure, failRun: !flow.hasErrorEdge(nodeId), ...(flow.hasErrorEdge(nodeId) ? { handle: 'error' } : {}), finishedAt: startedAt });
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
        ports: this.ports.forStep({ workspaceId: run.workspaceId, runId: run.id, flowId: run.flowId, nodeId, scope: '', isTest: run.isTest, rateSlotHeld: options.rateSlotHeld }),
      };
      try {
        result = resumption
          ? await (definition.resume ? definition.resume(ctx, resumption) : { output: resumption.payload ?? {} })
          : await definition.execute(ctx);
      } catch (thrown) {
        if (thrown instanceof StepDeferral) {
          // Not a failure and no attempt spent: the step waits, durably, and runs again then.
          this.logger.debug({ runId: run.id, stepId: nodeId, until: thrown.until.toISOString(), reason: thrown.reason }, 'step deferred');
          return this.finish(run, flow, {
            ...base,
            input: rendered.value,
            warnings: rendered.warnings,
            status: 'waiting',
            waitpoint: { id: randomUUID(), kind: 'retry', wakeAt: thrown.until.toISOString(), attempt, payload: { deferred: true, reason: thrown.reason } },
          });
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
          wakeAt: result.wait.until.toISOString(),
          correlation: result.wait.correlation ?? null,
          attempt,
          payload: result.wait.output ?? null,
        },
      });
    }
    return this.finish(run, flow, { ...recorded, status: 'succeeded', output: result?.output ?? {}, handle: result?.handle ?? 'default', finishedAt });
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
      const wakeAt = new Date(this.clock.now().getTime() + policy.backoffMs * 2 ** (attempt - 1));
      this.logger.warn({ runId: run.id, stepId: nodeId, attempt, code: error.code, retryAt: wakeAt.toISOString() }, 'step failed, will retry');
      return this.finish(run, flow, {
        ...recorded,
        status: 'running',
        error,
        waitpoint: { id: randomUUID(), kind: 'retry', wakeAt: wakeAt.toISOString(), attempt: attempt + 1 },
      });
    }
    const onErrorEdge = flow.hasErrorEdge(nodeId);
    this.logger.warn({ runId: run.id, stepId: nodeId, attempt, code: error.code, message: error.message }, onErrorEdge ? 'step failed, following its error edge' : 'step failed, run fails');
    return this.finish(run, flow, {
      ...recorded,
      status: 'failed',
      error,
      finishedAt,
      ...(onErrorEdge ? { handle: 'error', output: { error: { code: error.code, message: error.message } } } : { failRun: true }),
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

  private async finish(run: LoadedRun, flow: CompiledFlow, write: StepWrite): Promise<void> {
    const stored = await this.store.writeStep(write);
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
      if (stored.runStatus === 'failed' && write.failRun && write.error) await this.announceFailure(run, flow, write.nodeId, write.error);
      return;
    }
    if (TERMINAL_STEP_STATUSES.has(write.status)) {
      await this.advancer.advance(run.id, flow, [{ nodeId: write.nodeId, status: write.status, handle: write.handle ?? null }]);
    }
  }
}

/** Renders a node's config; `htmlFields` (an email body) with HTML escaping of the values. */
function renderConfig(config: Record<string, unknown>, context: object, htmlFields: readonly string[]): { value: Record<string, unknown>; warnings: string[] } {
  const rendered = renderDeep(config, context);
  const warnings = new Set(rendered.warnings);
  for (const field of htmlFields) {
    const template = config[field];
    if (typeof template !== 'string') continue;
    const html = renderTemplate(template, context, { escape: 'html' });
    rendered.value[field] = html.value;
    html.warnings.forEach((warning) => warnings.add(warning));
  }
  return { value: rendered.value, warnings: [...warnings] };
}
