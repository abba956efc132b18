import { useState } from 'react';
import type { LoopIteration } from '../../api/types';
import { StatusBadge } from '../../ui/StatusBadge';
import { JsonBlock } from './JsonBlock';
import { initiallyOpenSteps } from './loop-iterations';
import { StepItem } from './StepItem';

/**
 * One item's pass through the loop: the item, and the body's steps as they ran for it, each
 * opening to its input, output and error like the run's own steps. Keyed by the item's index by
 * its parent, so choosing another item starts from that item's own open steps.
 */
export function IterationDetail({ loopId, iteration, total }: { loopId: string; iteration: LoopIteration; total: number | null }) {
  const [open, setOpen] = useState(() => initiallyOpenSteps(iteration));
  const toggle = (nodeId: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(nodeId)) next.delete(nodeId);
      else next.add(nodeId);
      return next;
    });
  return (
    <section className={`iter-detail iter-detail-${iteration.status}`} aria-label={`Item ${iteration.index} of the loop ${loopId}`} data-testid="iteration-detail" data-index={iteration.index}>
      <header className="iter-detail-head">
        <h4>
          Item #{iteration.index}
          {total !== null ? <span className="muted"> of {total}</span> : null}
        </h4>
        <StatusBadge status={iteration.status} />
      </header>
      <JsonBlock label="Item" value={iteration.item} emptyText="null" />
      <ol className="steps iter-steps" aria-label={`Steps for item ${iteration.index}`}>
        {iteration.steps.map((step, index) => (
          <StepItem
            key={step.nodeId}
            step={step}
            index={index}
            expanded={open.has(step.nodeId)}
            onToggle={() => toggle(step.nodeId)}
            idPrefix={`iteration-${loopId}-${iteration.index}`}
            testId="iteration-step"
            inputEmptyText="none"
          />
        ))}
      </ol>
    </section>
  );
}
