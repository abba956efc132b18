import { randomUUID } from 'node:crypto';
import { evaluateCondition, StepError, toStepErrorInfo, type FlowNode, type StepErrorInfo } from '@switchboard/shared';
import type { ActionContext, ActionDefinition, ActionResult, Resumption } from '@switchboard/nodes';
import { retryPolicyFor, SIDE_EFFECT_RETRY } from '@switchboard/nodes';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutorDeps } from './executor-deps';
import type { InboundMessageOrigin } from './ports';
import type { FanOut } from './loops';
import { afterFailedAttempt } from './retry';
import { StepDeferral } from './step-deferral';
import { renderStepInput, type StepInput } from './step-input';
import type { LoadedRun, StepWrite, TraceContext } from './types';
import { wakeUpDate } from './wake-up';

export interface ExecuteOptions {
  /** A deferred step (a sender's send rate) owns the send slot it waited for. */
  rateSlotHeld?: boolean;
  /** The grace period of an unknown outcome ended without the provider's report. */
  outcomeDue?: boolean;
  scope?: string;
  /** The step's span, passed on by the node's outbound calls. */
  trace?: TraceContext;
}

/** What executing a node came to: a step to store, or a loop to start. */
export type StepOutcome = { write: StepWrite } | { fanOut: FanOut; node: FlowNode; recorded: Omit<StepWrite, 'status'> };

/** What calling the node did: returned, threw a failure, or deferred itself (a `StepDeferral`). */
type Invocation = { result: ActionResult } | { error: StepErrorInfo } | { deferral: StepDeferral };

export type StepRunnerDeps = Pick<ExecutorDeps, 'store' | 'catalog' | 'ports' | 'logger' | 'clock' | 'settings' | 'services' | 'observer' | 'unavailable'>;

/**
 * Executes one node of a run: renders its input, parses it with the node's schema, calls
 * `execute` (or `resume`, for a step that waited) with ports bound to the step, and turns what
 * happened into the step's outcome. Stores nothing: the executor stores the outcome.
 */
export class StepRunner {
  constructor(private readonly deps: StepRunnerDeps) {}

  async outcome(run: LoadedRun, flow: CompiledFlow, nodeId: string, attempt: number, resumption?: Resumption, options: ExecuteOptions = {}): Promise<StepOutcome | null> {
    const { clock, logger, catalog } = this.deps;
    const scope = options.scope ?? '';
    const node = flow.node(nodeId);
    if (!node) {
      logger.warn({ runId: run.id, stepId: nodeId }, 'step job for a node the flow does not have');
      return null;
    }
    const startedAt = clock.now().toISOString();
    const base = { runId: run.id, nodeId, scope, nodeType: node.type, attempt, startedAt };
    const definition = flow.action(nodeId);
    if (!definition) {
      const error: StepErrorInfo = { code: 'UNKNOWN_NODE_TYPE', message: `no node type ${node.type} version ${node.typeVersion ?? 1} in this engine`, retryable: false };
      return { write: { ...base, status: 'failed', error, failRun: true, finishedAt: startedAt } };
    }

    let input: StepInput;
    try {
      input = await renderStepInput(this.deps, run, flow, node, definition, scope);
    } catch (thrown) {
      const error = toStepErrorInfo(thrown);
      if (thrown instanceof StepError && error.retryable) {
        // The AI could not extract the {{dyn_*}} values now (rate limited, down): retried like a side effect.
        const now = clock.now();
        return { write: afterFailedAttempt({ flow, recorded: { ...base }, error, attempt, policy: SIDE_EFFECT_RETRY, now, finishedAt: now.toISOString() }, logger) };
      }
      // A template that cannot be parsed (publishing refuses those, but a flow may predate a rule).
      const failure = { ...error, retryable: false };
      return { write: { ...base, status: 'failed', error: failure, failRun: !flow.hasErrorEdge(nodeId) && scope === '', ...(flow.hasErrorEdge(nodeId) ? { handle: 'error' } : {}), finishedAt: startedAt } };
    }
    const { context, rendered } = input;
    const recorded = { ...base, input: rendered.value, warnings: rendered.warnings };
    const parsed = catalog.parseConfig(definition, rendered.value);
    let invocation: Invocation;
    if (!parsed.ok) {
      const message = parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
      invocation = { error: { code: 'CONFIG_INVALID', message, retryable: false, details: parsed.problems } };
    } else {
      invocation = await this.invoke(run, node, definition, parsed.config, context, attempt, resumption, options);
      if ('deferral' in invocation) return { write: this.deferred(recorded, invocation.deferral, attempt) };
      if (definition.sideEffect) this.deps.observer?.afterSideEffect?.({ runId: run.id, nodeId, scope, nodeType: node.type });
    }

    const finishedAt = clock.now().toISOString();
    if ('error' in invocation) {
      const policy = retryPolicyFor(definition, node);
      return { write: afterFailedAttempt({ flow, recorded, error: invocation.error, attempt, policy, now: clock.now(), finishedAt }, logger) };
    }
    const result = invocation.result;
    if (result && 'wait' in result) {
      return {
        write: {
          ...recorded,
          status: 'waiting',
          waitpoint: {
            id: randomUUID(),
            kind: result.wait.correlation ? 'reply' : 'delay',
            wakeAt: wakeUpDate(result.wait.until, clock.now()).toISOString(),
            correlation: result.wait.correlation ?? null,
            attempt,
            payload: result.wait.output ?? null,
          },
        },
      };
    }
    if (result && 'fanOut' in result) return { fanOut: result.fanOut, node, recorded };
    return { write: { ...recorded, status: 'succeeded', output: result?.output ?? {}, handle: result?.handle ?? 'default', finishedAt } };
  }

