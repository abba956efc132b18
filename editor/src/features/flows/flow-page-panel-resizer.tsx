import { useCallback, useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { clampPanelWidth, draggedWidth, PANEL_DEFAULT, PANEL_WIDTH_KEY, parsePanelWidth } from './panel-width';

/** The panel's width, read once from localStorage and written back when a drag ends. */
export function usePanelWidth(): [number, (width: number, remember?: boolean) => void] {
  const [width, setWidth] = useState(() => clampPanelWidth(parsePanelWidth(read()), window.innerWidth));
  const update = useCallback((next: number, remember = true) => {
    const clamped = clampPanelWidth(next, window.innerWidth);
    setWidth(clamped);
    if (remember) write(String(clamped));
  }, []);
  // A narrower window narrows the panel with it (not stored: widening the window brings it back).
  useEffect(() => {
    const resized = () => setWidth(clampPanelWidth(parsePanelWidth(read()), window.innerWidth));
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, []);
  return [width, update];
}

/**
 * The settings panel's left edge: drag it (or focus it and use the arrow keys) to resize the
 * panel; a double click goes back to the default width.
 */
export function PanelResizer({ width, onWidth }: { width: number; onWidth(width: number, remember?: boolean): void }) {
  const [drag, setDrag] = useState<{ startX: number; startWidth: number } | null>(null);

  const down = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({ startX: event.clientX, startWidth: width });
  };
  const move = (event: PointerEvent<HTMLDivElement>) => {
    if (drag) onWidth(draggedWidth(drag.startWidth, drag.startX, event.clientX, window.innerWidth), false);
  };
  const up = (event: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    onWidth(draggedWidth(drag.startWidth, drag.startX, event.clientX, window.innerWidth));
    setDrag(null);
  };
  const key = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 64 : 16;
    if (event.key === 'ArrowLeft') onWidth(width + step);
    else if (event.key === 'ArrowRight') onWidth(width - step);
    else return;
    event.preventDefault();
  };

  return (
    <div
      className={`panel-resizer${drag ? ' is-dragging' : ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the settings panel"
      aria-valuenow={width}
      tabIndex={0}
      title="Drag to resize; double-click for the default width"
      data-testid="panel-resizer"
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={() => setDrag(null)}
      onDoubleClick={() => onWidth(PANEL_DEFAULT)}
      onKeyDown={key}
    />
  );
}

function read(): string | null {
  try {
    return window.localStorage.getItem(PANEL_WIDTH_KEY);
  } catch {
    return null;
  }
}

function write(value: string): void {
  try {
    window.localStorage.setItem(PANEL_WIDTH_KEY, value);
  } catch {
    // Private mode: the width lasts for this page only.
  }
}
