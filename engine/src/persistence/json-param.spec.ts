import { describe, expect, it } from 'vitest';
import { capValue, jsonParam, jsonRowsParam, storableText } from './json-param';

describe('storable JSON parameters', () => {
  it('replaces NULs and lone surrogates in strings and keys, and keeps valid pairs', () => {
    const value = { 'k\u0000ey': ['a\u0000b', 'lone \ud800 high', 'lone \udc00 low', 'pair 😀', { nested: 'x\udbffy' }] };
    const parsed = JSON.parse(jsonParam(value));
    expect(parsed).toEqual({ 'k\uFFFDey': ['a\uFFFDb', 'lone \uFFFD high', 'lone \uFFFD low', 'pair 😀', { nested: 'x\uFFFDy' }] });
    expect(jsonParam(value)).not.toMatch(/\\u(0000|d[89a-f])/i);
  });

  it('returns the plain JSON when nothing needs replacing, a literal backslash-u text included', () => {
    const value = { text: 'a \\ud800 in a regex', date: new Date('2026-01-01T00:00:00Z') };
    expect(jsonParam(value)).toBe(JSON.stringify(value));
    expect(storableText('plain')).toBe('plain');
  });

  it('keeps a row small and clean as it is, and cuts only the capped fields of a large one, with a warning', () => {
    const small = { id: 1, output: { ok: true }, warnings: null };
    expect(jsonRowsParam([small], { capped: ['output'], maxChars: 1000, warningsField: 'warnings' })).toBe(`[${JSON.stringify(small)}]`);

    const big = { id: 2, output: { body: 'x'.repeat(5000), status: 200 }, warnings: ['an earlier warning'] };
    const [row] = JSON.parse(jsonRowsParam([big], { capped: ['output'], maxChars: 1000, warningsField: 'warnings' }));
    expect(JSON.stringify(row.output).length).toBeLessThanOrEqual(1000);
    expect(row.output.status).toBe(200);
    expect(row.output.body).toMatch(/^x+… \[truncated: \d+ of 5000 characters cut\]$/);
    expect(row.warnings[0]).toBe('an earlier warning');
    expect(row.warnings[1]).toMatch(/^stored truncated to 1000 characters: output \(\d+ characters of JSON, \d+ cut\)$/);
  });

  it('cuts the longest strings first and leaves short ones whole', () => {
    const capped = capValue({ a: 'a'.repeat(3000), b: 'b'.repeat(3000), c: 'short' }, 2000);
    const value = capped.value as Record<string, string>;
    expect(JSON.stringify(value).length).toBeLessThanOrEqual(2000);
    expect(value.c).toBe('short');
    expect(value.a).toContain('[truncated:');
    expect(value.b).toContain('[truncated:');
    expect(capped.cutChars).toBeGreaterThan(0);
  });

  it('summarises a value whose structure alone is over the cap', () => {
    const capped = capValue(Array.from({ length: 2000 }, (_, i) => i), 1000);
    expect(capped.value).toMatchObject({ truncated: true, note: expect.stringContaining('over the 1000 stored') });
    expect(JSON.stringify(capped.value).length).toBeLessThanOrEqual(1000);
    expect((capped.value as { preview: string }).preview.startsWith('[0,1,2,')).toBe(true);
  });

  it('does not split a surrogate pair where it cuts', () => {
    const capped = capValue({ s: '😀'.repeat(2000) }, 1000);
    expect(jsonParam(capped.value)).not.toMatch(/\\ud[89a-f]/i);
  });
});
