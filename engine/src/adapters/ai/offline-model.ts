import type { AiField, AiRoutingRule } from '@switchboard/nodes';
import * as chrono from 'chrono-node';
import type { AiModel, ChatTurn, ModelAnswer } from './ai-model';
import { textWindow } from './text-window';

/**
 * The offline AI adapter: deterministic rules that need no network, used when no language
 * model is configured. They read post-call transcripts (`Agent: …` / `Customer: …` lines)
 * or any text: dates with chrono-node, numbers, emails and phone numbers with patterns, and
 * yes/no questions with keywords, a small synonym table and simple negation.
 */

type Value = string | number | boolean | null;
type Role = 'agent' | 'customer' | 'text';
type Speaker = 'agent' | 'customer';

/** A turn of a transcript; `start`/`end` are offsets into the whole text. */
export interface Turn {
  role: Role;
  text: string;
  start: number;
  end: number;
}

interface Token {
  word: string;
  stem: string;
  start: number;
  end: number;
  clause: number;
}

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

interface Mention {
  concept: Concept;
  turn: Turn;
  start: number;
  end: number;
  negated: boolean;
  /** The agent's question when the mention is a yes/no answer to it. */
  question?: string;
}

interface Evidence {
  affirmed: Mention[];
  negated: Mention[];
}

interface Verdict {
  result: boolean;
  reason: string;
}

const PREFIX = 'Offline rules: ';
/**
 * The most of a question (or routing rule) read: each of its words is looked for in the whole
 * text, so a templated question that pastes a customer's message must not grow without bound.
 */
const MAX_QUESTION = 1024;
const ANSWER: ModelAnswer = { model: 'offline' };

// ---------------------------------------------------------------------------------------------
// Words

const STOP = new Set(
  ('a an the did do does done is was were are be been being am has have had to for of in on at by with from about into ' +
    'and or if whether any some this that these those there it its they them their he she his her him you your we our us i me my ' +
    'customer customers caller callers client clients user users agent agents assistant bot ai representative rep person ' +
    'ask asked asking express expressed mention mentioned say said tell told what which who whom when how why ' +
    'would could should can will may might must shall please also very so as than then get got make made give given show ' +
    'indicate indicated seem seemed sound sounded like want wanted wants anything something other else more during not').split(' '),
);

/** Used only when a question has no other content word. */
const WEAK = new Set(
  ('problem problems issue issues report reports reported question questions request requested requests need needed needs ' +
    'help thing things concern concerns talk speak discuss discussed topic reason regarding related experience call calls ' +
    'conversation transcript information info').split(' '),
);

/** Words of field names that say the type, not the topic (`appointment_date`). */
const FIELD_GENERIC = new Set('date time datetime day when value flag field number requested needed wanted yes no'.split(' '));

const NEGATORS = new Set('no not never without nothing none nobody neither nor'.split(' '));
const CLAUSE_WORDS = new Set(['but', 'although', 'though', 'however']);
const YES = new Set('yes yeah yep yup sure absolutely definitely please ok okay certainly correct'.split(' '));
const NO = new Set('no nope nah not'.split(' '));
const AGENT_WORDS = new Set('agent agents assistant bot representative rep'.split(' '));
const CUSTOMER_WORDS = new Set('customer customers caller client user patient lead prospect'.split(' '));

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
 * A word reduced for matching: plural s, -ing, -ed, a final e and doubled consonants go.
 *
 * @example stem('Booked') // 'book'; stem('calling') === stem('call') // true
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/’/g, "'");
  if (w.includes("'")) return w;
  if (w.length > 4 && /ie[ds]$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Contractions as separate words (`don't` → do not) so negations are plain `not`. */
function expand(word: string): string[] {
  if (word === "can't" || word === 'cannot' || word === 'cant') return ['can', 'not'];
  if (word === "won't") return ['will', 'not'];
  if (word.endsWith("n't")) return [word.slice(0, -3), 'not'];
  if (/^(dont|doesnt|didnt|isnt|wasnt|arent|werent|havent|hasnt|wouldnt|couldnt|shouldnt)$/.test(word)) return [word.slice(0, -2), 'not'];
  if (word.includes("'")) return [word.slice(0, word.indexOf("'"))];
  return [word];
}

/** The words of a text with their offsets (plus `offset`) and clause numbers. */
function tokenize(text: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu)) {
    const index = match.index;
    if (/[.,;:!?()\n—–]/.test(text.slice(last, index))) clause++;
    const raw = match[0].toLowerCase().replace(/’/g, "'");
    if (CLAUSE_WORDS.has(raw)) clause++;
    for (const word of expand(raw)) tokens.push({ word, stem: stem(word), start: offset + index, end: offset + index + match[0].length, clause });
    last = index + match[0].length;
  }
  return tokens;
}

