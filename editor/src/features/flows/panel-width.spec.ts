import { describe, expect, it } from 'vitest';
import { clampPanelWidth, draggedWidth, PANEL_DEFAULT, PANEL_MIN, parsePanelWidth } from './panel-width';

describe('settings panel width', () => {
  it('stays within its bounds and leaves the canvas at least 40% of the window', () => {
    expect(clampPanelWidth(100, 1600)).toBe(PANEL_MIN);
    expect(clampPanelWidth(2000, 1600)).toBe(760);
    expect(clampPanelWidth(700, 1000)).toBe(600);
    expect(clampPanelWidth(500, 400)).toBe(PANEL_MIN);
    expect(clampPanelWidth(NaN, 1600)).toBe(PANEL_DEFAULT);
  });

  it('reads what was stored, or the default', () => {
    expect(parsePanelWidth(null)).toBe(PANEL_DEFAULT);
    expect(parsePanelWidth('junk')).toBe(PANEL_DEFAULT);
    expect(parsePanelWidth('512')).toBe(512);
  });

  it('widens when the left edge is dragged to the left', () => {
    expect(draggedWidth(420, 1000, 900, 1600)).toBe(520);
    expect(draggedWidth(420, 1000, 1100, 1600)).toBe(320);
  });
});
