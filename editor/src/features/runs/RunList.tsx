import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { RunSummary } from '../../api/types';
import { routeHref } from '../../app/router';
import { Button } from '../../ui/Button';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { bulkActionsFor, bulkOutcome, customerLabel } from './run-actions';
import { mergeRuns } from './run-list-merge';
import { RUN_STATUS_WORDS, isRunUnfinished, runElapsedMs, runListPollDelay } from './run-status';
import { formatDuration, relativeTime } from './time-format';
import { usePolled } from './use-polled';
import { RelativeTime } from './RelativeTime';
import { useNow } from './use-now';

const PAGE_SIZE = 20;

/** The flow's runs, newest first; live while any of them is unfinished. */
export function RunList({ flowId }: { flowId: string }) {
  const [known, setKnown] = useState<RunSummary[]>([]);
  /** The cursor after the oldest page "Load more" fetched; undefined until it was used. */
  const [olderCursor, setOlderCursor] = useState<string | null | undefined>(undefined);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const knownRef = useRef(known);
  knownRef.current = known;

  const head = usePolled(
    () => api.get(`/api/runs?flowId=${encodeURIComponent(flowId)}&limit=${PAGE_SIZE}`),
    [flowId],
    () => runListPollDelay(knownRef.current),
  );

  useEffect(() => {
    if (head.data) setKnown((current) => mergeRuns(current, head.data!.runs));
  }, [head.data]);

  const cursor = olderCursor === undefined ? (head.data?.nextCursor ?? null) : olderCursor;

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get(`/api/runs?flowId=${encodeURIComponent(flowId)}&limit=${PAGE_SIZE}&cursor=${encodeURIComponent(cursor)}`);
      setKnown((current) => mergeRuns(current, page.runs));
      setOlderCursor(page.nextCursor);
    } catch (error) {
      setMoreError(errorMessage(error));
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, flowId]);

  const live = known.some((run) => isRunUnfinished(run.status));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((runId: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });
  }, []);

  return (
    <div className="runs-list-view">
      <header className="runs-header">
        <h2>Runs</h2>
        {live ? (
          <span className="runs-live" title="Refreshing every 2 seconds while runs are under way">
            <span className="runs-live-dot" aria-hidden="true" /> Live
          </span>
        ) : null}
        <Button variant="ghost" className="runs-refresh" onClick={head.reload} aria-label="Refresh runs" title="Refresh">
          ↻
        </Button>
      </header>
      {head.loading ? (
        <Loading label="Loading runs…" />
      ) : head.error && known.length === 0 ? (
        <ErrorState message={head.error} onRetry={head.reload} />
      ) : known.length === 0 ? (
        <EmptyState title="No runs yet">
          A run starts each time this flow's trigger fires — once it is published — or when you test the draft. Every step's input, output and errors show up
          here.
        </EmptyState>
      ) : (
        <>
          {head.error ? (
            <p className="runs-stale" role="status">
              Could not refresh: {head.error}
            </p>
          ) : null}
          <BulkBar runs={known.filter((run) => selected.has(run.id))} onDone={() => {
              setSelected(new Set());
              head.reload();
            }} onClear={() => setSelected(new Set())} />
          <ul className="runs-rows" aria-label="Runs of this flow">
            {known.map((run) => (
              <RunRow key={run.id} run={run} flowId={flowId} selected={selected.has(run.id)} onToggle={toggle} />
            ))}
          </ul>
          {moreError ? <p className="form-error">{moreError}</p> : null}
          {cursor ? (
            <Button className="runs-more" busy={loadingMore} onClick={() => void loadMore()}>
              Load more
            </Button>
          ) : known.length > PAGE_SIZE ? (
            <p className="hint runs-end">That is every run of this flow.</p>
          ) : null}
        </>
      )}
    </div>
  );
}

/**
 * Retry or cancel the selected runs at once (`POST /api/runs/bulk`). Each run succeeds or fails
 * on its own; the failures stay listed with their reason until the next action.
 */
