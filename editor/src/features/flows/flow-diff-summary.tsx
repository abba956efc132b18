import type { FlowGraph } from '@switchboard/shared';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { isEmptyDiff, type FlowDiff } from './flow-diff';

/**
 * A diff as a person reads it: counts, then one line per step or link added (+), removed (−)
 * or changed (~, with the fields). Publishing shows it against the live version, restoring a
 * version against the draft it replaces.
 */
export function DiffSummary({ diff, heading, empty, testId, after }: { diff: FlowDiff; heading: string; empty: string; testId?: string; after?: FlowGraph }) {
  const title = (id: string, graphNode?: { type: string; typeVersion?: number; name?: string }) => graphNode?.name || (graphNode ? describe(graphNode.type, graphNode.typeVersion)?.title : undefined) || id;
  const draft = useFlowEditor((state) => state.graph);
  const graph = after ?? draft;
  // A link is named by its steps' titles; a removed step is found among the removed nodes.
  const named = (id: string) => title(id, graph.nodes.find((node) => node.id === id) ?? diff.nodesRemoved.find((node) => node.id === id));
  if (isEmptyDiff(diff)) return <p className="diff-first">{empty}</p>;
  const rows: Array<{ kind: 'added' | 'removed' | 'changed'; text: string; detail?: string }> = [
    ...diff.nodesAdded.map((node) => ({ kind: 'added' as const, text: `${title(node.id, node)} (${node.id})` })),
    ...diff.nodesRemoved.map((node) => ({ kind: 'removed' as const, text: `${title(node.id, node)} (${node.id})` })),
    ...diff.nodesChanged.map((change) => ({ kind: 'changed' as const, text: `${title(change.id, graph.nodes.find((node) => node.id === change.id))} (${change.id})`, detail: change.fields.map((field) => field.replace(/^config\./, '')).join(', ') })),
    ...diff.edgesAdded.map((edge) => ({ kind: 'added' as const, text: `Link ${named(edge.source)} → ${named(edge.target)}${edge.sourceHandle && edge.sourceHandle !== 'default' ? ` (${edge.sourceHandle})` : ''}` })),
    ...diff.edgesRemoved.map((edge) => ({ kind: 'removed' as const, text: `Link ${named(edge.source)} → ${named(edge.target)}${edge.sourceHandle && edge.sourceHandle !== 'default' ? ` (${edge.sourceHandle})` : ''}` })),
  ];
  const counts = [
    [diff.nodesAdded.length, 'step added', 'steps added'],
    [diff.nodesRemoved.length, 'step removed', 'steps removed'],
    [diff.nodesChanged.length, 'step changed', 'steps changed'],
    [diff.edgesAdded.length, 'link added', 'links added'],
    [diff.edgesRemoved.length, 'link removed', 'links removed'],
  ] as const;
  return (
    <section className="diff" aria-label="Changes" data-testid={testId}>
      <h3>{heading}</h3>
      <p className="diff-counts">
        {counts
          .filter(([count]) => count > 0)
          .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`)
          .join(' · ')}
      </p>
      <ul className="diff-list">
        {rows.map((row, index) => (
          <li key={index} className={`diff-${row.kind}`}>
            <span className="diff-mark" aria-label={row.kind}>
              {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : '~'}
            </span>
            <span>{row.text}</span>
            {row.detail ? <span className="diff-detail">{row.detail}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
