import { randomUUID } from 'node:crypto';
import type { FunctionList, FunctionView, PlatformFunctionList, ToolDefinition, VoiceToolPlatform } from '@switchboard/shared';
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
import { invokeQuery, invokeSchema, listFunctionsQuery, type InvokeBody } from '@switchboard/shared';
import { freeFormAnswer, readPlatformCall, vapiResult, type RunOutcome } from './platform-calls';
import { AUTHORIZATION_NOTES, PLATFORM_LIMITS, platformTool } from '@switchboard/shared';

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

  /** The published functions as OpenAI tools (the default) or as a voice platform's tool definitions. */
  async list(workspaceId: string, query: unknown): Promise<FunctionList | PlatformFunctionList> {
    const { agentId, format } = parseInput(listFunctionsQuery, query ?? {});
    const functions = (await this.published(workspaceId))
      .map(({ flow, config }) => this.view(flow, config))
      .filter((view) => agentId === undefined || view.agents === null || view.agents.includes(agentId))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (format === 'openai') return { tools: functions.map(toolOf), functions, invokeUrlTemplate: this.invokeUrl('{name}') };
    return {
      format,
      tools: functions.map((view) => platformTool(format, { ...view, invokeUrl: this.invokeUrl(view.name, format) })),
      functions,
      invokeUrlTemplate: this.invokeUrl('{name}', format),
      authorization: AUTHORIZATION_NOTES[format],
    };
  }

  /**
   * An invocation in a voice platform's own request format (`?format=`), answered in its shape
   * within its time limit: Vapi's tool calls run in parallel, each answered in `results` (an
   * unknown function or bad arguments there are that call's `error`, as Vapi reads only 200);
   * the other platforms get the Respond body. When the platform's limit comes first, the answer
   * says the function is still working and the run goes on.
   */
  async invokeAs(workspace: WorkspaceRef, name: string, query: unknown, body: unknown, trace?: TraceContext): Promise<InvokeAnswer | undefined> {
    const { format } = parseInput(invokeQuery, query ?? {});
    if (format === undefined) return undefined;
    const published = await this.published(workspace.id);
    if (!published.some((candidate) => candidate.config.name === name)) throw new ApiError('NOT_FOUND', `No published function ${name} in this workspace; see GET /api/functions?format=${format}`);
    const invocations = readPlatformCall(format, name, body);
    if (format === 'vapi') {
      const runIds: string[] = [];
      const results = await Promise.all(
        invocations.map(async (invocation) => {
          const toolCallId = invocation.toolCallId!;
          const found = published.find((candidate) => candidate.config.name === invocation.name);
          if (!found) return { toolCallId, error: `No published function ${invocation.name}.` };
          try {
            // Vapi's tool call id is unique to the call: a redelivered message is the same run.
            const key = `vapi:${invocation.body.callId}:${toolCallId}`.slice(0, 200);
            const outcome = await this.run(workspace, found, invocation.body, invocation.argumentsField, key, trace, PLATFORM_LIMITS.vapi.waitMs(found.config.timeoutMs));
            runIds.push(outcome.runId);
            return vapiResult(toolCallId, outcome);
          } catch (error) {
            if (error instanceof ApiError && error.code === 'INVALID_INPUT') return { toolCallId, error: error.message.replace(/[\r\n]+/g, ' ') };
            throw error;
          }
        }),
      );
      // X-Run-Id names every run the message started.
      return { status: 200, body: { results }, runId: runIds.join(',') };
    }
    const invocation = invocations[0]!;
    const found = published.find((candidate) => candidate.config.name === name)!;
    const outcome = await this.run(workspace, found, invocation.body, invocation.argumentsField, undefined, trace, PLATFORM_LIMITS[format as VoiceToolPlatform].waitMs(found.config.timeoutMs));
    return { ...freeFormAnswer(outcome), runId: outcome.runId };
  }

  /**
   * Runs the function's flow with the call context and the arguments, and answers with the
   * first `flow.respond` of the run, or `{ runId, status }` when the run ends without one, or
   * `202 { runId }` once the function's `timeoutMs` has passed (the run goes on). Invalid
   * arguments are refused before anything is stored.
   */
  async invoke(workspace: WorkspaceRef, name: string, body: unknown, idempotencyKey?: string, trace?: TraceContext): Promise<InvokeAnswer> {
    const found = (await this.published(workspace.id)).find((candidate) => candidate.config.name === name);
    if (!found) throw new ApiError('NOT_FOUND', `No published function ${name} in this workspace; see GET /api/functions`);
    const input = parseInput(invokeSchema, body);
    const outcome = await this.run(workspace, found, input, 'arguments', idempotencyKey, trace, found.config.timeoutMs);
    return { status: outcome.status, body: outcome.body, runId: outcome.runId };
  }

  /** Runs one invocation and waits up to `waitMs` for its answer; `argumentsField` names where bad arguments came from. */
  private async run(
    workspace: WorkspaceRef,
    found: { flow: CompiledFlow; config: FunctionConfig },
    input: InvokeBody,
    argumentsField: string,
    idempotencyKey: string | undefined,
    trace: TraceContext | undefined,
    waitMs: number,
  ): Promise<RunOutcome> {
    const startedAt = Date.now();
    const { flow, config } = found;
    const problems = argumentProblems(config.parameters, input.arguments);
    if (problems.length > 0) throw ApiError.invalid(problems.map((problem) => ({ field: problem.field ? `${argumentsField}.${problem.field}` : argumentsField, message: problem.message })));
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
      const remaining = waitMs - (Date.now() - startedAt);
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

  private invokeUrl(name: string, format?: VoiceToolPlatform): string {
    return `${this.config.PUBLIC_URL.replace(/\/+$/, '')}/api/functions/${name}/invoke${format ? `?format=${format}` : ''}`;
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

function answerOf(runId: string, outcome: CallerOutcome): RunOutcome {
  switch (outcome.kind) {
    case 'answer':
      return { kind: 'answer', status: outcome.status, body: outcome.body, runId };
    case 'finished':
      return { kind: 'finished', status: 200, body: { runId, status: outcome.status }, runId };
    case 'timeout':
      return { kind: 'timeout', status: 202, body: { runId }, runId };
  }
}
