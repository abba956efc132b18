import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleRows } from './virtual-window';

describe('visibleRows', () => {
  const list = { viewportHeight: 272, rowHeight: 34, count: 1000, overscan: 2 };

  it('renders the rows in view plus the overscan, not the whole list', () => {
    expect(visibleRows({ ...list, scrollTop: 0 })).toEqual({ start: 0, end: 10 });
    expect(visibleRows({ ...list, scrollTop: 340 })).toEqual({ start: 8, end: 20 });
    const { start, end } = visibleRows({ ...list, scrollTop: 500 * 34 + 17 });
    expect(start).toBe(498);
    expect(end - start).toBeLessThanOrEqual(14);
  });

  it('stops at the ends of the list', () => {
    expect(visibleRows({ ...list, scrollTop: 999 * 34 })).toEqual({ start: 997, end: 1000 });
    expect(visibleRows({ ...list, scrollTop: -50 })).toEqual({ start: 0, end: 10 });
    expect(visibleRows({ ...list, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3 });
    expect(visibleRows({ ...list, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0 });
  });
});

describe('scrollToReveal', () => {
  const view = { viewportHeight: 272, rowHeight: 34 };
  it('leaves a visible row where it is', () => {
    expect(scrollToReveal({ ...view, index: 3, scrollTop: 0 })).toBe(0);
  });
  it('scrolls up to a row above the view and down just enough for a row below it', () => {
    expect(scrollToReveal({ ...view, index: 2, scrollTop: 340 })).toBe(68);
    expect(scrollToReveal({ ...view, index: 20, scrollTop: 0 })).toBe(21 * 34 - 272);
  });
});
