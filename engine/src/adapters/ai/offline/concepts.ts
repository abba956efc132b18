/** Concepts (a topic of the synonym table, or a literal word) and where a text mentions them. */

import type { AiField } from '@switchboard/nodes';
import { clip, isTranscript, sentencesOf, splitTurns, turnsOf, type Speaker, type Turn } from './transcript';
import { AGENT_WORDS, CUSTOMER_WORDS, FIELD_GENERIC, NEGATORS, NO, STOP, WEAK, YES, occurrences, stems, tokenize, unique, type Token } from './words';

/** Something to look for: a topic of the synonym table, or a literal word of a question. */
export interface Concept {
  label: string;
  /** Stemmed token sequences that signal the concept in a text. */
  phrases: string[][];
  /** Words shown in reasons (`callback, call back`). */
  shown: string[];
  /** Whose turns to read when not the question's subject (the agent for unanswered questions). */
  speaker?: Speaker;
}

export interface Mention {
  concept: Concept;
  turn: Turn;
  start: number;
  end: number;
  negated: boolean;
  /** The agent's question when the mention is a yes/no answer to it. */
  question?: string;
}

export interface Evidence {
  affirmed: Mention[];
  negated: Mention[];
}

interface ConceptSpec {
  label: string;
  /** Extra question words that select the concept; its phrases select it too. */
  triggers: string[];
  phrases: string[];
  speaker?: Speaker;
  /** False when the phrases are too common to select the concept from a question (`pay`, `person`). */
  phrasesSelect?: boolean;
}

const CONCEPT_SPECS: ConceptSpec[] = [
  {
    label: 'callback',
    triggers: ['return call', 'call-back', 'follow-up call', 'follow up call'],
    phrases: ['callback', 'call back', 'call me back', 'call us back', 'ring me', 'give me a call', 'call me later', 'call me tomorrow', 'call me again', 'call me at'],
  },
  {
    label: 'complaint',
    triggers: ['dissatisfaction', 'frustration', 'anger', 'upset', 'negative', 'displeasure', 'disappointment', 'cancellation', 'churn'],
    phrases: ['complaint', 'complain', 'unhappy', 'not happy', 'dissatisfied', 'frustrated', 'angry', 'upset', 'terrible', 'awful', 'horrible', 'worst', 'disappointed', 'unacceptable', 'ridiculous', 'cancel', 'refund'],
  },
  {
    label: 'appointment',
    triggers: ['visit'],
    phrases: ['appointment', 'book', 'booked', 'schedule', 'meeting', 'consultation', 'reservation', 'reserve'],
  },
  {
    label: 'billing',
    triggers: ['billing'],
    phrases: ['billing', 'bill', 'invoice', 'payment', 'charge', 'overcharged', 'refund'],
  },
  {
    label: 'technical',
    triggers: ['technical', 'tech', 'outage'],
    phrases: ['error', 'bug', 'broken', 'not working', 'does not work', 'stopped working', 'crash', 'glitch', 'outage', 'can not log in'],
  },
  {
    label: 'escalation',
    triggers: ['escalation'],
    phrases: ['manager', 'supervisor', 'escalate', 'real person', 'a human'],
  },
  { label: 'order', triggers: ['sale'], phrases: ['order', 'purchase', 'buy', 'bought'] },
  { label: 'demo', triggers: [], phrases: ['demo', 'demonstration', 'trial'] },
  {
    label: 'positive',
    triggers: ['positive', 'praise', 'compliment', 'satisfaction', 'pleased', 'grateful', 'gratitude'],
    phrases: ['thank', 'great', 'excellent', 'happy', 'love', 'helpful', 'satisfied', 'wonderful', 'appreciate', 'awesome', 'amazing'],
  },
  {
    label: 'unanswered',
    triggers: ['unanswered', 'fail to answer', 'failed to answer', 'not answer', 'could not answer', 'unable to answer', 'did not know', 'not know'],
    phrases: ["don't know", 'not sure', "can't answer", 'get back to you', 'unable to answer', "don't have that information"],
    speaker: 'agent',
  },
  {
    label: 'amount',
    triggers: ['amount', 'total', 'price', 'cost'],
    phrases: ['amount', 'total', 'price', 'cost', 'paid', 'pay', 'payment', 'charge', 'fee', 'sum', 'spent', 'bill', 'worth'],
    phrasesSelect: false,
  },
  { label: 'people', triggers: ['guest', 'people', 'party', 'headcount', 'attendee'], phrases: ['people', 'person', 'guest', 'adult', 'of us', 'pax'], phrasesSelect: false },
];

interface CompiledConcept {
  concept: Concept;
  triggers: string[][];
}

const CONCEPTS: CompiledConcept[] = CONCEPT_SPECS.map((spec) => {
  const phrases = spec.phrases.map(stems);
  const concept: Concept = { label: spec.label, phrases, shown: unique([spec.label, ...spec.phrases]).slice(0, 3), speaker: spec.speaker };
  return { concept, triggers: [...(spec.phrasesSelect === false ? [] : phrases), ...spec.triggers.map(stems)] };
});

