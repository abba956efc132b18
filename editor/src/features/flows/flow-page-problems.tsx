import type { GraphProblem } from '@switchboard/shared';
import { useMemo } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { problemText } from '../canvas/diagram';
import { Icon } from '../canvas/Icon';

/**
 * Problems of a draft, grouped by node: each node is a button that selects it on the canvas.
 * Problems of the flow as a whole (no trigger…) come first.
 */
export function ProblemList({ problems, onSelect }: { problems: readonly GraphProblem[]; onSelect(nodeId: string): void }) {
  const nodes = useFlowEditor((state) => state.graph.nodes);
  const groups = useMemo(() => {
    const byNode = new Map<string | null, GraphProblem[]>();
    for (const problem of problems) byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem]);
    return [...byNode].sort(([a], [b]) => Number(a !== null) - Number(b !== null));
  }, [problems]);

  return (
    <ul className="problem-list" data-testid="problem-list">
      {groups.map(([nodeId, list]) => {
        const node = nodeId ? nodes.find((candidate) => candidate.id === nodeId) : undefined;
        const title = node ? node.name?.trim() || describe(node.type, node.typeVersion)?.title || node.type : null;
        return (
          <li key={nodeId ?? '(flow)'} className="problem-group">
            {nodeId && node ? (
              <button type="button" className="problem-node" onClick={() => onSelect(nodeId)} data-testid={`problem-node-${nodeId}`}>
                <Icon name={describe(node.type, node.typeVersion)?.icon ?? 'box'} size={15} />
                <span>{title}</span>
                <code>{nodeId}</code>
              </button>
            ) : (
              <span className="problem-node is-flow">
                <Icon name="alert" size={15} />
                <span>{nodeId ? `Step ${nodeId} (no longer in the flow)` : 'The flow'}</span>
              </span>
            )}
            <ul>
              {list.map((problem, index) => (
                <li key={index}>{problemText(problem)}</li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}
