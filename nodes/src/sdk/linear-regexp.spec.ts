import { describe, expect, it } from 'vitest';
import { linearRegExp, linearRegExpOrNull, regExpProblem } from './linear-regexp';

describe('linearRegExp', () => {
  it('reads JSON Schema patterns as JavaScript would: unanchored test, \\d, \\u escapes, named groups', () => {
    expect(linearRegExp('^[A-Z]{3}-\\d+$').test('REF-20481')).toBe(true);
    expect(linearRegExp('\\d{6}').test('code 482913!')).toBe(true);
    expect(linearRegExp('^\\d{6}$').test('code 482913!')).toBe(false);
    expect(linearRegExp('^caf\\u00e9$').test('café')).toBe(true);
    expect(linearRegExp('^(?<area>\\d{3})$').test('415')).toBe(true);
    expect(linearRegExp('^\\p{L}+$').test('Zoë')).toBe(true);
  });

  it('answers a pattern that makes a backtracking engine run for ever at once (the test would time out otherwise)', () => {
    expect(linearRegExp('^(a+)+$').test(`${'a'.repeat(50_000)}!`)).toBe(false);
    expect(linearRegExp('^(a|aa)+$').test(`${'a'.repeat(50_000)}!`)).toBe(false);
    expect(linearRegExp('^(a+)+$').test('a'.repeat(50_000))).toBe(true);
  });

  it('refuses backreferences and lookarounds, saying why', () => {
    expect(regExpProblem('^\\d+$')).toBeNull();
    expect(regExpProblem('(a)\\1')).toMatch(/backreference/);
    expect(regExpProblem('^(?=.*\\d)\\w+$')).toMatch(/lookahead or lookbehind/);
    expect(regExpProblem('(?<!x)y')).toMatch(/lookahead or lookbehind/);
    expect(regExpProblem('(unclosed')).toMatch(/not a pattern/);
    expect(linearRegExpOrNull('(a)\\1')).toBeNull();
  });
});
