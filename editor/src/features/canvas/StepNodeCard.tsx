import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { StatusBadge } from '../../ui/StatusBadge';
import { repeatsText, type HandleView, type StepNode, type StepRepeats } from './diagram';
import { Icon } from './Icon';
import { OFFLINE_EXPLANATION } from '../runs/ai-provenance';
import { connectAiHref } from '../node-config/ai-status';

/**
 * The card of one node on the canvas. A pure function of the data `diagram.ts` derived for it,
 * memoised on that data only: the canvas hands React Flow the same node object while the node
 * is unchanged, so a change elsewhere in a 300-node flow renders only the cards it touched, and
 * selecting (React Flow's `.selected` on the wrapper, styled in CSS) renders no card at all.
 */
export const StepNodeCard = memo(StepNodeCardView, (before, after) => before.data === after.data && before.isConnectable === after.isConnectable);

function StepNodeCardView({ data, isConnectable }: NodeProps<StepNode>) {
  const { nodeId, kind, title, typeTitle, icon, category, summary, handles, hasTarget, problems, status, repeats, offlineAi } = data;
  const className = ['step-card', `step-kind-${kind}`, problems.length > 0 ? 'has-problems' : '', status ? `step-status-${status}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className} data-testid={`node-${nodeId}`} data-category={category} data-status={status ?? undefined}>
      {kind === 'trigger' ? (
        <span className="step-flag" aria-hidden="true">
          <Icon name="zap" size={11} /> Trigger
        </span>
      ) : null}
      {status ? (
        <span className="step-status">
          {repeats ? <Repeats nodeId={nodeId} repeats={repeats} /> : null}
          <span data-testid={`status-${nodeId}`}>
            <StatusBadge status={status} />
          </span>
        </span>
      ) : null}
      {hasTarget ? <Handle type="target" position={Position.Top} isConnectable={isConnectable} className="step-handle step-handle-target" data-testid={`handle-${nodeId}-in`} aria-label={`Input of ${nodeId}`} /> : null}
      <div className="step-head">
        <span className="step-icon">
          <Icon name={icon} size={18} />
        </span>
        <div className="step-titles">
          <span className="step-title">{title}</span>
          <span className="step-id">
            <code>{nodeId}</code>
            {title !== typeTitle ? <span className="step-type"> · {typeTitle}</span> : null}
          </span>
        </div>
        {problems.length > 0 ? <ProblemBadge nodeId={nodeId} problems={problems} /> : null}
      </div>
      <p className="step-summary" title={summary}>
        {summary}
      </p>
      {offlineAi ? (
        <p className="step-offline nodrag" data-testid={`offline-${nodeId}`}>
          <span title={OFFLINE_EXPLANATION}>Offline rules answered, not an AI model.</span>{' '}
          <a href={connectAiHref()}>Connect a model</a>
        </p>
      ) : null}
      {handles.map((handle) => (
        <SourceHandle key={handle.id} nodeId={nodeId} handle={handle} connectable={isConnectable} />
      ))}
    </div>
  );
}

function SourceHandle({ nodeId, handle, connectable }: { nodeId: string; handle: HandleView; connectable: boolean }) {
  const right = handle.side === 'right';
  return (
    <>
      <Handle
        type="source"
        id={handle.id}
        isConnectable={connectable}
        position={right ? Position.Right : Position.Bottom}
        className={`step-handle step-handle-${handle.kind}${handle.connected ? ' is-connected' : ''}`}
        style={{ left: handle.x, top: handle.y, right: 'auto', bottom: 'auto', transform: 'translate(-50%, -50%)' }}
        data-testid={`handle-${nodeId}-${handle.id}`}
        aria-label={handle.label ? `Output "${handle.label}" of ${nodeId}` : `Output of ${nodeId}`}
        title={handle.label || undefined}
      />
      {handle.label ? (
        <span className={`step-handle-label step-handle-label-${handle.kind}${right ? ' is-right' : ''}${handle.connected ? ' is-connected' : ''}`} style={{ left: handle.x, top: handle.y }} aria-hidden="true">
          {handle.label}
        </span>
      ) : null}
    </>
  );
}

/** A loop's tally over its card's status: "×100" runs of a body step (or "100 items" of the loop), and how many failed. */
function Repeats({ nodeId, repeats }: { nodeId: string; repeats: StepRepeats }) {
  return (
    <span className="step-repeats" data-testid={`repeats-${nodeId}`} title={repeatsText(repeats)}>
      <span className="step-repeats-count">{repeats.kind === 'items' ? `${repeats.count} item${repeats.count === 1 ? '' : 's'}` : `×${repeats.count}`}</span>
      {repeats.failed > 0 ? <span className="step-repeats-failed">{repeats.failed} failed</span> : null}
    </span>
  );
}

function ProblemBadge({ nodeId, problems }: { nodeId: string; problems: string[] }) {
  const label = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return (
    <span className="step-problems nodrag" tabIndex={0} role="img" aria-label={`${label}: ${problems.join('; ')}`} data-testid={`problems-${nodeId}`}>
      <Icon name="alert" size={12} />
      {problems.length}
      <span className="step-problems-list" role="presentation">
        <strong>{label}</strong>
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>{problem}</li>
          ))}
        </ul>
      </span>
    </span>
  );
}
