import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { LoopIteration } from '../../api/types';
import { StepStatusIcon } from './StepStatusIcon';
import { itemLabel } from './loop-iterations';
import { scrollToReveal, visibleRows } from './virtual-window';

/** Row height in pixels (also in runs.css, `.iter-row`): the window math needs it fixed. */
export const ITERATION_ROW_HEIGHT = 34;
const MAX_VISIBLE_ROWS = 8;

/**
 * A loop's iterations as a listbox that renders only the rows in view, so 1,000 items cost a
 * dozen rows. Arrow keys, Page Up/Down, Home and End move the choice; the chosen row is scrolled
 * into view.
 */
export function IterationList({ iterations, selected, onSelect, label }: { iterations: LoopIteration[]; selected: number | null; onSelect(index: number): void; label: string }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const viewportHeight = Math.min(iterations.length, MAX_VISIBLE_ROWS) * ITERATION_ROW_HEIGHT;
  const { start, end } = visibleRows({ scrollTop, viewportHeight, rowHeight: ITERATION_ROW_HEIGHT, count: iterations.length });
  const position = selected === null ? -1 : iterations.findIndex((iteration) => iteration.index === selected);

  // Bring the chosen row into view when the choice (or the filter under it) changes, not on every poll.
  const count = iterations.length;
  useEffect(() => {
    const element = box.current;
    if (!element || position < 0) return;
    const next = scrollToReveal({ index: position, scrollTop: element.scrollTop, viewportHeight, rowHeight: ITERATION_ROW_HEIGHT });
    if (next !== element.scrollTop) {
      element.scrollTop = next;
      setScrollTop(next);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, count]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (iterations.length === 0) return;
    const page = MAX_VISIBLE_ROWS - 1;
    const from = position < 0 ? -1 : position;
    const target =
      event.key === 'ArrowDown' ? from + 1 : event.key === 'ArrowUp' ? from - 1 : event.key === 'PageDown' ? from + page : event.key === 'PageUp' ? from - page : event.key === 'Home' ? 0 : event.key === 'End' ? iterations.length - 1 : null;
    if (target === null) return;
    event.preventDefault();
    onSelect(iterations[Math.min(iterations.length - 1, Math.max(0, target))]!.index);
  };

  const rows = iterations.slice(start, end);
  return (
    <div
      ref={box}
      className="iter-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={position >= 0 ? `${id}-${selected}` : undefined}
      style={{ height: viewportHeight }}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      data-testid="iteration-list"
    >
      <div className="iter-list-space" style={{ height: iterations.length * ITERATION_ROW_HEIGHT }}>
        {rows.map((iteration, offset) => (
          <div
            key={iteration.index}
            id={`${id}-${iteration.index}`}
            role="option"
            aria-selected={iteration.index === selected}
            aria-posinset={start + offset + 1}
            aria-setsize={iterations.length}
            className={`iter-row iter-${iteration.status}${iteration.index === selected ? ' is-selected' : ''}`}
            style={{ top: (start + offset) * ITERATION_ROW_HEIGHT }}
            onClick={() => onSelect(iteration.index)}
            data-testid="iteration-row"
            data-index={iteration.index}
            data-status={iteration.status}
          >
            <StepStatusIcon status={iteration.status} />
            <span className="iter-index">#{iteration.index}</span>
            <span className="iter-label" title={itemLabel(iteration.item, 400)}>
              {itemLabel(iteration.item)}
            </span>
            {/* The check mark says it for the common case; the rest stand out in words. */}
            <span className={iteration.status === 'succeeded' ? 'visually-hidden' : 'iter-status'}>{iteration.status}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
