import { describe, expect, it } from 'vitest';
import { bodySegments, emptyPlaceholders, fitParameters, parameterMismatch, parameterRows, placeholdersOf, setParameter, type TemplateShape } from './template-parameters';

const confirmation: TemplateShape = { parameterFormat: 'positional', parameters: ['1', '2', '3'] };
const named: TemplateShape = { parameterFormat: 'named', parameters: ['first_name', 'date'] };

describe('bodySegments', () => {
  it('splits the seed template body into text and placeholders', () => {
    const segments = bodySegments('Hi {{1}}, your appointment is confirmed for {{2}} at {{3}}.');
    expect(segments.filter((segment) => segment.kind === 'placeholder').map((segment) => segment.text)).toEqual(['{{1}}', '{{2}}', '{{3}}']);
    expect(segments[0]).toEqual({ kind: 'text', text: 'Hi ' });
    expect(segments.at(-1)).toEqual({ kind: 'text', text: '.' });
    expect(segments.map((segment) => segment.text).join('')).toBe('Hi {{1}}, your appointment is confirmed for {{2}} at {{3}}.');
  });

  it('finds placeholders in order, positional ones by number', () => {
    expect(placeholdersOf('{{2}} then {{1}} and {{2}}')).toEqual(['1', '2']);
    expect(placeholdersOf('Hi {{ first_name }}, {{date}}')).toEqual(['first_name', 'date']);
    expect(placeholdersOf('No placeholders')).toEqual([]);
  });
});

describe('parameter mapping', () => {
  it('gives one row per placeholder with the stored value', () => {
    expect(parameterRows(['{{trigger.customer.name}}'], confirmation)).toEqual([
      { placeholder: '1', value: '{{trigger.customer.name}}' },
      { placeholder: '2', value: '' },
      { placeholder: '3', value: '' },
    ]);
    expect(parameterRows({ date: '{{x}}' }, named)).toEqual([
      { placeholder: 'first_name', value: '' },
      { placeholder: 'date', value: '{{x}}' },
    ]);
  });

  it('sets one placeholder, storing a list for positional and an object for named templates', () => {
    expect(setParameter([], confirmation, '2', '{{trigger.variables.appointment_date}}')).toEqual(['', '{{trigger.variables.appointment_date}}', '']);
    expect(setParameter(undefined, named, 'first_name', 'Alex')).toEqual({ first_name: 'Alex', date: '' });
  });

  it('fits stored values to a newly chosen template, keeping them by position or name', () => {
    expect(fitParameters(['a', 'b', 'c', 'd'], confirmation)).toEqual(['a', 'b', 'c']);
    expect(fitParameters(['a'], confirmation)).toEqual(['a', '', '']);
    expect(fitParameters(['a', 'b'], named)).toEqual({ first_name: 'a', date: 'b' });
    expect(fitParameters({ 1: 'x', 3: 'z' }, confirmation)).toEqual(['x', '', 'z']);
  });

  it('flags a count mismatch, and nothing when the values fit', () => {
    expect(parameterMismatch(['a', 'b', 'c'], confirmation)).toBeNull();
    expect(parameterMismatch(['a'], confirmation)).toBe('The template has 3 placeholders but 1 value is set.');
    expect(parameterMismatch([], { parameterFormat: 'positional', parameters: ['1'] })).toBe('The template has 1 placeholder but 0 values are set.');
    expect(parameterMismatch({ first_name: 'a', date: 'b', extra: 'c' }, named)).toBe('The template has no placeholder {{extra}}.');
    expect(parameterMismatch(['a', 'b'], named)).toBe('The template uses named placeholders but the values are stored as a list.');
  });

  it('lists placeholders left empty', () => {
    expect(emptyPlaceholders(['a', ' ', ''], confirmation)).toEqual(['2', '3']);
  });
});