function BulkBar({ runs, onDone, onClear }: { runs: RunSummary[]; onDone(): void; onClear(): void }) {
  const [busy, setBusy] = useState<'retry' | 'cancel' | null>(null);
  const [outcome, setOutcome] = useState<{ summary: string; failures: string[] } | null>(null);
  if (runs.length === 0 && !outcome) return null;
  const applicable = bulkActionsFor(runs);
  const act = async (action: 'retry' | 'cancel') => {
    setBusy(action);
    try {
      const result = await api.post('/api/runs/bulk', { action, runIds: runs.map((run) => run.id) });
      setOutcome(bulkOutcome(action, result));
      onDone();
    } catch (error) {
      setOutcome({ summary: errorMessage(error), failures: [] });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="runs-bulk" role="region" aria-label="Selected runs" data-testid="runs-bulk">
      {runs.length > 0 ? (
        <div className="runs-bulk-actions">
          <strong>{runs.length} selected</strong>
          <Button busy={busy === 'retry'} disabled={busy !== null || applicable.retry === 0} onClick={() => void act('retry')} title="Run the failed or cancelled ones again from their failed step">
            Retry
          </Button>
          <Button variant="danger" busy={busy === 'cancel'} disabled={busy !== null || applicable.cancel === 0} onClick={() => void act('cancel')} title="Stop the unfinished ones">
            Cancel runs
          </Button>
          <button type="button" className="link-button" onClick={onClear}>
            Clear
          </button>
        </div>
      ) : null}
      {outcome ? (
        <div className="runs-bulk-outcome" role="status">
          {outcome.summary}
          {outcome.failures.length > 0 ? (
            <ul className="runs-bulk-failures" data-testid="runs-bulk-failures">
              {outcome.failures.map((failure) => (
                <li key={failure}>{failure}</li>
              ))}
            </ul>
          ) : null}
          <button type="button" className="link-button" onClick={() => setOutcome(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}

function RunRow({ run, flowId, selected, onToggle }: { run: RunSummary; flowId: string; selected: boolean; onToggle(runId: string): void }) {
  useNow(isRunUnfinished(run.status) ? 1000 : 30_000);
  const now = Date.now();
  const started = run.startedAt ?? run.createdAt;
  const elapsed = runElapsedMs(run, now);
  const customer = customerLabel(run.customer);
  const label = `${RUN_STATUS_WORDS[run.status]}${run.isTest ? ' test' : ''} run${customer ? ` for ${customer}` : ''}, started ${relativeTime(started, now)}${elapsed !== null ? `, ${isRunUnfinished(run.status) ? 'going for' : 'took'} ${formatDuration(elapsed)}` : ''}${run.error ? `, ${run.error.code}` : ''}`;
  return (
    <li className="run-row-item">
      <input type="checkbox" className="run-row-check" checked={selected} onChange={() => onToggle(run.id)} aria-label={`Select run ${run.id.slice(0, 8)}`} data-testid="run-select" />
      <a className="run-row" href={routeHref({ page: 'flow', flowId, runId: run.id })} data-testid="run-row" data-run-id={run.id} data-status={run.status} aria-label={label}>
        <span className="run-row-main">
          <StatusBadge status={run.status} />
          {run.isTest ? <span className="badge badge-test">test</span> : null}
          {run.version !== null ? <span className="run-row-version">v{run.version}</span> : null}
          <span className="run-row-time">
            <RelativeTime iso={started} />
          </span>
        </span>
        <span className="run-row-side">
          <span className="run-row-duration">{elapsed !== null ? formatDuration(elapsed) : '—'}</span>
        </span>
        {run.summary || customer ? (
          <span className="run-row-summary" title={run.summary}>
            {run.summary || customer}
          </span>
        ) : null}
        {run.replayOf ? <span className="run-row-replay">replay</span> : null}
        {run.error ? (
          <span className="run-row-error" title={run.error.message}>
            {run.error.code}: {run.error.message}
          </span>
        ) : null}
      </a>
    </li>
  );
}
