import { StepError } from '../errors/codes';
import { errorMessage, isRecord } from '../util/is-record';
import { CONDITION_OPERATORS, jsonLogic } from './json-logic';

/** A json-logic rule as stored in a flow: one operator mapped to its arguments. @example { "==": [{ "var": "trigger.call.status" }, "completed"] } */
export type JsonLogic = { [operator: string]: unknown };

/** True when a rule means "no condition" (null, undefined or `{}`), which always holds. */
export function isEmptyCondition(rule: unknown): boolean {
  return rule === null || rule === undefined || (isRecord(rule) && Object.keys(rule).length === 0);
}

/**
 * The problems of a condition, as plain sentences; empty when it can be evaluated. Accepts
 * null/`{}` (no condition), `true`/`false`, and json-logic objects using `CONDITION_OPERATORS`.
 *
 * @example validateCondition({ method: ['x', 'toString'] }) // ['"method" is not a condition operator']
 */
export function validateCondition(rule: unknown): string[] {
  if (isEmptyCondition(rule) || typeof rule === 'boolean') return [];
  if (!isRecord(rule)) return ['a condition must be a json-logic object such as { "==": [{ "var": "trigger.x" }, 1] }'];
  const problems = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isRecord(node)) return;
    const keys = Object.keys(node);
    // json-logic reads a one-key object as an operation; others are plain data.
    if (keys.length > 1) problems.add(`a condition part has several operators (${keys.join(', ')}); wrap them in "and" or "or"`);
    if (keys.length !== 1) return;
    const [operator] = keys;
    if (!CONDITION_OPERATORS.has(operator)) problems.add(`"${operator}" is not a condition operator`);
    else walk(node[operator]);
  };
  walk(rule);
  return [...problems];
}

/**
 * Evaluates a condition against the run context with json-logic truthiness. No condition
 * (null, undefined, `{}`) holds. An invalid rule throws `StepError('CONFIG_INVALID')` rather
 * than silently failing.
 *
 * @example evaluateCondition({ '==': [{ var: 'trigger.variables.appointment_booked' }, true] }, ctx) // true
 */
export function evaluateCondition(rule: unknown, context: object): boolean {
  if (isEmptyCondition(rule)) return true;
  if (typeof rule === 'boolean') return rule;
  const problems = validateCondition(rule);
  if (problems.length > 0) throw new StepError('CONFIG_INVALID', `the condition is not valid: ${problems.join('; ')}`);
  try {
    return jsonLogic.truthy(jsonLogic.apply(rule as Parameters<typeof jsonLogic.apply>[0], context));
  } catch (error) {
    throw new StepError('CONFIG_INVALID', `the condition could not be evaluated: ${errorMessage(error)}`);
  }
}
