import { describe, expect, it } from 'vitest';
import { conditionToRows, rowsToCondition, type ConditionRow } from './condition-rows';
import { evaluateCondition } from './evaluate-condition';

const rows: ConditionRow[] = [
  { field: 'trigger.variables.appointment_booked', operator: 'equals', value: true },
  { field: 'trigger.call.status', operator: 'not_equals', value: 'failed' },
  { field: 'trigger.summary', operator: 'contains', value: 'callback' },
  { field: 'trigger.summary', operator: 'not_contains', value: 'refund' },
  { field: 'trigger.call.durationSeconds', operator: 'greater_than', value: 30 },
  { field: 'trigger.call.durationSeconds', operator: 'less_than', value: 600 },
  { field: 'trigger.variables.interested', operator: 'is_true' },
  { field: 'trigger.variables.opted_out', operator: 'is_false' },
  { field: 'trigger.customer.email', operator: 'is_not_empty' },
  { field: 'trigger.variables.complaint', operator: 'is_empty' },
  { field: 'trigger.metadata.lead_source', operator: 'equals' },
];

const matching = {
  trigger: {
    call: { status: 'completed', durationSeconds: 125 },
    variables: { appointment_booked: true, interested: true, opted_out: false, complaint: '' },
    customer: { email: 'alex@example.com' },
    summary: 'wants a callback',
    metadata: {},
  },
};

describe('condition rows', () => {
  it('stores a single row inside and, with the field as a var', () => {
    expect(rowsToCondition([rows[0]])).toEqual({ and: [{ '==': [{ var: 'trigger.variables.appointment_booked' }, true] }] });
  });

  it('stores no rows as no condition', () => {
    expect(rowsToCondition([])).toBeNull();
    expect(conditionToRows(null)).toEqual([]);
    expect(conditionToRows({})).toEqual([]);
  });

  it('round-trips every operator exactly, keeping value types', () => {
    const rule = rowsToCondition(rows);
    expect(conditionToRows(rule)).toEqual(rows);
    expect(conditionToRows(JSON.parse(JSON.stringify(rule)))).toEqual(rows);
    expect(conditionToRows(rowsToCondition([{ field: 'x', operator: 'equals', value: 'true' }]))).toEqual([{ field: 'x', operator: 'equals', value: 'true' }]);
  });

  it('keeps typed values, so "true" typed as text does not match boolean true', () => {
    const context = { trigger: { variables: { appointment_booked: true } } };
    expect(evaluateCondition(rowsToCondition([{ field: 'trigger.variables.appointment_booked', operator: 'equals', value: true }]), context)).toBe(true);
    expect(evaluateCondition(rowsToCondition([{ field: 'trigger.variables.appointment_booked', operator: 'equals', value: 'true' }]), context)).toBe(false);
  });

  it('evaluates the built rule as the rows say', () => {
    const rule = rowsToCondition(rows.slice(0, 10));
    expect(evaluateCondition(rule, matching)).toBe(true);
    const unhappy = JSON.parse(JSON.stringify(matching));
    unhappy.trigger.variables.opted_out = true;
    expect(evaluateCondition(rule, unhappy)).toBe(false);
    const noEmail = JSON.parse(JSON.stringify(matching)) as { trigger: { customer: Record<string, unknown> } };
    delete noEmail.trigger.customer.email;
    expect(evaluateCondition(rule, noEmail)).toBe(false);
    expect(evaluateCondition(rowsToCondition([{ field: 'trigger.variables.interested', operator: 'is_true' }]), { trigger: { variables: { interested: 'yes' } } })).toBe(false);
  });

  it('reads the seed condition, written without and, as one row', () => {
    expect(conditionToRows({ '==': [{ var: 'trigger.variables.appointment_booked' }, true] })).toEqual([
      { field: 'trigger.variables.appointment_booked', operator: 'equals', value: true },
    ]);
  });

  it('gives null for rules the builder cannot show', () => {
    expect(conditionToRows({ or: [{ '==': [{ var: 'a' }, 1] }] })).toBeNull();
    expect(conditionToRows({ and: [{ '==': [{ var: 'a' }, 1] }, { or: [] }] })).toBeNull();
    expect(conditionToRows({ '==': [1, { var: 'a' }] })).toBeNull();
    expect(conditionToRows({ '==': [{ var: 'a' }, { var: 'b' }] })).toBeNull();
    expect(conditionToRows({ '==': [{ var: 'a' }, [1]] })).toBeNull();
    expect(conditionToRows({ '===': [{ var: 'a' }, 'x'] })).toBeNull();
    expect(conditionToRows({ '!': { var: 'a' } })).toBeNull();
    expect(conditionToRows({ missing: ['a', 'b'] })).toBeNull();
    expect(conditionToRows('a == 1')).toBeNull();
  });
});
