import type { AiStatus, NodeDescription } from '../../api/types';
import { routeHref } from '../../app/router';

/**
 * Which AI answers a node when no AI connection is chosen, in one sentence for its settings.
 * Pure; `AiStatusNote` loads `GET /api/ai/status` once and shows it.
 */

/** What the AI does in a node, as a verb for one model and for the offline rules. */
export interface AiRole {
  one: string;
  many: string;
}

const ANSWERS: AiRole = { one: 'answers', many: 'answer' };
const JUDGES_CONDITION: AiRole = { one: 'judges the AI condition', many: 'judge the AI condition' };
const ROUTES: AiRole = { one: 'judges the routing rules', many: 'judge the routing rules' };

/** The AI's role in a node: AI nodes, triggers with an AI condition, and `email.send` (its routing); null for the others. */
export function aiRoleOf(description: Pick<NodeDescription, 'type' | 'configSchema'>): AiRole | null {
  if (description.type.startsWith('ai.')) return ANSWERS;
  if (description.type === 'email.send') return ROUTES;
  if (description.configSchema.properties?.aiCondition) return JUDGES_CONDITION;
  return null;
}

/**
 * @example aiStatusSentence({ model: 'gpt-4o-mini', offline: false }, ANSWERS)
 * // "Without an AI connection chosen, the engine-wide model gpt-4o-mini answers."
 */
export function aiStatusSentence(status: AiStatus, role: AiRole): string {
  if (status.offline || !status.model) {
    return `Without an AI connection chosen, the offline rules ${role.many}: no AI model is connected yet.`;
  }
  return `Without an AI connection chosen, the engine-wide model ${status.model} ${role.one}.`;
}

/** The AI connection's provider: "Connect an AI model" opens the new-connection form on it. */
export const AI_PROVIDER = 'ai.openai_compatible';

/** One click to connect a model: the Connections page with the AI provider's form open. */
export function connectAiHref(): string {
  return routeHref({ page: 'connections', add: AI_PROVIDER });
}
