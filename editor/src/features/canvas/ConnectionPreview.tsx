import { getSmoothStepPath, type ConnectionLineComponentProps } from '@xyflow/react';
import { useEffect } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { connectionProblem } from '../../store/graph-operations';
import { useConnectionHint } from './connection-hint';
import type { StepNode } from './diagram';

/**
 * The line drawn while connecting: accent when the drop would be accepted, red and dashed when
 * `isValidConnection` refuses it, the reason shown over the canvas (`ConnectionHint`).
 */
export function ConnectionPreview({ fromX, fromY, toX, toY, fromPosition, toPosition, connectionStatus, fromNode, fromHandle, toNode, toHandle }: ConnectionLineComponentProps<StepNode>) {
  const [path] = getSmoothStepPath({ sourceX: fromX, sourceY: fromY, targetX: toX, targetY: toY, sourcePosition: fromPosition, targetPosition: toPosition, borderRadius: 12 });
  let reason: string | null = null;
  if (connectionStatus === 'invalid' && toNode) {
    const reversed = fromHandle.type === 'target';
    const source = reversed ? toNode.id : fromNode.id;
    const target = reversed ? fromNode.id : toNode.id;
    const handle = reversed ? toHandle?.id : fromHandle.id;
    reason = connectionProblem(useFlowEditor.getState().graph, describe, source, target, handle);
  }
  useEffect(() => {
    useConnectionHint.setState({ reason });
  }, [reason]);
  useEffect(() => () => useConnectionHint.setState({ reason: null }), []);
  return (
    <g className={`connection-preview${connectionStatus === 'invalid' ? ' is-invalid' : connectionStatus === 'valid' ? ' is-valid' : ''}`}>
      <path d={path} fill="none" />
      <circle cx={toX} cy={toY} r={4} />
    </g>
  );
}
