import { describe, expect, it } from 'vitest';
import { conditionOf, draftOf, draftsOf, emptyDraft, readsAsTyped, rowOf, typedValue } from './condition-values';

describe('typedValue', () => {
  it('turns true/false and plain numbers into typed values', () => {
    expect(typedValue('true', false)).toBe(true);
    expect(typedValue('false', false)).toBe(false);
    expect(typedValue('42', false)).toBe(42);
    expect(typedValue('-3.5', false)).toBe(-3.5);
    expect(typedValue('0', false)).toBe(0);
  });

  it('keeps text that only looks like a number, and anything forced to text', () => {
    expect(typedValue('+14155551234', false)).toBe('+14155551234');
    expect(typedValue('007', false)).toBe('007');
    expect(typedValue('1e3', false)).toBe('1e3');
    expect(typedValue('True', false)).toBe('True');
    expect(typedValue('website', false)).toBe('website');
    expect(typedValue('42', true)).toBe('42');
    expect(typedValue('true', true)).toBe('true');
  });

  it('reads an empty value as no value', () => {
    expect(typedValue('', false)).toBeUndefined();
    expect(typedValue('', true)).toBeUndefined();
  });

  it('says when "keep as text" changes anything', () => {
    expect(readsAsTyped('5')).toBe(true);
    expect(readsAsTyped('true')).toBe(true);
    expect(readsAsTyped('five')).toBe(false);
    expect(readsAsTyped('')).toBe(false);
  });
});

describe('drafts and rows', () => {
  it('reads a stored string that looks typed as forced text, and typed values as typed', () => {
    expect(draftOf({ field: 'a', operator: 'equals', value: '5' })).toEqual({ field: 'a', operator: 'equals', text: '5', asText: true });
    expect(draftOf({ field: 'a', operator: 'equals', value: 5 })).toEqual({ field: 'a', operator: 'equals', text: '5', asText: false });
    expect(draftOf({ field: 'a', operator: 'equals', value: true })).toEqual({ field: 'a', operator: 'equals', text: 'true', asText: false });
    expect(draftOf({ field: 'a', operator: 'is_empty' })).toEqual({ field: 'a', operator: 'is_empty', text: '', asText: false });
  });

  it('drops the value of operators that take none, and unfinished rows', () => {
    expect(rowOf({ field: 'trigger.connected', operator: 'is_true', text: 'x', asText: false })).toEqual({ field: 'trigger.connected', operator: 'is_true' });
    expect(rowOf(emptyDraft())).toBeNull();
  });

  it('builds the seed condition: appointment_booked equals true, stored as json-logic and', () => {
    const condition = conditionOf([{ field: 'trigger.variables.appointment_booked', operator: 'equals', text: 'true', asText: false }, emptyDraft()]);
    expect(condition).toEqual({ and: [{ '==': [{ var: 'trigger.variables.appointment_booked' }, true] }] });
    expect(draftsOf(condition)).toEqual([{ field: 'trigger.variables.appointment_booked', operator: 'equals', text: 'true', asText: false }]);
  });

  it('keeps a forced-text value a string through a round trip', () => {
    const condition = conditionOf([{ field: 'trigger.metadata.lead_source', operator: 'equals', text: '5', asText: true }]);
    expect(condition).toEqual({ and: [{ '==': [{ var: 'trigger.metadata.lead_source' }, '5'] }] });
    expect(draftsOf(condition)?.[0]).toMatchObject({ text: '5', asText: true });
  });

  it('has no condition without rows, and no rows for what the builder cannot show', () => {
    expect(conditionOf([])).toBeUndefined();
    expect(conditionOf([emptyDraft()])).toBeUndefined();
    expect(draftsOf(undefined)).toEqual([]);
    expect(draftsOf(null)).toEqual([]);
    expect(draftsOf({ or: [{ '==': [{ var: 'a' }, 1] }, { '==': [{ var: 'b' }, 2] }] })).toBeNull();
  });
});
