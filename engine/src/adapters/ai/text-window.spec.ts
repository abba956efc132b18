import { describe, expect, it } from 'vitest';
import { HEAD, TAIL, textWindow } from './text-window';

describe('textWindow', () => {
  it('gives a text that fits unchanged', () => {
    const text = 'x'.repeat(HEAD + TAIL);
    expect(textWindow(text)).toBe(text);
  });

  it('keeps whole lines of the head and the tail', () => {
    const line = 'Customer: one line of a long call.\n';
    const text = line.repeat(10_000);
    const window = textWindow(text);
    expect(window.length).toBeLessThanOrEqual(HEAD + TAIL + 1);
    expect(window.length).toBeGreaterThan(HEAD + TAIL - 4 * 1024);
    expect(window.split('\n').every((l) => l === '' || `${l}\n` === line)).toBe(true);
    expect(window.startsWith(line)).toBe(true);
    expect(window.endsWith(line)).toBe(true);
  });

  it('cuts inside a line without splitting a character', () => {
    // Each emoji is two UTF-16 code units; an odd start puts both cuts inside a pair.
    const text = `x${'😀'.repeat(40_000)}`;
    const window = textWindow(text);
    expect(window.length).toBeLessThanOrEqual(HEAD + TAIL + 2);
    expect(window).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
