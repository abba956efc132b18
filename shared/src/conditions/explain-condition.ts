import { isRecord } from '../util/is-record';
import { jsonLogic } from './json-logic';

/**
 * One comparison of a condition with the value it met: what an operator reads to see why a
 * flow did not start ("trigger.variables.appointment_booked equals true, was false").
 */
export interface ConditionComparison {
  /** The context path compared, e.g. `trigger.variables.appointment_booked`. */
  variable: string;
  /** The builder's wording where there is one (`equals`, `contains`, `is_empty`…), else the json-logic operator. */
  operator: string;
  /** The value the condition wants (absent for `is_true`, `is_empty`…). */
  expected?: unknown;
  /** The value the context held (null when the variable was missing). */
  actual: unknown;
  holds: boolean;
}

const WORDS: Record<string, string> = { '==': 'equals', '===': 'equals', '!=': 'not_equals', '!==': 'not_equals', '>': 'greater_than', '>=': 'at_least', '<': 'less_than', '<=': 'at_most' };
/** `5 < x` reads as `x > 5`. */
const MIRRORED: Record<string, string> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };
const NEGATED: Record<string, string> = { equals: 'not_equals', not_equals: 'equals', contains: 'not_contains', not_contains: 'contains', in: 'not_in', is_empty: 'is_not_empty', is_not_empty: 'is_empty', is_truthy: 'is_falsy' };
/** Long values (a transcript) are cut so an event's stored outcomes stay small. */
const MAX_TEXT = 200;

/**
 * The comparison leaves of a json-logic condition (those that read a `var`), each with the value
 * it met in `context`; what is under `and`/`or`/`!` is walked. Never throws: a leaf that cannot
 * be evaluated does not hold.
 *
 * @example explainCondition({ and: [{ '==': [{ var: 'trigger.connected' }, true] }] }, { trigger: { connected: false } })
 *          // [{ variable: 'trigger.connected', operator: 'equals', expected: true, actual: false, holds: false }]
 */
export function explainCondition(rule: unknown, context: object): ConditionComparison[] {
  const found: ConditionComparison[] = [];
  walk(rule, context, found);
  return found.slice(0, 50);
}

/** One line for the leaves that did not hold: `trigger.connected equals true (was false); …`. */
export function describeComparisons(comparisons: readonly ConditionComparison[]): string {
  return comparisons
    .filter((comparison) => !comparison.holds)
    .map((comparison) => `${comparison.variable} ${comparison.operator.replace(/_/g, ' ')}${'expected' in comparison ? ` ${show(comparison.expected)}` : ''} (was ${show(comparison.actual)})`)
    .join('; ');
}

function walk(node: unknown, context: object, found: ConditionComparison[]): void {
  if (Array.isArray(node)) return node.forEach((item) => walk(item, context, found));
  if (!isRecord(node) || Object.keys(node).length !== 1) return;
  const [operator] = Object.keys(node) as [string];
  const args = Array.isArray(node[operator]) ? (node[operator] as unknown[]) : [node[operator]];
  const leaf = comparison(operator, args, context, node);
  if (leaf) return void found.push(leaf);
  if (operator === '!' && args.length === 1) {
    const inner: ConditionComparison[] = [];
    walk(args[0], context, inner);
    // A negated single comparison reads as its opposite; a negated group is listed as it is.
    if (inner.length === 1) {
      const [one] = inner as [ConditionComparison];
      found.push({ ...one, operator: NEGATED[one.operator] ?? `not ${one.operator}`, holds: !one.holds });
    } else found.push(...inner);
    return;
  }
  if (operator === 'var') {
    // A bare variable under and/or: it holds when truthy.
    const variable = varPath(node);
    if (variable !== null) found.push({ variable, operator: 'is_truthy', actual: read(variable, context), holds: holds(node, context) });
    return;
  }
  args.forEach((arg) => walk(arg, context, found));
}

function comparison(operator: string, args: unknown[], context: object, node: unknown): ConditionComparison | null {
  if (operator in WORDS && args.length === 2) {
    let [left, right] = args;
    let op = operator;
    if (varPath(left) === null && varPath(right) !== null) {
      [left, right] = [right, left];
      op = MIRRORED[op] ?? op;
    }
    const variable = varPath(left);
    if (variable === null) return null;
    // `is_true`/`is_false` of the builder are strict comparisons with a boolean.
    if (op === '===' && typeof right === 'boolean') return leafOf(variable, right ? 'is_true' : 'is_false', undefined, context, node);
    return leafOf(variable, WORDS[op]!, value(right, context), context, node);
  }
  if (operator === 'in' && args.length === 2) {
    const inside = varPath(args[1]);
    if (inside !== null) return leafOf(inside, 'contains', value(args[0], context), context, node);
    const variable = varPath(args[0]);
    if (variable !== null) return leafOf(variable, 'in', value(args[1], context), context, node);
    return null;
  }
  if (operator === 'missing' && args.length === 1 && typeof args[0] === 'string') return leafOf(args[0], 'is_empty', undefined, context, node);
  if (operator === '!!' && args.length === 1) {
    const variable = varPath(args[0]);
    return variable === null ? null : leafOf(variable, 'is_truthy', undefined, context, node);
  }
  return null;
}

function leafOf(variable: string, operator: string, expected: unknown, context: object, node: unknown): ConditionComparison {
  // `missing` answers the list of missing names, which json-logic reads as false when empty.
  return { variable, operator, ...(expected === undefined ? {} : { expected: small(expected) }), actual: small(read(variable, context)), holds: holds(node, context) };
}

function varPath(node: unknown): string | null {
  if (!isRecord(node) || Object.keys(node).length !== 1 || !('var' in node)) return null;
  const path = Array.isArray(node.var) ? node.var[0] : node.var;
  return typeof path === 'string' || typeof path === 'number' ? String(path) : null;
}

/** A compared value as the condition meant it: a literal, or what a nested expression gives. */
function value(node: unknown, context: object): unknown {
  if (!isRecord(node) && !Array.isArray(node)) return node;
  try {
    return jsonLogic.apply(node as Parameters<typeof jsonLogic.apply>[0], context);
  } catch {
    return node;
  }
}

function read(variable: string, context: object): unknown {
  return value({ var: variable }, context) ?? null;
}

function holds(node: unknown, context: object): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(node as Parameters<typeof jsonLogic.apply>[0], context));
  } catch {
    return false;
  }
}

function small(value: unknown): unknown {
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) {
    const text = JSON.stringify(value);
    return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : value;
  }
  return value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value ?? null);
}
