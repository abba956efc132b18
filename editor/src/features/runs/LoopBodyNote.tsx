import type { LoopIteration, StepView } from '../../api/types';
import { bodyTally } from './loop-iterations';

/** How many failed items a body step names before "and n more". */
const NAMED_FAILURES = 12;

/**
 * What a step inside a loop opens to: it ran once per item, so its input and output are the
 * items' own; it says how often it ran and for which items it failed, each a link to that item.
 */
export function LoopBodyNote({ step, loopName, iterations, onShowIteration }: { step: StepView; loopName: string; iterations: LoopIteration[]; onShowIteration(index: number): void }) {
  const { ran: runs, failed } = bodyTally(iterations, step.nodeId);
  const first = iterations.find((iteration) => iteration.steps.some((candidate) => candidate.nodeId === step.nodeId && candidate.status !== 'pending' && candidate.status !== 'skipped'));
  return (
    <div className="loop-body-note" data-testid="loop-body-note">
      <p>
        Runs once for every item of the loop <strong>{loopName}</strong> (<code>{step.loopId}</code>)
        {runs > 0 ? (
          <>
            : ran for <strong>{runs}</strong> item{runs === 1 ? '' : 's'}
          </>
        ) : (
          <>: has not run yet</>
        )}
        . Its input and output are each item’s own: choose an item in the loop’s list.
      </p>
      {failed.length > 0 ? (
        <div className="loop-body-failed">
          <p>
            <strong>Failed for {failed.length} item{failed.length === 1 ? '' : 's'}:</strong>
          </p>
          <ul className="loop-body-failures">
            {failed.slice(0, NAMED_FAILURES).map((index) => (
              <li key={index}>
                <button type="button" className="iter-chip" onClick={() => onShowIteration(index)} aria-label={`Show item ${index}, where ${step.nodeId} failed`}>
                  #{index}
                </button>
              </li>
            ))}
            {failed.length > NAMED_FAILURES ? <li className="muted small">and {failed.length - NAMED_FAILURES} more (filter the loop to Failed)</li> : null}
          </ul>
        </div>
      ) : first ? (
        <button type="button" className="link-button small" onClick={() => onShowIteration(first.index)}>
          Show it for item #{first.index}
        </button>
      ) : null}
    </div>
  );
}