function stems(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.stem);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Start indexes of `phrase` (stems) in `tokens`. */
function occurrences(tokens: Token[], phrase: string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((part, k) => tokens[i + k].stem === part)) found.push(i);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Transcripts

const ROLE_LINE = /^[ \t]*(agent|assistant|bot|ai|customer|user|caller|human|unknown)[ \t]*:[ \t]*/i;

/**
 * The turns of a transcript; text without `Agent:`/`Customer:` lines is one `text` turn.
 *
 * @example splitTurns('Agent: Hi\nCustomer: Hello')[1] // { role: 'customer', text: 'Hello', start: 20, end: 25 }
 */
export function splitTurns(text: string): Turn[] {
  const turns: Turn[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    const role = ROLE_LINE.exec(line);
    if (role) turns.push({ role: roleOf(role[1]), text: '', start: lineStart + role[0].length, end: lineEnd });
    else if (turns.length > 0) turns[turns.length - 1].end = lineEnd;
    else if (line.trim() !== '') turns.push({ role: 'text', text: '', start: lineStart, end: lineEnd });
    lineStart = lineEnd + 1;
  }
  for (const turn of turns) turn.text = text.slice(turn.start, turn.end);
  return turns;
}

function roleOf(name: string): Role {
  const lower = name.toLowerCase();
  if (['agent', 'assistant', 'bot', 'ai'].includes(lower)) return 'agent';
  return lower === 'unknown' ? 'text' : 'customer';
}

function isTranscript(turns: Turn[]): boolean {
  return turns.some((turn) => turn.role !== 'text');
}

/** The turns a speaker's words are read from: all of them when the text is not a transcript. */
function turnsOf(turns: Turn[], speaker: Speaker): Turn[] {
  return isTranscript(turns) ? turns.filter((turn) => turn.role === speaker) : turns;
}

/** The turn holding `offset`: a binary search, as turns are in text order and do not overlap. */
function turnAt(turns: Turn[], offset: number): Turn | undefined {
  let low = 0;
  let high = turns.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (turns[middle].start <= offset) low = middle;
    else high = middle - 1;
  }
  const turn = turns[low];
  return turn && offset >= turn.start && offset <= turn.end ? turn : undefined;
}

/** The sentences of a turn, trimmed, with offsets into the whole text. */
function sentencesOf(turn: Turn): Array<{ text: string; start: number; end: number }> {
  const spans: Array<{ text: string; start: number; end: number }> = [];
  const push = (from: number, to: number): void => {
    const raw = turn.text.slice(from, to);
    const text = raw.trim();
    if (text !== '') spans.push({ text, start: turn.start + from + raw.indexOf(text), end: turn.start + from + raw.indexOf(text) + text.length });
  };
  let from = 0;
  for (let i = 0; i < turn.text.length; i++) {
    const c = turn.text[i];
    if (c === '\n' || (/[.!?]/.test(c) && (i + 1 === turn.text.length || /\s/.test(turn.text[i + 1])))) {
      push(from, i + 1);
      from = i + 1;
    }
  }
  push(from, turn.text.length);
  return spans;
}

/** The sentence around `offset`, short enough to quote, without a closing period. */
function quoteAt(turn: Turn, offset: number): string {
  const sentence = sentencesOf(turn).find((s) => offset >= s.start && offset < s.end)?.text ?? turn.text.trim();
  return clip(sentence).replace(/[.,;:]+$/, '');
}

