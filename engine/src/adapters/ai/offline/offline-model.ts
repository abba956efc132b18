/**
 * The offline AI adapter: deterministic rules that need no network, used when no language
 * model is configured. They read post-call transcripts (`Agent: …` / `Customer: …` lines)
 * or any text: dates with chrono-node, numbers, emails and phone numbers with patterns, and
 * yes/no questions with keywords, a small synonym table and simple negation.
 */

import type { AiField, AiRoutingRule } from '@switchboard/nodes';
import { timeZoneOrUtc } from '@switchboard/shared';
import type { AiModel, ChatTurn, ModelAnswer } from '../ai-model';
import type { Clock } from './dates';
import { judge, routeText } from './decisions';
import { extractField, type Value } from './extract';
import { acknowledge } from './reply';

const ANSWER: ModelAnswer = { model: 'offline' };

/** The offline rules as an `AiModel`: deterministic, no network, `model: 'offline'`, no usage. */
export class OfflineModel implements AiModel {
  readonly offline = true;

  async reply(input: { instructions: string; history: ChatTurn[]; message: string; variables: Record<string, unknown> }): Promise<ModelAnswer & { text: string }> {
    return { ...ANSWER, text: acknowledge(input.message, input.variables) };
  }

  async extract(input: { text: string; fields: AiField[]; referenceDate?: string; timeZone?: string }): Promise<ModelAnswer & { values: Record<string, Value> }> {
    const parsed = input.referenceDate ? new Date(input.referenceDate) : new Date();
    const clock: Clock = { reference: Number.isNaN(parsed.getTime()) ? new Date() : parsed, timeZone: timeZoneOrUtc(input.timeZone) };
    const values: Record<string, Value> = {};
    for (const field of input.fields) values[field.name] = extractField(input.text, field, clock);
    return { ...ANSWER, values };
  }

  async decide(input: { question: string; text: string }): Promise<ModelAnswer & { result: boolean; reason: string }> {
    return { ...ANSWER, ...judge(input.question, input.text) };
  }

  async route(input: { text: string; rules: AiRoutingRule[] }): Promise<ModelAnswer & { rule: number | null; reason: string }> {
    return { ...ANSWER, ...routeText(input.text, input.rules) };
  }
}
