import { describe, expect, it } from 'vitest';
import { rowsToCondition } from './condition-rows';
import { describeComparisons, explainCondition } from './explain-condition';

const context = { trigger: { connected: false, variables: { appointment_booked: false, score: 3 }, summary: 'Call me back tomorrow' } };

describe('explainCondition', () => {
  it('lists each row of the builder with the value it met', () => {
    const rule = rowsToCondition([
      { field: 'trigger.variables.appointment_booked', operator: 'equals', value: true },
      { field: 'trigger.variables.score', operator: 'greater_than', value: 2 },
      { field: 'trigger.summary', operator: 'contains', value: 'callback' },
      { field: 'trigger.variables.missing', operator: 'is_not_empty' },
      { field: 'trigger.connected', operator: 'is_true' },
    ]);
    expect(explainCondition(rule, context)).toEqual([
      { variable: 'trigger.variables.appointment_booked', operator: 'equals', expected: true, actual: false, holds: false },
      { variable: 'trigger.variables.score', operator: 'greater_than', expected: 2, actual: 3, holds: true },
      { variable: 'trigger.summary', operator: 'contains', expected: 'callback', actual: 'Call me back tomorrow', holds: false },
      { variable: 'trigger.variables.missing', operator: 'is_not_empty', actual: null, holds: false },
      { variable: 'trigger.connected', operator: 'is_true', actual: false, holds: false },
    ]);
  });

  it('reads a literal on the left as the mirrored comparison and walks or', () => {
    const rule = { or: [{ '<': [5, { var: 'trigger.variables.score' }] }, { var: 'trigger.connected' }] };
    expect(explainCondition(rule, context)).toEqual([
      { variable: 'trigger.variables.score', operator: 'greater_than', expected: 5, actual: 3, holds: false },
      { variable: 'trigger.connected', operator: 'is_truthy', actual: false, holds: false },
    ]);
  });

  it('says in one line what did not hold', () => {
    const rule = rowsToCondition([{ field: 'trigger.variables.appointment_booked', operator: 'equals', value: true }, { field: 'trigger.variables.score', operator: 'less_than', value: 5 }]);
    expect(describeComparisons(explainCondition(rule, context))).toBe('trigger.variables.appointment_booked equals true (was false)');
  });

  it('never throws on rules it cannot read', () => {
    expect(explainCondition({ method: ['x', 'toString'] }, context)).toEqual([]);
    expect(explainCondition(null, context)).toEqual([]);
  });
});
