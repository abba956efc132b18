import { describeComparisons, explainCondition, isEmptyCondition } from '@switchboard/shared';
import type { MatchContext } from './define';

/**
 * Why a trigger did not match, for the operator's "why did my flow not start?" (Activity).
 * Codes: `CALL_TYPE_MISMATCH`, `SENDER_MISMATCH`, `REPLY_MISMATCH`, `CONDITION_FALSE` (details: `comparisons`),
 * `AI_CONDITION_FALSE` (details: `question`, `answer`), `CONDITION_ERROR`, `NOT_MATCHED`.
 */
export interface MatchReason {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * What `matches` answers: a boolean when there is nothing to explain (a webhook's path), or a
 * verdict that carries the reason it did not match.
 *
 * @example { matched: false, reason: { code: 'CALL_TYPE_MISMATCH', message: 'call type did not match (connected only)' } }
 */
export type MatchResult = boolean | { matched: true } | { matched: false; reason: MatchReason };

/** A verdict always with `matched`; a bare `false` becomes `NOT_MATCHED`. */
export function matchOutcome(result: MatchResult): { matched: boolean; reason?: MatchReason } {
  if (result === true) return { matched: true };
  if (result === false) return { matched: false, reason: { code: 'NOT_MATCHED', message: 'the trigger did not match this event' } };
  return result;
}

/** The AI's yes/no to an AI condition, with its reason when the model gave one. */
export interface AiJudgement {
  result: boolean;
  reason?: string;
}

export function notMatched(code: string, message: string, details?: Record<string, unknown>): { matched: false; reason: MatchReason } {
  return { matched: false, reason: { code, message, ...(details ? { details } : {}) } };
}

/**
 * The trigger's json-logic conditions against the match context: null when they hold (or there
 * are none), else `CONDITION_FALSE` naming each compared value. An invalid rule throws (the
 * engine records `CONDITION_ERROR`).
 */
export function conditionVerdict(conditions: unknown, ctx: MatchContext): { matched: false; reason: MatchReason } | null {
  if (isEmptyCondition(conditions) || ctx.evaluate(conditions)) return null;
  const comparisons = explainCondition(conditions, ctx.context);
  const failed = describeComparisons(comparisons);
  return notMatched('CONDITION_FALSE', failed ? `condition was false: ${failed}` : 'the conditions were false', { comparisons });
}

/** Asks the AI condition's question when one is set and an AI is wired in; null when the answer is yes (or nobody can ask). */
export async function aiConditionVerdict(question: string | undefined, connectionId: string | undefined, ctx: MatchContext): Promise<{ matched: false; reason: MatchReason } | null> {
  const asked = question?.trim();
  if (!asked || !ctx.judge) return null;
  const answer = await ctx.judge(asked, connectionId);
  const judgement: AiJudgement = typeof answer === 'boolean' ? { result: answer } : answer;
  if (judgement.result) return null;
  const reason = judgement.reason?.trim();
  return notMatched('AI_CONDITION_FALSE', reason ? `the AI answered no to "${asked}": ${reason}` : `the AI answered no to "${asked}"`, {
    question: asked,
    answer: 'no',
    ...(reason ? { reason } : {}),
  });
}