function clip(text: string, max = 120): string {
  // Flattens only a head of the text: enough for `max` characters unless it is nearly all spaces.
  const head = text.length > max * 64 ? text.slice(0, max * 64) : text;
  const flat = head.replace(/\s+/g, ' ').trim();
  return flat.length <= max && head === text ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// Concepts and mentions

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
function fieldConcepts(field: AiField): Concept[] {
  const name = nameWords(field.name).join(' ');
  const own = conceptsOf(name, FIELD_GENERIC).concepts;
  const described = field.description ? conceptsOf(field.description, FIELD_GENERIC).concepts : [];
  return [...own, ...described.filter((c) => !own.some((o) => o.label === c.label))];
}

function nameWords(name: string): string[] {
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
function mentionsIn(turns: Turn[], concept: Concept): Mention[] {
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
function evidence(text: string, concepts: Concept[], questionSpeaker: Speaker): Evidence {
  const turns = splitTurns(text);
  const all = concepts.flatMap((concept) => {
    const speaker = concept.speaker ?? questionSpeaker;
    const own = mentionsIn(turnsOf(turns, speaker), concept);
    return speaker === 'customer' && isTranscript(turns) ? [...own, ...answersIn(turns, concept)] : own;
  });
  all.sort((a, b) => a.start - b.start);
  return { affirmed: all.filter((m) => !m.negated), negated: all.filter((m) => m.negated) };
}

// ---------------------------------------------------------------------------------------------
// Decisions

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

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

interface Local {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function localParts(instant: Date, timeZone: string): Local & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/**
 * The offset of an IANA zone from UTC at an instant, in minutes.
 *
 * @example zoneOffset(new Date('2026-11-24T10:00:00Z'), 'Europe/Berlin') // 60
 */
export function zoneOffset(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - seconds) / 60_000);
}

function safeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** A wall-clock time in a zone as ISO 8601 with the zone's offset at that time. */
function isoInZone(local: Local, timeZone: string): string {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  let offset = zoneOffset(new Date(guess), timeZone);
  offset = zoneOffset(new Date(guess - offset * 60_000), timeZone);
  const sign = offset < 0 ? '-' : '+';
  const zone = offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${dateText(local)}T${timeText(local)}:00${zone}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function dateText(local: Local): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

function timeText(local: Local): string {
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

// ---------------------------------------------------------------------------------------------
// Dates and times

/** A date or time the text mentions, read in the zone. */
interface Moment {
  start: number;
  end: number;
  turn?: Turn;
  local: Local;
  hasDate: boolean;
  hasTime: boolean;
}

/** When and where the text is read: the call's instant and an IANA zone. */
export interface Clock {
  reference: Date;
  timeZone: string;
}

/** chrono-node's mentions, without bare durations ("10 minutes") and "now". */
function parseMoments(text: string, clock: Clock): Moment[] {
  const ref = { instant: clock.reference, timezone: zoneOffset(clock.reference, clock.timeZone) };
  const turns = splitTurns(text);
  return chrono
    .parse(text, ref, { forwardDate: true })
    .filter((result) => !isDuration(result))
    .map((result) => toMoment(result, clock, turnAt(turns, result.index)));
}

function isDuration(result: chrono.ParsedResult): boolean {
  const tags = result.start.tags();
  if (tags.has('casualReference/now')) return true;
  return tags.has('result/relativeDate') && !/\b(in|ago|next|last|this|from now|later|within|after)\b/i.test(result.text);
}

function toMoment(result: chrono.ParsedResult, clock: Clock, turn: Turn | undefined): Moment {
  const c = result.start;
  const local = c.isCertain('timezoneOffset') ? localParts(result.date(), clock.timeZone) : componentsOf(c, clock);
  const hasDate = c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month');
  const moment: Moment = { start: result.index, end: result.index + result.text.length, turn, local, hasDate, hasTime: c.isCertain('hour') };
  if (moment.hasTime && isLikelyAfternoon(result)) afternoon(moment, clock);
  return moment;
}

function componentsOf(c: chrono.ParsedComponents, clock: Clock): Local {
  const local = { year: c.get('year') ?? 1970, month: c.get('month') ?? 1, day: c.get('day') ?? 1, hour: c.get('hour') ?? 0, minute: c.get('minute') ?? 0 };
  if (!c.isCertain('year') && isRecentPast(local, clock)) local.year -= 1;
  return local;
}

/**
 * True when forwardDate moved a date without a year almost a year ahead although it was said
 * of the last month ("billed on 5 November", "the call on November 20", said on November 20).
 */
function isRecentPast(local: Local, clock: Clock): boolean {
  const today = localParts(clock.reference, clock.timeZone);
  const lastYear = Date.UTC(local.year - 1, local.month - 1, local.day);
  const days = (Date.UTC(today.year, today.month - 1, today.day) - lastYear) / 86_400_000;
  return days >= 0 && days <= 31;
}

/** "at 5" in a business call means 17:00: hours 1–6 without am/pm (and not "05:00"). */
function isLikelyAfternoon(result: chrono.ParsedResult): boolean {
  const hour = result.start.get('hour') ?? 0;
  return !result.start.isCertain('meridiem') && hour >= 1 && hour <= 6 && !/\b0\d[:.]\d\d/.test(result.text) && !result.start.isCertain('timezoneOffset');
}

/** Moves a morning guess to the afternoon; a time alone then falls on the next such time after the call. */
function afternoon(moment: Moment, clock: Clock): void {
  moment.local.hour += 12;
  if (moment.hasDate) return;
  const now = localParts(clock.reference, clock.timeZone);
  const later = moment.local.hour * 60 + moment.local.minute > now.hour * 60 + now.minute;
  const day = new Date(Date.UTC(now.year, now.month - 1, now.day + (later ? 0 : 1)));
  Object.assign(moment.local, { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() });
}

const CONFIRMS = /\b(confirm\w*|booked|scheduled|set|noted|see you|perfect|great|done|put you down|got you|all set|reserved)\b/i;

/**
 * The mention a field most likely means: nearest to the field's words, else the last one the
 * agent confirms, else the last one.
 */
function pickMoment(text: string, candidates: Moment[], concepts: Concept[]): Moment | undefined {
  if (candidates.length === 0) return undefined;
  const keywords = concepts.flatMap((concept) => mentionsIn(splitTurns(text), concept));
  let best: { moment: Moment; distance: number } | undefined;
  for (const moment of candidates) {
    for (const keyword of keywords) {
      const distance = gap(moment, keyword);
      if (distance <= 200 && (!best || distance <= best.distance)) best = { moment, distance };
    }
  }
  if (best) return best.moment;
  const confirms = new Map<Turn, boolean>();
  const confirmed = candidates.filter((m) => {
    if (m.turn?.role !== 'agent') return false;
    // One test per turn, not per date in it: a long agent turn can hold thousands of dates.
    if (!confirms.has(m.turn)) confirms.set(m.turn, CONFIRMS.test(m.turn.text));
    return confirms.get(m.turn);
  });
  return confirmed.at(-1) ?? candidates.at(-1);
}

function gap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start >= b.end ? a.start - b.end : b.start >= a.end ? b.start - a.end : 0;
}

/** Date mentions, leaving out the call's own date ("today") when other dates exist. */
function dateCandidates(moments: Moment[], clock: Clock): Moment[] {
  const dated = moments.filter((m) => m.hasDate);
  const today = dateText(localParts(clock.reference, clock.timeZone));
  const others = dated.filter((m) => m.hasTime || dateText(m.local) !== today);
  return others.length > 0 ? others : dated;
}

function extractMoment(text: string, field: AiField, clock: Clock): string | null {
  const moments = parseMoments(text, clock);
  const concepts = fieldConcepts(field);
  if (field.type === 'date') {
    const picked = pickMoment(text, dateCandidates(moments, clock), concepts);
    return picked ? dateText(picked.local) : null;
  }
  const timed = moments.filter((m) => m.hasTime);
  if (field.type === 'time') {
    const picked = pickMoment(text, timed, concepts);
    return picked ? timeText(picked.local) : null;
  }
  const complete = pickMoment(text, timed.filter((m) => m.hasDate), concepts);
  if (complete) return isoInZone(complete.local, clock.timeZone);
  const time = pickMoment(text, timed, concepts);
  if (!time) return null;
  const date = pickMoment(text, dateCandidates(moments, clock), concepts);
  return isoInZone({ ...time.local, ...(date ? { year: date.local.year, month: date.local.month, day: date.local.day } : {}) }, clock.timeZone);
}

// ---------------------------------------------------------------------------------------------
// Numbers, strings, booleans

const NUMBER = /(?<![\p{L}\d.,:/+-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d:/]|[.,]\d)/gu;
const NUMBER_WORDS = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty'.split(' ');
// Both start only where a run of their first class begins (the lookbehind): unanchored, the
// engine would retry from every character of a long run ('aaaa…', 'a.a.a…'), reading the rest
// of the run each time, which is quadratic. A match found inside a run is also found from the
// run's start, so the first match is the same (a global search no longer finds a second address
// glued to the end of the first, `a@b.c+d@e.f`). The quantifiers that follow meet disjoint classes.
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const SPOKEN_EMAIL = /(?<![\w.])\.*\b([\w.]+)\s+at\s+([\w-]+)\s+dot\s+(com|org|net|io|in|co|de|uk)\b/i;
const PHONE = /(?<![\w+])\+?\d[\d\s().-]{5,}\d(?!\w)/g;

interface Found<T> {
  value: T;
  start: number;
  end: number;
}

/**
 * Numbers a text mentions ("1,299.50", "twelve"), outside dates, phone numbers and emails.
 *
 * @example numbersIn('The total was 1,299.50 rupees').map((n) => n.value) // [1299.5]
 */
export function numbersIn(text: string, clock: Clock = { reference: new Date(0), timeZone: 'UTC' }): Array<Found<number>> {
  const blocked = [...parseMoments(text, clock), ...phonesIn(text), ...[...text.matchAll(new RegExp(EMAIL, 'g'))].map(spanOf)];
  const digits = [...text.matchAll(NUMBER)].map((m) => ({ value: Number(m[1].replace(/,/g, '')), ...spanOf(m) }));
  const words = tokenize(text)
    .filter((token) => NUMBER_WORDS.includes(token.word))
    .map((token) => ({ value: NUMBER_WORDS.indexOf(token.word), start: token.start, end: token.end }));
  return [...digits, ...words].sort((a, b) => a.start - b.start).filter(outside(blocked));
}

/** A filter for spans in start order that drops those inside a blocked span, in one sweep. */
function outside(blocked: Array<{ start: number; end: number }>): (span: { start: number; end: number }) => boolean {
  const sorted = [...blocked].sort((a, b) => a.start - b.start);
  let next = 0;
  let reach = -1;
  return (span) => {
    for (; next < sorted.length && sorted[next].start <= span.start; next++) reach = Math.max(reach, sorted[next].end);
    return span.end > reach;
  };
}

function spanOf(match: RegExpMatchArray): { start: number; end: number } {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length };
}

function phonesIn(text: string): Array<Found<string>> {
  return [...text.matchAll(PHONE)]
    .map((m) => ({ value: m[0].trim(), ...spanOf(m) }))
    .filter((p) => /^\+?\d{7,15}$/.test(p.value.replace(/[\s().-]/g, '')) && !/^\d{4}-\d{2}-\d{2}$/.test(p.value));
}

/** A number near the field's words, the name's last word first (`order_amount`: amount, then order). */
function extractNumber(text: string, field: AiField, clock: Clock): number | null {
  const numbers = numbersIn(text, clock);
  const turns = splitTurns(text);
  const own = conceptsOf(nameWords(field.name).join(' '), FIELD_GENERIC).concepts.reverse();
  const concepts = [...own, ...fieldConcepts(field).filter((c) => !own.includes(c) && !own.some((o) => o.label === c.label))];
  for (const concept of concepts) {
    const near = nearest(numbers, mentionsIn(turns, concept), turns, 80);
    if (near) return near.value;
  }
  return null;
}

/** The item nearest to any keyword in the same turn, within `max` characters. */
function nearest<T extends { start: number; end: number }>(items: T[], keywords: Mention[], turns: Turn[], max: number): T | undefined {
  let best: { item: T; distance: number } | undefined;
  for (const item of items) {
    const turn = turnAt(turns, item.start);
    for (const keyword of keywords) {
      const distance = gap(item, keyword);
      if (turn !== keyword.turn || distance > max) continue;
      if (!best || distance < best.distance) best = { item, distance };
    }
  }
  return best?.item;
}

/** Yes/no: true when the customer affirms the field's idea, false when only negated, null when absent. */
function extractBoolean(text: string, field: AiField): boolean | null {
  const concepts = fieldConcepts(field);
  if (concepts.length === 0) return null;
  const found = evidence(text, concepts, conceptsOf(nameWords(field.name).join(' ')).speaker);
  if (found.affirmed.length > 0) return true;
  return found.negated.length > 0 ? false : null;
}

const PERSON_NAME = /\b(?:my name is|my name's|name is|this is)\s+(\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)/u;

/** Strings: emails, phone numbers, ids and names by pattern; otherwise the best-matching customer sentence. */
function extractString(text: string, field: AiField): string | null {
  const words = nameWords(field.name);
  const has = (...names: string[]): boolean => names.some((name) => words.includes(name));
  if (has('email', 'mail')) return emailIn(text);
  const turns = splitTurns(text);
  const customerText = turnsOf(turns, 'customer').map((t) => t.text).join('\n');
  const phone = has('phone', 'mobile', 'cell', 'telephone', 'tel', 'whatsapp') || (has('number') && has('contact', 'callback', 'caller', 'customer', 'alternate', 'alt'));
  if (phone || field.name === 'number') {
    return phonesIn(customerText)[0]?.value ?? phonesIn(text)[0]?.value ?? null;
  }
  if (has('number', 'id', 'code', 'reference', 'ref')) return identifierIn(text, field) ?? phonesIn(text)[0]?.value ?? null;
  if (has('name') && words.every((w) => ['name', 'customer', 'caller', 'contact', 'full', 'first', 'last', 'person'].includes(w))) {
    const name = PERSON_NAME.exec(customerText)?.[1] ?? null;
    if (name) return words.includes('first') ? name.split(/\s+/)[0] : name;
  }
  return bestSentence(turnsOf(turns, 'customer'), fieldConcepts(field));
}

function emailIn(text: string): string | null {
  const written = EMAIL.exec(text)?.[0];
  if (written) return written;
  const spoken = SPOKEN_EMAIL.exec(text);
  return spoken ? `${spoken[1]}@${spoken[2]}.${spoken[3]}`.toLowerCase() : null;
}

/** An order number or other id (a word with three digits or more) near the field's words. */
function identifierIn(text: string, field: AiField): string | null {
  const turns = splitTurns(text);
  const ids = [...text.matchAll(/(?<![\w-])[A-Za-z0-9][A-Za-z0-9-]*(?<![-])(?![\w-])/g)]
    .filter((m) => (m[0].match(/\d/g)?.length ?? 0) >= 3)
    .map((m) => ({ value: m[0], ...spanOf(m) }));
  const keywords = fieldConcepts(field).flatMap((concept) => mentionsIn(turns, concept));
  return nearest(ids, keywords, turns, 60)?.value ?? null;
}

/** The sentence mentioning most of the concepts (the first on a tie), or null. */
function bestSentence(turns: Turn[], concepts: Concept[]): string | null {
  let best: { text: string; score: number } | undefined;
  for (const turn of turns) {
    for (const sentence of sentencesOf(turn)) {
      const part: Turn = { role: turn.role, text: sentence.text, start: sentence.start, end: sentence.end };
      const score = concepts.filter((concept) => mentionsIn([part], concept).length > 0).length;
      if (score > 0 && (!best || score > best.score)) best = { text: sentence.text, score };
    }
  }
  return best?.text ?? null;
}

/**
 * One field's value from a text, `null` when the text does not say.
 *
 * @example extractField('Customer: Can we do next Tuesday at 10:30?', { name: 'appointment_date', type: 'date' }, { reference: new Date('2026-11-20T15:00:00Z'), timeZone: 'UTC' }) // '2026-11-24'
 */
export function extractField(whole: string, field: AiField, clock: Clock): Value {
  const text = textWindow(whole);
  switch (field.type) {
    case 'date':
    case 'time':
    case 'datetime':
      return extractMoment(text, field, clock);
    case 'number':
      return extractNumber(text, field, clock);
    case 'boolean':
      return extractBoolean(text, field);
    default:
      return extractString(text, field);
  }
}

// ---------------------------------------------------------------------------------------------
// Replies

/**
 * A polite acknowledgement of the customer's message that promises a person's follow-up and invents nothing.
 *
 * @example acknowledge('Where is my order?', {}) // 'Thank you for your question "Where is my order?". A member of our team will follow up with you shortly.'
 */
export function acknowledge(message: string, variables: Record<string, unknown>): string {
  const flat = textWindow(message).replace(/\s+/g, ' ').trim().replace(/"/g, "'");
  const name = typeof variables.customer_name === 'string' && variables.customer_name.trim() !== '' ? `, ${clip(variables.customer_name, 40)},` : '';
  const kind = flat.endsWith('?') ? 'question' : 'message';
  const thanks = flat === '' ? `Thank you${name} for getting in touch.` : flat.length <= 120 ? `Thank you${name} for your ${kind} "${flat}".` : `Thank you${name} for your ${kind}.`;
  return `${thanks} A member of our team will follow up with you shortly.`;
}

// ---------------------------------------------------------------------------------------------

/** The offline rules as an `AiModel`: deterministic, no network, `model: 'offline'`, no usage. */
export class OfflineModel implements AiModel {
  readonly offline = true;

  async reply(input: { instructions: string; history: ChatTurn[]; message: string; variables: Record<string, unknown> }): Promise<ModelAnswer & { text: string }> {
    return { ...ANSWER, text: acknowledge(input.message, input.variables) };
  }

  async extract(input: { text: string; fields: AiField[]; referenceDate?: string; timeZone?: string }): Promise<ModelAnswer & { values: Record<string, Value> }> {
    const parsed = input.referenceDate ? new Date(input.referenceDate) : new Date();
    const clock: Clock = { reference: Number.isNaN(parsed.getTime()) ? new Date() : parsed, timeZone: safeZone(input.timeZone) };
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