  /** Calls the node with ports bound to the step; a `StepDeferral` is not a failure. */
  private async invoke(
    run: LoadedRun,
    node: FlowNode,
    definition: ActionDefinition,
    config: unknown,
    context: Record<string, unknown>,
    attempt: number,
    resumption: Resumption | undefined,
    options: ExecuteOptions,
  ): Promise<Invocation> {
    const { clock, logger, settings, ports } = this.deps;
    const scope = options.scope ?? '';
    const ctx: ActionContext<unknown> = {
      config,
      run: { id: run.id, flowId: run.flowId, workspaceId: run.workspaceId, startedAt: run.createdAt, isTest: run.isTest },
      node: { id: node.id, type: node.type },
      attempt,
      context,
      evaluate: (condition) => evaluateCondition(condition, context),
      settings: { defaultPhoneCountry: settings.defaultPhoneCountry },
      now: () => clock.now(),
      ports: ports.forStep({
        workspaceId: run.workspaceId,
        runId: run.id,
        flowId: run.flowId,
        nodeId: node.id,
        scope,
        isTest: run.isTest,
        rateSlotHeld: options.rateSlotHeld,
        outcomeDue: options.outcomeDue,
        trace: options.trace,
        inboundMessage: inboundMessageOf(run),
      }),
    };
    try {
      const result = resumption ? await (definition.resume ? definition.resume(ctx, resumption) : { output: resumption.payload ?? {} }) : await definition.execute(ctx);
      return { result };
    } catch (thrown) {
      if (thrown instanceof StepDeferral) return { deferral: thrown };
      if (!(thrown instanceof StepError) && this.deps.unavailable?.(thrown)) throw thrown;
      const error = toStepErrorInfo(thrown);
      if (error.code === 'INTERNAL') logger.error({ runId: run.id, stepId: node.id, err: thrown }, 'node threw an unexpected error');
      return { error };
    }
  }

  /** Not a failure and no attempt spent: the step waits, durably, and runs again then. */
  private deferred(recorded: Omit<StepWrite, 'status'>, deferral: StepDeferral, attempt: number): StepWrite {
    const until = wakeUpDate(deferral.until, this.deps.clock.now());
    this.deps.logger[deferral.kind === 'outcome' ? 'warn' : 'debug']({ runId: recorded.runId, stepId: recorded.nodeId, until: until.toISOString(), reason: deferral.reason }, 'step deferred');
    const waitpoint =
      deferral.kind === 'outcome'
        ? { id: randomUUID(), kind: 'outcome' as const, wakeAt: until.toISOString(), correlation: deferral.correlation ?? null, attempt, payload: { reason: deferral.reason } }
        : { id: randomUUID(), kind: 'retry' as const, wakeAt: until.toISOString(), attempt, payload: { deferred: deferral.kind === 'rate', reason: deferral.reason } };
    return { ...recorded, status: 'waiting', waitpoint };
  }
}

/** The events a customer's own message starts: a run of one of them is a reply flow. */
const INBOUND_MESSAGE_EVENTS = new Set(['whatsapp.message_received', 'conversation.started']);

/** The customer's message that started `run`, if a message did (see `InboundMessageOrigin`). */
export function inboundMessageOf(run: Pick<LoadedRun, 'event' | 'isTest' | 'createdAt'>): InboundMessageOrigin | undefined {
  if (!INBOUND_MESSAGE_EVENTS.has(run.event.type)) return undefined;
  const from = run.event.data.from;
  return { from: typeof from === 'string' ? from : null, testReceivedAt: run.isTest ? run.createdAt : null };
}
