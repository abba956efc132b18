/** Yes/no questions and routing rules decided by the keyword rules. */

import type { AiRoutingRule } from '@switchboard/nodes';
import { textWindow } from '../text-window';
import { conceptsOf, evidence, type Mention } from './concepts';
import { clip, isTranscript, quoteAt, splitTurns } from './transcript';
import { unique } from './words';

export interface Verdict {
  result: boolean;
  reason: string;
}

const PREFIX = 'Offline rules: ';
/**
 * The most of a question (or routing rule) read: each of its words is looked for in the whole
 * text, so a templated question that pastes a customer's message must not grow without bound.
 */
const MAX_QUESTION = 1024;

/**
 * A yes/no question answered by keyword rules over the customer's (or agent's) turns.
 *
 * @example judge('Did the customer ask for a callback?', 'Customer: Call me back tomorrow.').result // true
 */
export function judge(question: string, whole: string): Verdict {
  const text = textWindow(whole);
  const { concepts, speaker } = conceptsOf(question.slice(0, MAX_QUESTION));
  if (concepts.length === 0) return { result: false, reason: `${PREFIX}the question has no words to look for.` };
  const found = evidence(text, concepts, speaker);
  const hit = found.affirmed[0];
  if (hit) return { result: true, reason: `${PREFIX}${describe(hit)}.` };
  const miss = found.negated[0];
  if (miss) return { result: false, reason: `${PREFIX}${describe(miss)}, which negates ${miss.concept.label}.` };
  const words = unique(concepts.flatMap((c) => c.shown)).join(', ');
  const who = isTranscript(splitTurns(text)) ? `no ${concepts[0].speaker ?? speaker} turn mentions` : 'the text does not mention';
  return { result: false, reason: `${PREFIX}${who} ${words}.` };
}

function describe(mention: Mention): string {
  const who = mention.turn.role === 'text' ? 'the text says' : `the ${mention.turn.role} said`;
  if (mention.question) return `the customer answered "${quoteAt(mention.turn, mention.start)}" to "${mention.question}"`;
  return `${who} "${quoteAt(mention.turn, mention.start)}"`;
}

const CATCH_ALL = /^\s*(otherwise|else|default|fallback|always|any(thing)? else|everything( else)?|all (other )?calls?)\b/i;

/**
 * The first routing rule whose `when` holds by the `judge` rules; a catch-all ("Otherwise") always does.
 *
 * @example routeText('Customer: I was charged twice', [{ when: 'a technical problem', to: [] }, { when: 'billing', to: [] }]).rule // 1
 */
export function routeText(text: string, rules: AiRoutingRule[]): { rule: number | null; reason: string } {
  const misses: string[] = [];
  for (const [index, rule] of rules.entries()) {
    if (CATCH_ALL.test(rule.when)) return { rule: index, reason: `${PREFIX}"${clip(rule.when, 80)}" is a catch-all rule and no rule before it applied.` };
    const verdict = judge(rule.when, text);
    const why = verdict.reason.slice(PREFIX.length);
    if (verdict.result) return { rule: index, reason: `${PREFIX}"${clip(rule.when, 80)}" applies: ${why}` };
    misses.push(`"${clip(rule.when, 80)}": ${why}`);
  }
  return { rule: null, reason: `${PREFIX}no rule applies.${misses.length > 0 ? ` ${misses.join(' ')}` : ''}` };
}
