import jsonLogicModule from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { StepError } from '../errors/codes';
import { evaluateCondition, validateCondition } from './evaluate-condition';

const context = (booked: unknown) => ({
  trigger: {
    call: { status: 'completed', durationSeconds: 125 },
    variables: { appointment_booked: booked },
    customer: { name: 'Alex', tags: ['vip', 'repeat'] },
    summary: 'Customer asked for a callback tomorrow',
  },
});

/** Seed 000's condition. */
const booked = { '==': [{ var: 'trigger.variables.appointment_booked' }, true] };

describe('evaluateCondition', () => {
  it('evaluates the seed condition', () => {
    expect(evaluateCondition(booked, context(true))).toBe(true);
    expect(evaluateCondition(booked, context(false))).toBe(false);
    expect(evaluateCondition(booked, context(undefined))).toBe(false);
  });

  it('holds for no condition', () => {
    expect(evaluateCondition(null, {})).toBe(true);
    expect(evaluateCondition(undefined, {})).toBe(true);
    expect(evaluateCondition({}, {})).toBe(true);
    expect(evaluateCondition(false, {})).toBe(false);
  });

  it('evaluates an and of several rules', () => {
    const rule = {
      and: [
        booked,
        { '>': [{ var: 'trigger.call.durationSeconds' }, 60] },
        { in: ['callback', { var: 'trigger.summary' }] },
        { in: ['vip', { var: 'trigger.customer.tags' }] },
      ],
    };
    expect(evaluateCondition(rule, context(true))).toBe(true);
    expect(evaluateCondition({ and: [...rule.and, { '==': [{ var: 'trigger.call.status' }, 'failed'] }] }, context(true))).toBe(false);
    expect(evaluateCondition(rule, context(false))).toBe(false);
  });

  it('coerces the result with json-logic truthiness (an empty list is false)', () => {
    expect(evaluateCondition({ var: 'trigger.customer.tags' }, context(true))).toBe(true);
    expect(evaluateCondition({ var: 'missing_list' }, { missing_list: [] })).toBe(false);
    expect(evaluateCondition({ var: 'trigger.customer.name' }, context(true))).toBe(true);
  });

  it('refuses the method operation, which would call methods on values', () => {
    const rule = { method: [{ var: 'trigger.customer.name' }, 'toUpperCase'] };
    expect(validateCondition(rule)).toEqual(['"method" is not a condition operator']);
    expect(() => evaluateCondition(rule, context(true))).toThrow(StepError);
    // Removed from the shared json-logic instance too, for anyone who calls it directly.
    expect(() => jsonLogicModule.apply(rule as never, context(true))).toThrow(/Unrecognized operation method/);
  });

  it('refuses dotted operation paths into json-logic internals', () => {
    expect(validateCondition({ 'var.prototype.constructor': ['x'] })).toEqual(['"var.prototype.constructor" is not a condition operator']);
    expect(() => evaluateCondition({ 'var.prototype.constructor': ['x'] }, {})).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('keeps var away from __proto__, constructor and prototype', () => {
    const data = { trigger: { name: 'x' } };
    expect(evaluateCondition({ '!!': { var: 'trigger.__proto__' } }, data)).toBe(false);
    expect(evaluateCondition({ '==': [{ var: 'trigger.__proto__' }, null] }, data)).toBe(true);
    expect(evaluateCondition({ '!!': { var: 'trigger.constructor' } }, data)).toBe(false);
    expect(evaluateCondition({ '!!': { var: 'trigger.constructor.prototype' } }, data)).toBe(false);
    expect(evaluateCondition({ '!!': { var: 'trigger.name.toString' } }, data)).toBe(false);
    // A path computed at run time is guarded as well.
    expect(evaluateCondition({ '!!': { var: { cat: ['trigger.', '__proto__'] } } }, data)).toBe(false);
    expect(evaluateCondition({ '==': [{ var: ['trigger.__proto__', 'fallback'] }, 'fallback'] }, data)).toBe(true);
  });

  it('still reads arrays by index, string lengths and whole data', () => {
    const data = { list: ['a', 'b'], text: 'abc' };
    expect(evaluateCondition({ '==': [{ var: 'list.1' }, 'b'] }, data)).toBe(true);
    expect(evaluateCondition({ '==': [{ var: 'text.length' }, 3] }, data)).toBe(true);
    expect(evaluateCondition({ some: [{ var: 'list' }, { '==': [{ var: '' }, 'a'] }] }, data)).toBe(true);
    expect(evaluateCondition({ '!': { missing: ['text'] } }, data)).toBe(true);
  });
});

describe('validateCondition', () => {
  it('accepts valid rules and no condition', () => {
    expect(validateCondition(booked)).toEqual([]);
    expect(validateCondition({ and: [booked, { or: [{ '!': { var: 'x' } }, { in: ['a', ['a', 'b']] }] }] })).toEqual([]);
    expect(validateCondition(null)).toEqual([]);
    expect(validateCondition({})).toEqual([]);
    expect(validateCondition(true)).toEqual([]);
  });

  it('names unknown operators, even deep inside, and rejects non-objects', () => {
    expect(validateCondition({ and: [booked, { equals: [1, 1] }, { or: [{ log: 'x' }] }] })).toEqual([
      '"equals" is not a condition operator',
      '"log" is not a condition operator',
    ]);
    expect(validateCondition('x == 1')).toEqual(['a condition must be a json-logic object such as { "==": [{ "var": "trigger.x" }, 1] }']);
    expect(validateCondition([booked])).toHaveLength(1);
    expect(validateCondition(3)).toHaveLength(1);
  });

  it('names objects with several operators', () => {
    expect(validateCondition({ '==': [1, 1], '!=': [1, 2] })).toEqual(['a condition part has several operators (==, !=); wrap them in "and" or "or"']);
  });
});
