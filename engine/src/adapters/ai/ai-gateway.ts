import { Inject, Injectable } from '@nestjs/common';
import { PROVIDERS, StepError } from '@switchboard/shared';
import type { AiDecision, AiPort, AiProvenance, AiReply } from '@switchboard/nodes';
import type { EngineConfig } from '../../config/config';
import { ConnectionsService } from '../../modules/connections/connections.service';
import { AiConversationsRepository } from '../../modules/ai/ai-conversations.repository';
import { CONFIG } from '../../runtime/tokens';
import { OutboundPolicy } from '../outbound/outbound-policy';
import type { AiModel, ModelAnswer } from './ai-model';
import { OfflineModel } from './offline/offline-model';
import { OpenAiCompatibleModel } from './openai-model';

/** How many earlier turns of a customer's AI conversation a reply sees. */
const HISTORY_TURNS = 20;

/** The step an AI call belongs to: its turns carry the step's idempotency key. */
export interface AiOrigin {
  workspaceId: string;
  idempotencyKey: string;
}

/**
 * The AI port. Picks the model per call: the node's `ai.openai_compatible` connection, else
 * the engine-wide model (`AI_BASE_URL`, `AI_MODEL`), else the offline rules; every answer
 * says which (`offline`, `model`, token `usage`). Keeps `ai.generate_reply`'s memory per
 * customer identifier in Postgres; a step retried after its reply was stored gets the same
 * reply back, without asking the model again.
 */
@Injectable()
export class AiGateway {
  private readonly offline = new OfflineModel();
  private readonly engineModel?: OpenAiCompatibleModel;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly conversations: AiConversationsRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly outbound: OutboundPolicy,
  ) {
    if (config.AI_BASE_URL && config.AI_MODEL) {
      // AI_BASE_URL is the operator's own configuration: trusted, not subject to the outbound policy.
      this.engineModel = new OpenAiCompatibleModel({ baseUrl: config.AI_BASE_URL, apiKey: config.AI_API_KEY, model: config.AI_MODEL, timeoutMs: config.AI_TIMEOUT_MS, outbound: outbound.operator() });
    }
  }

  /** What answers when a node names no connection (`GET /api/ai/status`). */
  status(): { model: string | null; offline: boolean } {
    return this.engineModel ? { model: this.config.AI_MODEL!, offline: false } : { model: null, offline: true };
  }

  forStep(origin: AiOrigin): AiPort {
    return {
      reply: (request) => this.reply(origin, request),
      extract: async (request) => {
        const model = await this.modelFor(origin.workspaceId, request.connectionId);
        const answer = await model.extract(request);
        return { values: answer.values, ...provenance(model, answer) };
      },
      decide: (request) => this.decide(origin.workspaceId, request.connectionId, request.question, request.text),
      route: async (request) => {
        const model = await this.modelFor(origin.workspaceId, request.connectionId);
        const answer = await model.route(request);
        return { rule: answer.rule, reason: answer.reason, ...provenance(model, answer) };
      },
    };
  }

  /** A yes/no judgement of a text (steps, and triggers' `aiCondition`). */
  async decide(workspaceId: string, connectionId: string | undefined, question: string, text: string): Promise<AiDecision> {
    const model = await this.modelFor(workspaceId, connectionId);
    const answer = await model.decide({ question, text });
    return { result: answer.result, reason: answer.reason, ...provenance(model, answer) };
  }

  /** Extracts named values without a step (the run's `{{dyn_*}}` variables). */
  async extract(workspaceId: string, request: Parameters<AiModel['extract']>[0]): Promise<Record<string, unknown>> {
    const model = await this.modelFor(workspaceId, undefined);
    return (await model.extract(request)).values;
  }

  /** Asks a connection's model for one tiny completion; throws the classified error. */
  async test(workspaceId: string, connectionId: string): Promise<string> {
    const model = (await this.modelFor(workspaceId, connectionId)) as OpenAiCompatibleModel;
    const answer = await model.ping();
    return `The model ${answer.model} answered${answer.usage ? ` (${answer.usage.totalTokens} tokens)` : ''}.`;
  }

  async modelFor(workspaceId: string, connectionId: string | undefined): Promise<AiModel> {
    if (!connectionId) return this.engineModel ?? this.offline;
    const connection = await this.connections.resolve(workspaceId, connectionId);
    if (!connection) throw new StepError('CONNECTION_NOT_FOUND', `AI connection ${connectionId} does not exist in this workspace`);
    if (PROVIDERS[connection.provider]?.channel !== 'ai') throw new StepError('CONFIG_INVALID', `connection ${connectionId} is a ${connection.provider} connection, not an AI model`);
    const { baseUrl, apiKey, model, timeoutMs } = connection.config as { baseUrl: string; apiKey?: string; model: string; timeoutMs: number };
    return new OpenAiCompatibleModel({ baseUrl, apiKey, model, timeoutMs, outbound: await this.outbound.forWorkspace(workspaceId) });
  }

  private async reply(origin: AiOrigin, request: Parameters<AiPort['reply']>[0]): Promise<AiReply> {
    const model = await this.modelFor(origin.workspaceId, request.connectionId);
    const conversationId = await this.conversations.open(origin.workspaceId, request.customerIdentifier);
    const stored = await this.conversations.storedReply(origin.idempotencyKey);
    if (stored !== null) {
      // A retry of a step whose reply was stored: the same reply, no second model call.
      return { reply: stored, conversationId, offline: model.offline, model: model.offline ? 'offline' : 'stored' };
    }
    const history = await this.conversations.history(conversationId, HISTORY_TURNS);
    const answer = await model.reply({ instructions: request.assistant, history, message: request.message, variables: request.variables ?? {} });
    await this.conversations.append(conversationId, request.message, answer.text, origin.idempotencyKey);
    return { reply: answer.text, conversationId, ...provenance(model, answer) };
  }
}

function provenance(model: AiModel, answer: ModelAnswer): AiProvenance {
  return { offline: model.offline, model: answer.model, ...(answer.usage ? { usage: answer.usage } : {}) };
}
