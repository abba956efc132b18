import { useCallback, useRef } from 'react';
import type { StepStatus } from '../../api/types';
import { RunDetail } from './RunDetail';
import { RunList } from './RunList';
import './runs.css';

/**
 * The runs of a flow and, when `runId` is set, that run's steps, live. `onStatuses` hands the
 * canvas each node's step status of the open run whenever one changes, and `null` when the run
 * is left (back to the list, another flow, unmount).
 */
export function RunsPanel({ flowId, runId, onStatuses }: { flowId: string; runId?: string; onStatuses?(statuses: Record<string, StepStatus> | null): void }) {
  // The caller may pass a new function every render; the run view must not restart for that.
  const callback = useRef(onStatuses);
  callback.current = onStatuses;
  const report = useCallback((statuses: Record<string, StepStatus> | null) => callback.current?.(statuses), []);
  return (
    <section className="runs-panel" aria-label="Runs">
      {runId ? <RunDetail key={runId} flowId={flowId} runId={runId} onStatuses={report} /> : <RunList key={flowId} flowId={flowId} />}
    </section>
  );
}
