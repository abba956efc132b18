import type { GraphProblem } from '@switchboard/shared';
import { useMemo } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { Icon } from '../canvas/Icon';
import { configPathOf } from '../node-config/field-paths';
import { friendlyMessage, stepTitles, withStepTitles } from '../node-config/problem-display';
import { problemLabel } from '../node-config/ProblemList';
import { configModel } from '../node-config/schema-model';

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
  const titles = useMemo(() => stepTitles(nodes, (type, typeVersion) => describe(type, typeVersion)?.title), [nodes]);

  return (
    <ul className="problem-list" data-testid="problem-list">
      {groups.map(([nodeId, list]) => {
        const node = nodeId ? nodes.find((candidate) => candidate.id === nodeId) : undefined;
        const description = node ? describe(node.type, node.typeVersion) : undefined;
        const title = node ? node.name?.trim() || description?.title || node.type : null;
        // Fields by the labels their form shows ("Connection", not connectionId).
        const model = description ? configModel(description.configSchema) : null;
        return (
          <li key={nodeId ?? '(flow)'} className="problem-group">
            {nodeId && node ? (
              <button type="button" className="problem-node" onClick={() => onSelect(nodeId)} title={`Step id: ${nodeId}`} data-testid={`problem-node-${nodeId}`}>
                <Icon name={describe(node.type, node.typeVersion)?.icon ?? 'box'} size={15} />
                <span>{title}</span>
              </button>
            ) : (
              <span className="problem-node is-flow">
                <Icon name="alert" size={15} />
                <span>{nodeId ? 'A step no longer in the flow' : 'The flow'}</span>
              </span>
            )}
            <ul>
              {list.map((problem, index) => (
                <li key={index}>{withStepTitles(problemLine(problem, model), titles)}</li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** A setting's problem with the setting's label ("Connection: Choose a connection"); other problems say it all themselves. */
function problemLine(problem: GraphProblem, model: ReturnType<typeof configModel> | null): string {
  const path = configPathOf(problem.field);
  const message = friendlyMessage(problem.message);
  if (!path || path.length === 0) return message;
  return `${problemLabel(problem, model)}: ${message}`;
}