/**
 * What a question (or a field's words) asks about, and whose turns to read.
 *
 * @example conceptsOf('Did the customer ask for a callback?').concepts[0].label // 'callback'
 */
export function conceptsOf(question: string, extraStop: ReadonlySet<string> = new Set()): { concepts: Concept[]; speaker: Speaker } {
  const tokens = tokenize(question);
  const consumed = new Set<number>();
  const found: Array<{ at: number; concept: Concept }> = [];
  for (const { concept, triggers } of CONCEPTS) {
    const at: number[] = [];
    for (const trigger of triggers) {
      for (const i of occurrences(tokens, trigger)) {
        at.push(i);
        trigger.forEach((_, k) => consumed.add(i + k));
      }
    }
    if (at.length > 0) found.push({ at: Math.min(...at), concept });
  }
  const literals: Array<{ at: number; concept: Concept }> = [];
  const weak: Array<{ at: number; concept: Concept }> = [];
  tokens.forEach((token, i) => {
    if (consumed.has(i) || STOP.has(token.word) || extraStop.has(token.word) || NEGATORS.has(token.word)) return;
    const entry = { at: i, concept: { label: token.word, phrases: [[token.stem]], shown: [token.word] } };
    (WEAK.has(token.word) ? weak : literals).push(entry);
  });
  const chosen = [...found, ...(found.length + literals.length > 0 ? literals : weak)].sort((a, b) => a.at - b.at);
  const concepts = chosen.map((entry) => entry.concept).filter((c, i, all) => all.findIndex((o) => o.phrases[0].join(' ') === c.phrases[0].join(' ')) === i);
  return { concepts, speaker: speakerOf(tokens) };
}

/** `agent` when the question names the agent before the customer ("Did the agent fail to answer…"). */
function speakerOf(tokens: Token[]): Speaker {
  const agent = tokens.findIndex((token) => AGENT_WORDS.has(token.word));
  const customer = tokens.findIndex((token) => CUSTOMER_WORDS.has(token.word));
  return agent >= 0 && (customer < 0 || agent < customer) ? 'agent' : 'customer';
}

/** The concepts of a field: its name's words (`callback_requested` → callback) and description. */
export function fieldConcepts(field: AiField): Concept[] {
  const name = nameWords(field.name).join(' ');
  const own = conceptsOf(name, FIELD_GENERIC).concepts;
  const described = field.description ? conceptsOf(field.description, FIELD_GENERIC).concepts : [];
  return [...own, ...described.filter((c) => !own.some((o) => o.label === c.label))];
}

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const turnTokens = new WeakMap<Turn, Token[]>();

/** A turn's tokens, read once however many concepts (a question's every word) are looked for. */
function tokensOf(turn: Turn): Token[] {
  let tokens = turnTokens.get(turn);
  if (!tokens) turnTokens.set(turn, (tokens = tokenize(turn.text, turn.start)));
  return tokens;
}

/** Every mention of a concept in the turns, negated when a negation precedes it in its clause. */
export function mentionsIn(turns: Turn[], concept: Concept): Mention[] {
  const mentions: Mention[] = [];
  for (const turn of turns) {
    const tokens = tokensOf(turn);
    for (const phrase of concept.phrases) {
      for (const i of occurrences(tokens, phrase)) {
        mentions.push({ concept, turn, start: tokens[i].start, end: tokens[i + phrase.length - 1].end, negated: isNegated(tokens, i) });
      }
    }
  }
  return mentions;
}

function isNegated(tokens: Token[], index: number): boolean {
  for (let j = index - 1; j >= Math.max(0, index - 4); j--) {
    if (tokens[j].clause !== tokens[index].clause) return false;
    if (NEGATORS.has(tokens[j].word)) return true;
  }
  return false;
}

/** Customer answers ("Yes, please") to agent questions that mention the concept. */
function answersIn(turns: Turn[], concept: Concept): Mention[] {
  const answers: Mention[] = [];
  turns.forEach((turn, i) => {
    const next = turns[i + 1];
    if (turn.role !== 'agent' || !turn.text.includes('?') || next?.role !== 'customer') return;
    if (mentionsIn([turn], concept).length === 0) return;
    const first = tokensOf(next)[0];
    if (!first || !(YES.has(first.word) || NO.has(first.word))) return;
    const question = sentencesOf(turn).find((s) => s.text.endsWith('?'))?.text ?? turn.text;
    answers.push({ concept, turn: next, start: first.start, end: first.end, negated: NO.has(first.word), question: clip(question) });
  });
  return answers;
}

/** Mentions of the concepts in the speaker's turns, split by polarity, in text order. */
export function evidence(text: string, concepts: Concept[], questionSpeaker: Speaker): Evidence {
  const turns = splitTurns(text);
  const all = concepts.flatMap((concept) => {
    const speaker = concept.speaker ?? questionSpeaker;
    const own = mentionsIn(turnsOf(turns, speaker), concept);
    return speaker === 'customer' && isTranscript(turns) ? [...own, ...answersIn(turns, concept)] : own;
  });
  all.sort((a, b) => a.start - b.start);
  return { affirmed: all.filter((m) => !m.negated), negated: all.filter((m) => m.negated) };
}
