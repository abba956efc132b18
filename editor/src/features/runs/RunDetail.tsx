import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { RunView, StepView } from '../../api/types';
import { navigate, routeHref } from '../../app/router';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { connectAiHref } from '../node-config/ai-status';
import { answeredOffline } from './ai-provenance';
import { useResource } from '../../ui/use-resource';
import { CopyButton } from './CopyButton';
import type { StepOverlay } from '../canvas/diagram';
import { initialIteration, loopIterations } from './loop-iterations';
import { LoopBodyNote } from './LoopBodyNote';
import { LoopIterations } from './LoopIterations';
import { RelativeTime } from './RelativeTime';
import { RUN_MESSAGES_LIMIT, RunMessages } from './RunMessages';
import { RUN_STATUS_WORDS, initiallyExpanded, isRunUnfinished, runElapsedMs, runPollDelay, sameOverlays, stepOverlays } from './run-status';
import { StepItem } from './StepItem';
import { formatDuration } from './time-format';
import { useNow } from './use-now';
import { usePolled } from './use-polled';

/**
 * One run, live: fetched every second while it is unfinished, then left alone. Tells the canvas
 * each node's step status (and a loop's tally) whenever it changes, and `null` when the run is left.
 */
export function RunDetail({ flowId, runId, onOverlays }: { flowId: string; runId: string; onOverlays(overlays: Record<string, StepOverlay> | null): void }) {
  const run = usePolled(() => api.get(`/api/runs/${encodeURIComponent(runId)}`), [runId], runPollDelay);
  const unfinished = run.data ? isRunUnfinished(run.data.status) : true;
  const unfinishedRef = useRef(unfinished);
  unfinishedRef.current = unfinished;
  const messages = usePolled(
    () => api.get(`/api/messages?runId=${encodeURIComponent(runId)}&limit=${RUN_MESSAGES_LIMIT}`),
    [runId],
    () => (unfinishedRef.current ? 2_000 : null),
  );

  // Which senders are sandboxes, so their messages link to the simulator (fetched once per run view).
  const connections = useResource(() => api.get('/api/connections'), []);
  const sandboxIds = useMemo(
    () => new Set((connections.data?.connections ?? []).filter((connection) => connection.provider === 'whatsapp.sandbox').map((connection) => connection.id)),
    [connections.data],
  );

  // One last look at the messages once the run is done (its final sends, their statuses).
  const reloadMessages = messages.reload;
  const finishedAt = run.data?.finishedAt ?? null;
  useEffect(() => {
    if (finishedAt && !unfinished) reloadMessages();
  }, [unfinished, finishedAt, reloadMessages]);

  const report = useRef(onOverlays);
  report.current = onOverlays;
  const reported = useRef<Record<string, StepOverlay> | null>(null);
  const overlays = useMemo(() => (run.data ? stepOverlays(run.data) : null), [run.data]);
  useEffect(() => {
    if (!overlays || sameOverlays(reported.current, overlays)) return;
    reported.current = overlays;
    report.current(overlays);
  }, [overlays]);
  useEffect(
    () => () => {
      reported.current = null;
      report.current(null);
    },
    [],
  );

  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  useEffect(() => {
    if (run.data && expanded === null) setExpanded(new Set(initiallyExpanded(run.data)));
  }, [run.data, expanded]);

  // The item each loop shows; until one is chosen, its first failed (or unfinished) item.
  const [chosenItems, setChosenItems] = useState<Record<string, number | null>>({});
  const chooseItem = useCallback((loopId: string, index: number | null) => setChosenItems((current) => ({ ...current, [loopId]: index })), []);
  const showIteration = useCallback(
    (loopId: string, index: number) => {
      chooseItem(loopId, index);
      setExpanded((current) => new Set([...(current ?? []), loopId]));
      // Once the loop is open and shows the item, bring it into view.
      requestAnimationFrame(() => document.querySelector(`[data-testid="iteration-detail"][data-index="${index}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
    },
    [chooseItem],
  );

  const back = (
    <a className="runs-back" href={routeHref({ page: 'flow', flowId })}>
      <span aria-hidden="true">←</span> Back to runs
    </a>
  );

  if (run.loading) {
    return (
      <div className="run-detail">
        {back}
        <Loading label="Loading the run…" />
      </div>
    );
  }
  if (!run.data) {
    return (
      <div className="run-detail">
        {back}
        <ErrorState message={run.error ?? 'The run could not be loaded.'} onRetry={run.reload} />
      </div>
    );
  }

  const data = run.data;
  const failedStep = data.steps.find((step) => step.status === 'failed' && !step.loopId);
  const byNode = new Map<string, StepView>(data.steps.map((step) => [step.nodeId, step]));
  const toggle = (nodeId: string) =>
    setExpanded((current) => {
      const next = new Set(current ?? []);
      if (next.has(nodeId)) next.delete(nodeId);
      else next.add(nodeId);
      return next;
    });

  return (
    <div className="run-detail">
      {back}
      <RunHeader run={data} flowId={flowId} onChanged={run.reload} failedStep={failedStep} />
      {run.error ? (
        <p className="runs-stale" role="status">
          Could not refresh: {run.error}
        </p>
      ) : null}
      {answeredOffline(data) ? (
        <p className="callout callout-warn" role="note" data-testid="run-offline">
          The offline rules answered this run&apos;s AI steps: no AI model is connected, so replies and decisions follow fixed rules. <a href={connectAiHref()}>Connect an AI model</a>
        </p>
      ) : null}
      <section className="run-section" aria-labelledby="run-steps-heading">
        <div className="run-section-head">
          <h3 id="run-steps-heading">Steps ({data.steps.length})</h3>
          <button
            type="button"
            className="link-button small"
            onClick={() => setExpanded((current) => (current && current.size === data.steps.length ? new Set() : new Set(data.steps.map((step) => step.nodeId))))}
          >
            {expanded && expanded.size === data.steps.length ? 'Collapse all' : 'Expand all'}
          </button>
        </div>
        <ol className="steps" aria-label="Steps">
          {data.steps.map((step, index) => {
            const iterations = loopIterations(step);
            const loop = step.loopId ? byNode.get(step.loopId) : undefined;
            return (
              <StepItem
                key={step.nodeId}
                step={step}
                index={index}
                expanded={expanded?.has(step.nodeId) ?? false}
                onToggle={() => toggle(step.nodeId)}
                repeats={overlays?.[step.nodeId]?.repeats}
                // A finished run replays from any step after the trigger that ran, but not from inside a loop (the engine refuses those).
                actions={index === 0 || step.loopId || step.status === 'pending' || isRunUnfinished(data.status) ? undefined : <ReplayButton run={data} flowId={flowId} step={step} />}
                loopPanel={
                  iterations ? (
                    <LoopIterations
                      loop={step}
                      iterations={iterations}
                      selected={step.nodeId in chosenItems ? chosenItems[step.nodeId]! : initialIteration(iterations)}
                      onSelect={(item) => chooseItem(step.nodeId, item)}
                    />
                  ) : undefined
                }
                loopBody={
                  step.loopId ? (
                    <LoopBodyNote step={step} loopName={loop?.name ?? step.loopId} iterations={(loop && loopIterations(loop)) ?? []} onShowIteration={(item) => showIteration(step.loopId!, item)} />
                  ) : undefined
                }
              />
            );
          })}
        </ol>
      </section>
      <RunMessages messages={messages.data?.messages} error={messages.error} sandboxIds={sandboxIds} />
    </div>
  );
}

/**
 * Runs the flow again from `step` (`POST /api/runs/:id/replay`) with this run's event and the
 * outputs of the steps before it, then opens the new run. For a failed run after a fix: no
 * need to send the event again.
 */
function ReplayButton({ run, flowId, step, variant = 'secondary' }: { run: RunView; flowId: string; step: StepView; variant?: 'primary' | 'secondary' }) {
  const cannotReplay = useRefusal('POST', '/api/runs/:id/replay', 'replay runs');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replay = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.post(`/api/runs/${encodeURIComponent(run.id)}/replay`, { fromStep: step.nodeId });
      navigate({ page: 'flow', flowId, runId: result.runId });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="run-replay">
      <Button variant={variant} busy={busy} disabled={Boolean(cannotReplay)} title={cannotReplay ?? 'Run the flow again from this step, with this run’s event and the earlier steps’ outputs'} onClick={() => void replay()} data-testid="replay-step">
        Replay from {step.name}
      </Button>
      <FormError message={error} />
    </div>
  );
}

/** "Replay of 1a2b3c4d" and "Replays: …": the runs this one is a replay of and was replayed as. */
function ReplayLinks({ run, flowId }: { run: RunView; flowId: string }) {
  if (!run.replayOf && run.replays.length === 0) return null;
  const link = (runId: string) => (
    <a key={runId} href={routeHref({ page: 'flow', flowId, runId })} title={runId}>
      <code>{runId.slice(0, 8)}</code>
    </a>
  );
  return (
    <p className="run-replay-links" data-testid="replay-links">
      {run.replayOf ? <span>Replay of {link(run.replayOf)}</span> : null}
      {run.replayOf && run.replays.length > 0 ? ' · ' : null}
      {run.replays.length > 0 ? (
        <span>
          Replays:{' '}
          {run.replays.map((runId, index) => (
            <span key={runId}>
              {index > 0 ? ', ' : null}
              {link(runId)}
            </span>
          ))}
        </span>
      ) : null}
    </p>
  );
}

function RunHeader({ run, flowId, onChanged, failedStep }: { run: RunView; flowId: string; onChanged(): void; failedStep?: StepView }) {
  const cannotRetry = useRefusal('POST', '/api/runs/:id/retry', 'retry runs');
  const cannotCancel = useRefusal('POST', '/api/runs/:id/cancel', 'cancel runs');
  const unfinished = isRunUnfinished(run.status);
  useNow(unfinished ? 1000 : 30_000);
  const now = Date.now();
  const [busy, setBusy] = useState<'retry' | 'cancel' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const act = async (action: 'retry' | 'cancel') => {
    setBusy(action);
    setActionError(null);
    try {
      await api.post(`/api/runs/${encodeURIComponent(run.id)}/${action}`);
      setConfirmCancel(false);
      onChanged();
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="run-head" aria-label="Run summary">
      <div className="run-title">
        <h2>
          Run <span className="visually-hidden">status: </span>
          <span data-testid="run-status" data-status={run.status}>
            <StatusBadge status={run.status} />
          </span>
          {run.isTest ? <span className="badge badge-test">test</span> : null}
        </h2>
        <span className="run-id">
          <code title={run.id}>{run.id.slice(0, 8)}</code>
          <CopyButton text={run.id} label="Copy run id" className="copy-compact" />
        </span>
      </div>
      <ReplayLinks run={run} flowId={flowId} />
      {unfinished ? (
        <p className="run-live" role="status">
          <span className="runs-live-dot" aria-hidden="true" /> {RUN_STATUS_WORDS[run.status]} — updating every second
        </p>
      ) : null}
      <dl className="facts">
        <dt>Event</dt>
        <dd>
          {run.event ? (
            <>
              <code>{run.event.type}</code> <span className="muted small" title={run.event.id}>{run.event.id}</span>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>Version</dt>
        <dd>{run.version !== null ? `v${run.version}` : run.isTest ? 'Draft (test)' : '—'}</dd>
        <dt>Started</dt>
        <dd>
          <RelativeTime iso={run.startedAt ?? run.createdAt} />
        </dd>
        <dt>Finished</dt>
        <dd>{run.finishedAt ? <RelativeTime iso={run.finishedAt} /> : <span className="muted">not yet</span>}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(runElapsedMs(run, now))}</dd>
      </dl>
      {run.error ? (
        <div className="run-error" role="note">
          <div className="run-error-head">
            <code>{run.error.code}</code>
            <span className={`badge ${run.error.retryable ? 'badge-waiting' : 'badge-failed'}`}>{run.error.retryable ? 'Retryable' : 'Permanent'}</span>
          </div>
          <p>{run.error.message}</p>
        </div>
      ) : null}
      {run.status === 'failed' || unfinished ? (
        <div className="run-actions">
          {run.status === 'failed' ? (
            <Button
              variant="primary"
              busy={busy === 'retry'}
              onClick={() => void act('retry')}
              disabled={Boolean(cannotRetry)}
              title={cannotRetry ?? 'Run the failed steps again; finished steps keep their results and are not repeated'}
            >
              Retry
            </Button>
          ) : null}
          {run.status === 'failed' && failedStep ? <ReplayButton run={run} flowId={flowId} step={failedStep} /> : null}
          {unfinished ? (
            <Button variant="danger" busy={busy === 'cancel'} onClick={() => setConfirmCancel(true)} disabled={Boolean(cannotCancel)} title={cannotCancel}>
              Cancel run
            </Button>
          ) : null}
        </div>
      ) : null}
      <FormError message={actionError} />
      <Dialog
        open={confirmCancel}
        title="Cancel this run?"
        onClose={() => setConfirmCancel(false)}
        footer={
          <>
            <Button onClick={() => setConfirmCancel(false)}>Keep running</Button>
            <Button variant="danger" busy={busy === 'cancel'} onClick={() => void act('cancel')}>
              Cancel run
            </Button>
          </>
        }
      >
        <p>Steps that have not run yet are skipped, and waits (delays, replies) are dropped. Messages already sent stay sent.</p>
      </Dialog>
    </section>
  );
}
