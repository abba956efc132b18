import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { atDesignTime, condition, isTemplate, phone, templated } from './fields';

const issues = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};
const designIssues = (schema: z.ZodType, value: unknown) => atDesignTime(() => issues(schema, value));

describe('isTemplate', () => {
  it('reads a megabyte of braces at once, as the pattern it replaces would answer', () => {
    expect(isTemplate('{'.repeat(1 << 20))).toBe(false);
    expect(isTemplate(`${'{'.repeat(1 << 20)}}}`)).toBe(true);
    expect(isTemplate(`}}${'{{ '.repeat(1 << 18)}`)).toBe(false);
    expect(isTemplate('{{}}')).toBe(true);
    expect(isTemplate('{}}')).toBe(false);
  });

  it('tells a {{ }} expression from plain text', () => {
    expect(isTemplate('{{trigger.customer.phone}}')).toBe(true);
    expect(isTemplate('Hi {{ customer_name }}!')).toBe(true);
    expect(isTemplate('+14155551234')).toBe(false);
    expect(isTemplate(5)).toBe(false);
  });
});

describe('templated.number', () => {
  const amount = templated.number('Amount', { min: 1, max: 10, int: true });

  it('takes a number, and a numeric string as rendered', () => {
    expect(amount.parse(5)).toBe(5);
    expect(amount.parse(' 7 ')).toBe(7);
  });

  it('checks the bounds of a rendered numeric string too', () => {
    expect(issues(amount, '11')).toHaveLength(1);
    expect(issues(amount, 0)).toHaveLength(1);
  });

  it('accepts a template at design time only', () => {
    expect(designIssues(amount, '{{trigger.variables.count}}')).toEqual([]);
    expect(issues(amount, '{{trigger.variables.count}}')).toEqual(['"{{trigger.variables.count}}" did not render to a number']);
  });

  it('refuses a rendered megabyte of digits at once (the old pattern split the run every way)', () => {
    expect(issues(amount, `${'1'.repeat(1 << 20)}x`)).toEqual(['Enter a whole number or a {{ }} variable']);
    expect(issues(amount, ` 1.${'0'.repeat(1 << 20)} `)).toEqual([]);
  });

  it('refuses text that is neither, in both moments', () => {
    expect(issues(amount, 'five')).toEqual(['Enter a whole number or a {{ }} variable']);
    expect(designIssues(amount, 'five')).toEqual(['Enter a whole number or a {{ }} variable']);
    expect(issues(amount, true)).toEqual(['Enter a whole number or a {{ }} variable']);
  });
});

describe('templated.enum', () => {
  const unit = templated.enum(['minutes', 'hours'], 'Unit');

  it('takes a choice, and a template only at design time', () => {
    expect(unit.parse('hours')).toBe('hours');
    expect(designIssues(unit, '{{trigger.unit}}')).toEqual([]);
    expect(issues(unit, '{{trigger.unit}}')).toEqual(['"{{trigger.unit}}" did not render to one of minutes, hours']);
    expect(issues(unit, 'weeks')).toEqual(['Choose one of minutes, hours']);
  });
});

describe('templated.dateTime', () => {
  const until = templated.dateTime('Until');

  it('needs a time zone so the moment is unambiguous', () => {
    expect(issues(until, '2026-11-25T10:30:00Z')).toEqual([]);
    expect(issues(until, '2026-11-25T10:30:00+05:30')).toEqual([]);
    expect(issues(until, '2026-11-25T10:30:00')).toHaveLength(1);
    expect(issues(until, 'next tuesday')).toHaveLength(1);
  });

  it('accepts a template at design time only', () => {
    expect(designIssues(until, '{{trigger.variables.reminder_at}}')).toEqual([]);
    expect(issues(until, '{{trigger.variables.reminder_at}}')).toHaveLength(1);
  });
});

describe('templated.string', () => {
  const required = templated.string('Message', { required: true });

  it('must be filled in at design time, but may render empty', () => {
    expect(designIssues(required, '  ')).toEqual(['This field is required']);
    expect(issues(required, '')).toEqual([]);
  });

  it('reports a broken template at design time', () => {
    expect(designIssues(templated.string('Text'), 'Hi {{customer_name')).toHaveLength(1);
    expect(designIssues(templated.string('Text'), 'Hi {{customer_name}}')).toEqual([]);
  });
});

describe('phone', () => {
  it('is required at design time and checked by the node at run time', () => {
    const to = phone('To');
    expect(designIssues(to, '')).toEqual(['Enter a phone number or a {{ }} variable']);
    expect(designIssues(to, '{{trigger.customer.phone}}')).toEqual([]);
    expect(issues(to, '')).toEqual([]);
  });
});

describe('condition', () => {
  it('accepts json-logic, and no condition unless required', () => {
    const optional = z.object({ when: condition('When').optional() });
    expect(optional.parse({}).when).toBeUndefined();
    expect(optional.parse({ when: null }).when).toBeNull();
    expect(optional.parse({ when: { '==': [{ var: 'trigger.connected' }, true] } }).when).toEqual({ '==': [{ var: 'trigger.connected' }, true] });
    expect(issues(condition('When', { required: true }), {})).toEqual(['Add a condition']);
  });

  it('reports what shared validation finds', () => {
    expect(issues(condition('When'), { method: ['x', 'toString'] })).toEqual(['"method" is not a condition operator']);
  });
});
