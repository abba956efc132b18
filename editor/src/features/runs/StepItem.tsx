import type { StepView } from '../../api/types';
import { StatusBadge } from '../../ui/StatusBadge';
import { modelLine, OFFLINE_EXPLANATION, provenanceSentence, stepProvenance } from './ai-provenance';
import { JsonBlock } from './JsonBlock';
import { RelativeTime } from './RelativeTime';
import { StepStatusIcon } from './StepStatusIcon';
import { formatDuration } from './time-format';

const STATUS_HINT: Partial<Record<StepView['status'], string>> = {
  pending: 'Not reached yet.',
  skipped: 'Skipped: the run took another path, or was cancelled before this step.',
  waiting: 'Waiting — for a delay, a reply, a send slot or a retry.',
  running: 'Running now.',
};

/** One step of a run: a summary row that opens to its timings, error, input and output. */
export function StepItem({ step, index, expanded, onToggle }: { step: StepView; index: number; expanded: boolean; onToggle(): void }) {
  const bodyId = `step-body-${step.nodeId}`;
  const hasDetails = step.status !== 'pending';
  const ai = stepProvenance(step.output);
  const model = ai ? modelLine(ai) : null;
  return (
    <li className={`step step-${step.status}`} data-testid="step-row" data-node-id={step.nodeId} data-status={step.status}>
      <button type="button" className="run-step-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={onToggle}>
        <StepStatusIcon status={step.status} />
        <span className="run-step-title">
          <span className="step-name">
            <span className="step-index">{index + 1}.</span> {step.name}
          </span>
          <span className="step-node-id">{step.nodeId}</span>
          {ai?.offline ? (
            <span className="run-step-ai">
              <span className="run-ai-offline" title={OFFLINE_EXPLANATION} data-testid="step-offline">
                offline
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
      {step.status === 'failed' && step.error && !expanded ? <p className="step-error-line">{step.error.code}: {step.error.message}</p> : null}
      {expanded ? (
        <div className="step-body" id={bodyId}>
          {STATUS_HINT[step.status] ? <p className="hint">{STATUS_HINT[step.status]}</p> : null}
          {ai ? <p className={ai.offline ? 'run-ai-note run-ai-note-offline' : 'run-ai-note'}>{provenanceSentence(ai)}</p> : null}
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
          {hasDetails ? (
            <>
              <JsonBlock label="Input" value={step.input} emptyText={index === 0 ? 'triggers take no input' : 'none'} />
              <JsonBlock label="Output" value={step.output} emptyText="none" />
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
