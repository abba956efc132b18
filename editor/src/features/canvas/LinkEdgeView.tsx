import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useFlowEditor } from '../../store/flow-store';
import type { LinkEdge } from './diagram';
import { Icon } from './Icon';

/**
 * An edge of the flow: a smooth step path, labelled with its handle unless it is `default`,
 * red and dashed for `error`, and a delete button while it is selected.
 */
export const LinkEdgeView = memo(function LinkEdgeView({ id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<LinkEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 12, offset: 24 });
  const kind = data?.kind ?? 'default';
  const className = ['link-path', `link-${kind}`, data?.traversed ? 'is-traversed' : '', data?.problem ? 'has-problem' : ''].filter(Boolean).join(' ');
  const label = data?.label ?? '';
  const showLabel = label !== '' || selected || data?.problem;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={className} interactionWidth={18} />
      {showLabel ? (
        <EdgeLabelRenderer>
          <div
            className={`link-label link-label-${kind}${selected ? ' is-selected' : ''}${data?.problem ? ' has-problem' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={data?.problem ?? undefined}
            data-testid={`edge-label-${id}`}
          >
            {data?.problem ? <Icon name="alert" size={12} /> : null}
            {label ? <span>{label}</span> : null}
            {selected ? (
              <button
                type="button"
                className="link-delete nodrag nopan"
                aria-label={`Delete link from ${source} to ${target}`}
                data-testid={`delete-edge-${id}`}
                onClick={() => useFlowEditor.getState().removeElements([], [id])}
              >
                <Icon name="x" size={12} />
              </button>
            ) : null}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
