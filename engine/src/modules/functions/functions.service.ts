import { randomUUID } from 'node:crypto';
import type { FunctionList, FunctionView, ToolDefinition } from '@switchboard/shared';
import { Inject, Injectable } from '@nestjs/common';
import { argumentProblems } from '@switchboard/nodes';
import type { EngineConfig } from '../../config/config';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import type { CompiledFlow } from '../../execution/compiled-flow';
import { EventIngestor } from '../../execution/event-ingestor';
import { FlowRegistry } from '../../execution/flow-registry';
import type { TraceContext } from '../../execution/types';
import { CallerChannel, type CallerOutcome, type CallerWait } from '../../runtime/caller-channel';
import { CONFIG } from '../../runtime/tokens';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { invokeSchema, listFunctionsQuery } from '@switchboard/shared';

/** The trigger type of in-call functions, and the event type an invocation is ingested as. */
export const FUNCTION_TRIGGER = 'call.function';

/** A `call.function` trigger's parsed config. */
interface FunctionConfig {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  timeoutMs: number;
  agents?: string[];
}

/** How an invocation is answered: the HTTP status and body, and the run it started. */
export interface InvokeAnswer {
  status: number;
  body: unknown;
  runId: string;
}

/**
 * In-call functions: the published `call.function` flows of a workspace as tools, and their
 * invocation. Both read the cached published flows (`FlowRegistry`), so finding a function
 * costs no query; an invocation validates the arguments against the function's schema, starts
 * the run at once and waits for its answer on the `CallerChannel`.
 */
@Injectable()
export class FunctionsService {
  constructor(
    private readonly registry: FlowRegistry,
    private readonly ingestor: EventIngestor,
    private readonly callers: CallerChannel,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  async list(workspaceId: string, query: unknown): Promise<FunctionList> {
    const { agentId } = parseInput(listFunctionsQuery, query ?? {});
    const functions = (await this.published(workspaceId))
      .map(({ flow, config }) => this.view(flow, config))
      .filter((view) => agentId === undefined || view.agents === null || view.agents.includes(agentId))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { tools: functions.map(toolOf), functions, invokeUrlTemplate: this.invokeUrl('{name}') };
  }

  /**
   * Runs the function's flow with the call context and the arguments, and answers with the
   * first `flow.respond` of the run, or `{ runId, status }` when the run ends without one, or
   * `202 { runId }` once the function's `timeoutMs` has passed (the run goes on). Invalid
   * arguments are refused before anything is stored.
   */
  async invoke(workspace: WorkspaceRef, name: string, body: unknown, idempotencyKey?: string, trace?: TraceContext): Promise<InvokeAnswer> {
    const startedAt = Date.now();
    const found = (await this.published(workspace.id)).find((candidate) => candidate.config.name === name);
    if (!found) throw new ApiError('NOT_FOUND', `No published function ${name} in this workspace; see GET /api/functions`);
    const { flow, config } = found;
    const input = parseInput(invokeSchema, body);
    const problems = argumentProblems(config.parameters, input.arguments);
    if (problems.length > 0) throw ApiError.invalid(problems.map((problem) => ({ field: problem.field ? `arguments.${problem.field}` : 'arguments', message: problem.message })));
    if (idempotencyKey !== undefined && (idempotencyKey === '' || idempotencyKey.length > 200)) {
      throw ApiError.invalid([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
    }

    const data = { function: config.name, callId: input.callId, customer: input.customer, agent: input.agent, metadata: input.metadata, arguments: input.arguments };
    let wait: CallerWait | undefined;
    try {
      const started = await this.ingestor.runOnce(
        workspace,
        flow,
        { type: FUNCTION_TRIGGER, source: 'function', id: idempotencyKey ?? `${input.callId}:${randomUUID()}`, data },
        // The wait exists before the run is stored: its answer cannot come first.
        { isTest: false, trace, beforeStore: ([run]) => (wait = this.callers.expect(run!.runId)) },
      );
      const run = started.runs[0];
      // An Idempotency-Key first used for another function's call names that call's runs.
      if (!run || run.flowId !== flow.version.flowId) throw new ApiError('CONFLICT', `Idempotency-Key ${idempotencyKey} was already used for another call`);
      if (started.duplicate) {
        // The same call again (its Idempotency-Key): the answer the run already gave, or wait for it.
        wait?.cancel();
        wait = this.callers.expect(run.runId);
        const stored = await this.callers.stored(run.runId, flow.answeringNodes);
        if (stored) return answerOf(run.runId, stored);
      } else if (flow.reachableCount <= 1) {
        // A flow that is only its trigger finished as it was stored.
        return answerOf(run.runId, { kind: 'finished', status: 'succeeded' });
      }
      const remaining = config.timeoutMs - (Date.now() - startedAt);
      return answerOf(run.runId, await this.callers.settle(wait!, run.runId, flow.answeringNodes, remaining));
    } finally {
      // Whichever way the call ended, nothing stays registered for it.
      wait?.cancel();
    }
  }

  private async published(workspaceId: string): Promise<Array<{ flow: CompiledFlow; config: FunctionConfig }>> {
    const flows = await this.registry.publishedFor(workspaceId, FUNCTION_TRIGGER);
    return flows.map((flow) => ({ flow, config: flow.triggerConfig as FunctionConfig }));
  }

  private invokeUrl(name: string): string {
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/api/functions/${name}/invoke`;
  }

  private view(flow: CompiledFlow, config: FunctionConfig): FunctionView {
    return {
      type: 'function',
      function: { name: config.name, description: config.description, parameters: config.parameters },
      name: config.name,
      description: config.description,
      parameters: config.parameters,
      agents: config.agents && config.agents.length > 0 ? config.agents : null,
      timeoutMs: config.timeoutMs,
      invokeUrl: this.invokeUrl(config.name),
      flowId: flow.version.flowId,
      flowName: flow.version.name,
    };
  }
}

function toolOf(view: FunctionView): ToolDefinition {
  return { type: view.type, function: view.function };
}

function answerOf(runId: string, outcome: CallerOutcome): InvokeAnswer {
  switch (outcome.kind) {
    case 'answer':
      return { status: outcome.status, body: outcome.body, runId };
    case 'finished':
      return { status: 200, body: { runId, status: outcome.status }, runId };
    case 'timeout':
      return { status: 202, body: { runId }, runId };
  }
}
