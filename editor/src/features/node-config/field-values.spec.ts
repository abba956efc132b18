import { describe, expect, it } from 'vitest';
import { newItemValue, numberFromText } from './field-values';

describe('numberFromText', () => {
  it('stores numbers as numbers, expressions and mistakes as text, empty as nothing', () => {
    expect(numberFromText('5')).toBe(5);
    expect(numberFromText(' 2.5 ')).toBe(2.5);
    expect(numberFromText('2.')).toBe(2);
    expect(numberFromText('{{trigger.variables.wait}}')).toBe('{{trigger.variables.wait}}');
    expect(numberFromText('five')).toBe('five');
    expect(numberFromText('')).toBeUndefined();
    expect(numberFromText('   ')).toBeUndefined();
  });
});

describe('newItemValue', () => {
  it('starts a new list item from its default, else an empty value of its kind', () => {
    expect(newItemValue({ kind: 'text', name: '', label: 'Tag', required: true, multiline: false, templated: true })).toBe('');
    expect(newItemValue({ kind: 'number', name: '', label: 'N', required: true, integer: true, templated: false })).toBe(0);
    expect(newItemValue({ kind: 'enum', name: '', label: 'U', required: true, templated: false, display: 'select', options: [{ value: 'a', label: 'A' }] })).toBe('a');
    expect(newItemValue({ kind: 'text', name: '', label: 'T', required: true, multiline: false, templated: true, default: 'x' })).toBe('x');
  });
});
