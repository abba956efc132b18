/**
 * The settings panel's width: dragged by its left edge, remembered per browser. The default
 * fits the template picker and a condition row; the bounds keep the canvas usable.
 */
export const PANEL_WIDTH_KEY = 'switchboard.panelWidth';
export const PANEL_DEFAULT = 420;
export const PANEL_MIN = 320;
export const PANEL_MAX = 760;

/** A width within the bounds, and never more than 60% of the window (the canvas keeps the rest). */
export function clampPanelWidth(width: number, viewport: number): number {
  const max = Math.max(PANEL_MIN, Math.min(PANEL_MAX, Math.round(viewport * 0.6)));
  if (!Number.isFinite(width)) return Math.min(PANEL_DEFAULT, max);
  return Math.min(max, Math.max(PANEL_MIN, Math.round(width)));
}

/** The width stored earlier, or the default when none (or something unreadable) is stored. */
export function parsePanelWidth(stored: string | null): number {
  const width = stored === null ? NaN : Number(stored);
  return Number.isFinite(width) && width > 0 ? width : PANEL_DEFAULT;
}

/** The width after dragging the panel's left edge from `startX` to `x`: moving left widens it. */
export function draggedWidth(startWidth: number, startX: number, x: number, viewport: number): number {
  return clampPanelWidth(startWidth + (startX - x), viewport);
}
