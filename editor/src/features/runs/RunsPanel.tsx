import { useCallback, useRef } from 'react';
import type { StepOverlay } from '../canvas/diagram';
import { RunDetail } from './RunDetail';
import { RunList } from './RunList';
import './runs.css';

/**
 * The runs of a flow and, when `runId` is set, that run's steps, live. `onOverlays` hands the
 * canvas each node's step status (and a loop's tally) of the open run whenever one changes, and
 * `null` when the run is left (back to the list, another flow, unmount).
 */
export function RunsPanel({ flowId, runId, onOverlays }: { flowId: string; runId?: string; onOverlays?(overlays: Record<string, StepOverlay> | null): void }) {
  // The caller may pass a new function every render; the run view must not restart for that.
  const callback = useRef(onOverlays);
  callback.current = onOverlays;
  const report = useCallback((overlays: Record<string, StepOverlay> | null) => callback.current?.(overlays), []);
  return (
    <section className="runs-panel" aria-label="Runs">
      {runId ? <RunDetail key={runId} flowId={flowId} runId={runId} onOverlays={report} /> : <RunList key={flowId} flowId={flowId} />}
    </section>
  );
}
