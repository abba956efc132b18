/**
 * Which rows of a long list of equal-height rows to render: those in view plus `overscan` on
 * each side. A loop's 1,000 iterations then cost a dozen DOM rows, whatever the scroll position.
 *
 * @example visibleRows({ scrollTop: 340, viewportHeight: 320, rowHeight: 34, count: 1000, overscan: 4 }) // { start: 6, end: 24 }
 */
export function visibleRows({ scrollTop, viewportHeight, rowHeight, count, overscan = 4 }: { scrollTop: number; viewportHeight: number; rowHeight: number; count: number; overscan?: number }): { start: number; end: number } {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(Math.max(0, first - overscan), count);
  const end = Math.min(count, last + overscan);
  return { start: Math.min(start, end), end };
}

/**
 * The scroll position that brings row `index` into view, moving as little as possible; the
 * current one when it is already wholly visible.
 */
export function scrollToReveal({ index, scrollTop, viewportHeight, rowHeight }: { index: number; scrollTop: number; viewportHeight: number; rowHeight: number }): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
