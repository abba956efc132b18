import { connectAiHref } from '../node-config/ai-status';
import type { ReactNode } from 'react';
import type { StepView } from '../../api/types';
import type { StepRepeats } from '../canvas/diagram';
import { StatusBadge } from '../../ui/StatusBadge';
import { modelLine, OFFLINE_EXPLANATION, provenanceSentence, stepProvenance } from './ai-provenance';
import { JsonBlock } from './JsonBlock';
import { LoopTally } from './LoopTally';
import { bodyRunCount, loopIterations, loopProgress, loopSummary } from './loop-iterations';
import { RelativeTime } from './RelativeTime';
import { StepStatusIcon } from './StepStatusIcon';
import { formatDuration } from './time-format';
import { waitOutcome } from './wait-outcome';
import { WaitOutcomeNote } from './WaitOutcomeNote';

const STATUS_HINT: Partial<Record<StepView['status'], string>> = {
  pending: 'Not reached yet.',
  skipped: 'Skipped: the run took another path, or was cancelled before this step.',
  waiting: 'Waiting — for a delay, a reply, a send slot or a retry.',
  running: 'Running now.',
};

interface StepItemProps {
  step: StepView;
  index: number;
  expanded: boolean;
  onToggle(): void;
  /** Makes element ids unique where the same node shows more than once (a loop's iterations). */
  idPrefix?: string;
  testId?: string;
  /** What an empty input means here (a trigger takes none). */
  inputEmptyText?: string;
  /** For a step inside a loop: what its row opens to instead of its (empty) input and output. */
  loopBody?: ReactNode;
  /** For a step inside a loop: how often it ran and failed (the canvas shows the same). */
  repeats?: StepRepeats;
  /** For a loop: its iterations, shown above its input and output. */
  loopPanel?: ReactNode;
  /** What can be done from this step (replay the run from it), under its error. */
  actions?: ReactNode;
}

/** One step of a run: a summary row that opens to its timings, error, input and output. */
export function StepItem({ step, index, expanded, onToggle, idPrefix = 'step', testId = 'step-row', inputEmptyText, loopBody, loopPanel, repeats, actions }: StepItemProps) {
  const bodyId = `${idPrefix}-body-${step.nodeId}`;
  const hasDetails = step.status !== 'pending';
  const ai = stepProvenance(step.output);
  const model = ai ? modelLine(ai) : null;
  const wait = waitOutcome(step);
  const isLoop = loopIterations(step) !== null;
  const progress = isLoop ? loopProgress(step) : null;
  const summary = progress ? loopSummary(progress) : null;
  const inLoop = bodyRunCount(step) !== null;
  return (
    <li className={`step step-${step.status}${inLoop ? ' step-in-loop' : ''}`} data-testid={testId} data-node-id={step.nodeId} data-status={step.status}>
      <button type="button" className="run-step-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={onToggle}>
        <StepStatusIcon status={step.status} />
        <span className="run-step-title">
          <span className="step-name">
            <span className="step-index">{index + 1}.</span> {step.name}
          </span>
          <span className="step-node-id">
            {step.nodeId}
            {inLoop ? (
              <span className="step-loop-note">
                {' '}
                · in loop <code>{step.loopId}</code>
              </span>
            ) : null}
          </span>
          {inLoop && repeats ? (
            <span className="step-repeat-chips" data-testid="step-repeats">
              <span className="step-repeat-count" title={`Ran for ${repeats.count} item${repeats.count === 1 ? '' : 's'}`}>
                ×{repeats.count}
              </span>
              {repeats.failed > 0 ? <span className="step-repeat-failed">{repeats.failed} failed</span> : null}
            </span>
          ) : null}
          {ai?.offline ? (
            <span className="run-step-ai">
              <span className="run-ai-offline" title={OFFLINE_EXPLANATION} data-testid="step-offline">
                offline AI
              </span>
            </span>
          ) : model ? (
            <span className="run-step-ai run-ai-model" title={ai ? provenanceSentence(ai) : undefined}>
              {model}
            </span>
          ) : null}
        </span>
        <span className="step-side">
          <span className="visually-hidden">Status: </span>
          <span className="step-status-word">{step.status}</span>
          {step.durationMs !== null ? <span className="step-duration">{formatDuration(step.durationMs)}</span> : null}
        </span>
      </button>
      {summary ? (
        <p className="step-loop-line" data-testid="loop-progress">
          <LoopTally parts={summary} />
        </p>
      ) : null}
      {wait && !expanded ? <WaitOutcomeNote outcome={wait} /> : null}
      {step.status === 'failed' && step.error && !expanded ? (
        <p className="step-error-line">
          {step.error.code}: {step.error.message}
        </p>
      ) : null}
      {expanded ? (
        <div className="step-body" id={bodyId}>
          {loopBody ?? (
            <>
              {STATUS_HINT[step.status] && !wait ? <p className="hint">{STATUS_HINT[step.status]}</p> : null}
              {ai ? (
                <p className={ai.offline ? 'run-ai-note run-ai-note-offline' : 'run-ai-note'}>
                  {provenanceSentence(ai)}
                  {ai.offline ? (
                    <>
                      {' '}
                      <a href={connectAiHref()} data-testid="step-connect-ai">
                        Connect an AI model
                      </a>
                    </>
                  ) : null}
                </p>
              ) : null}
              {wait ? <WaitOutcomeNote outcome={wait} detail /> : null}
              {hasDetails ? (
                <dl className="facts">
                  <dt>Status</dt>
                  <dd>
                    <StatusBadge status={step.status} />
                  </dd>
                  <dt>Path taken</dt>
                  <dd>{step.handle ? <code>{step.handle}</code> : <span className="muted">—</span>}</dd>
                  <dt>Attempts</dt>
                  <dd>{step.attempts}</dd>
                  <dt>Started</dt>
                  <dd>
                    <RelativeTime iso={step.startedAt} />
                  </dd>
                  <dt>Finished</dt>
                  <dd>
                    <RelativeTime iso={step.finishedAt} />
                  </dd>
                  <dt>Took</dt>
                  <dd>{formatDuration(step.durationMs)}</dd>
                </dl>
              ) : null}
              {step.warnings.length > 0 ? (
                <div className="step-warnings" role="note">
                  <strong>Warnings</strong>
                  <ul>
                    {step.warnings.map((warning) => (
                      <li key={warning}>{warning}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {step.error ? (
                <div className="run-error" role="note">
                  <div className="run-error-head">
                    <code>{step.error.code}</code>
                    <span className={`badge ${step.error.retryable ? 'badge-waiting' : 'badge-failed'}`}>{step.error.retryable ? 'Retryable' : 'Permanent'}</span>
                  </div>
                  <p>{step.error.message}</p>
                </div>
              ) : null}
              {actions}
              {loopPanel}
              {hasDetails ? (
                <>
                  {/* A loop's input and output hold every item: closed until asked for. */}
                  <JsonBlock label="Input" value={step.input} emptyText={inputEmptyText ?? (index === 0 ? 'triggers take no input' : 'none')} defaultOpen={!isLoop} />
                  <JsonBlock label={isLoop ? 'Output (every item’s result)' : 'Output'} value={step.output} emptyText="none" defaultOpen={!isLoop} />
                </>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </li>
  );
}
