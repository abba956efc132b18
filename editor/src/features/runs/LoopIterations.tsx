import { useState } from 'react';
import type { LoopIteration, StepView } from '../../api/types';
import { IterationDetail } from './IterationDetail';
import { IterationList } from './IterationList';
import { filterIterations, loopProgress, progressParts, type IterationFilter } from './loop-iterations';
import { LoopTally } from './LoopTally';

/**
 * A loop step's iterations: how many succeeded and failed, a filter to the failed (or unfinished)
 * ones, the list of items, and the chosen item's steps. The choice lives with the run view, so a
 * step of the loop's body can point at the item it failed for.
 */
export function LoopIterations({ loop, iterations, selected, onSelect }: { loop: StepView; iterations: LoopIteration[]; selected: number | null; onSelect(index: number | null): void }) {
  const [filter, setFilter] = useState<IterationFilter>('all');
  const progress = loopProgress(loop);
  const unfinished = progress.running + progress.waiting;
  // A filter that empties (the last failed item retried, the run finished) falls back to all.
  const active: IterationFilter = (filter === 'failed' && progress.failed === 0) || (filter === 'unfinished' && unfinished === 0) ? 'all' : filter;
  const shown = filterIterations(iterations, active);
  const chosen = selected === null ? null : (iterations.find((iteration) => iteration.index === selected) ?? null);
  const position = chosen ? shown.findIndex((iteration) => iteration.index === chosen.index) : -1;
  const step = (delta: number) => {
    const next = shown[position + delta];
    if (next) onSelect(next.index);
  };

  const filters: Array<{ key: IterationFilter; label: string; count: number }> = [
    { key: 'all', label: 'All', count: iterations.length },
    { key: 'failed', label: 'Failed', count: progress.failed },
    ...(unfinished > 0 ? [{ key: 'unfinished' as const, label: 'Under way', count: unfinished }] : []),
  ];

  return (
    <section className="loop-iterations" aria-label={`Iterations of ${loop.name}`} data-testid="loop-iterations">
      <div className="loop-iterations-head">
        <h4>Iterations</h4>
        <p className="loop-iterations-tally" data-testid="loop-tally">
          <LoopTally parts={progressParts(progress)} />
        </p>
      </div>
      {iterations.length === 0 ? (
        <p className="hint">{progress.total === 0 ? 'The list was empty, so no item ran.' : 'No item has started yet.'}</p>
      ) : (
        <>
          <div className="loop-filter" role="group" aria-label="Show iterations">
            {filters.map((option) => (
              <button
                key={option.key}
                type="button"
                className={`loop-filter-option loop-filter-${option.key}${active === option.key ? ' is-active' : ''}`}
                aria-pressed={active === option.key}
                disabled={option.count === 0 && option.key !== 'all'}
                onClick={() => {
                  setFilter(option.key);
                  // Show the first of the filtered items right away, unless the chosen one is among them.
                  const list = filterIterations(iterations, option.key);
                  if (list.length > 0 && !list.some((iteration) => iteration.index === selected)) onSelect(list[0]!.index);
                }}
                data-testid={`loop-filter-${option.key}`}
              >
                {option.label} <span className="loop-filter-count">{option.count}</span>
              </button>
            ))}
          </div>
          <IterationList iterations={shown} selected={selected} onSelect={onSelect} label={`Items of ${loop.name}${active === 'all' ? '' : active === 'failed' ? ', failed only' : ', under way only'}`} />
          {chosen ? (
            <>
              <div className="iter-nav">
                <button type="button" className="link-button small" onClick={() => step(-1)} disabled={position <= 0}>
                  ← Previous
                </button>
                <span className="muted small">
                  {position >= 0 ? `${position + 1} of ${shown.length}${active === 'failed' ? ' failed' : active === 'unfinished' ? ' under way' : ''}` : 'not in this filter'}
                </span>
                <button type="button" className="link-button small" onClick={() => step(1)} disabled={position < 0 || position >= shown.length - 1}>
                  Next →
                </button>
              </div>
              <IterationDetail key={chosen.index} loopId={loop.nodeId} iteration={chosen} total={progress.total} />
            </>
          ) : (
            <p className="hint">Choose an item to see its steps, with their input, output and errors.</p>
          )}
        </>
      )}
    </section>
  );
}
