import type { FlowGraph } from '@switchboard/shared';
import { describe as suite, expect, it } from 'vitest';
import { flowDiff, hasUnpublishedChanges, isEmptyDiff } from './flow-diff';

const published: FlowGraph = {
  nodes: [
    { id: 'call', type: 'call.completed', config: { callType: 'connected', conditions: { and: [{ '==': [1, 1] }] } }, position: { x: 0, y: 0 } },
    { id: 'confirm', type: 'whatsapp.send_template', config: { template: 'a', to: '{{x}}' } },
    { id: 'old', type: 'flow.delay', config: { amount: 5, unit: 'minutes' } },
  ],
  edges: [
    { id: 'e1', source: 'call', target: 'confirm' },
    { id: 'e2', source: 'confirm', target: 'old' },
  ],
};

suite('flow diff', () => {
  it('finds nothing when only positions, key order or edge ids differ', () => {
    const moved: FlowGraph = {
      nodes: published.nodes.map((node) => ({ ...node, position: { x: 99, y: 99 }, config: Object.fromEntries(Object.entries(node.config).reverse()) })),
      edges: published.edges.map((edge, index) => ({ ...edge, id: `x${index}`, sourceHandle: 'default' })),
    };
    expect(isEmptyDiff(flowDiff(published, moved))).toBe(true);
  });

  it('lists nodes added, removed and changed (with the fields), and edges added and removed', () => {
    const draft: FlowGraph = {
      nodes: [
        { ...published.nodes[0]!, config: { callType: 'all', conditions: { and: [{ '==': [1, 1] }] } } },
        { ...published.nodes[1]!, name: 'Confirm', config: { template: 'b', to: '{{x}}' } },
        { id: 'wait', type: 'flow.delay', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'confirm' },
        { id: 'e9', source: 'confirm', sourceHandle: 'error', target: 'wait' },
      ],
    };
    const diff = flowDiff(published, draft);
    expect(diff.nodesAdded.map((node) => node.id)).toEqual(['wait']);
    expect(diff.nodesRemoved.map((node) => node.id)).toEqual(['old']);
    expect(diff.nodesChanged).toEqual([
      { id: 'call', fields: ['config.callType'] },
      { id: 'confirm', fields: ['name', 'config.template'] },
    ]);
    expect(diff.edgesAdded.map((edge) => edge.id)).toEqual(['e9']);
    expect(diff.edgesRemoved.map((edge) => edge.id)).toEqual(['e2']);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('treats an empty previous graph as everything added', () => {
    const diff = flowDiff({ nodes: [], edges: [] }, published);
    expect(diff.nodesAdded).toHaveLength(3);
    expect(diff.edgesAdded).toHaveLength(2);
  });
});

suite('unpublished changes', () => {
  it('is unknown without a live graph, false for a moved copy, true for an edit', () => {
    expect(hasUnpublishedChanges(null, published)).toBeNull();
    const moved = { ...published, nodes: published.nodes.map((node) => ({ ...node, position: { x: 5, y: 5 } })) };
    expect(hasUnpublishedChanges(published, moved)).toBe(false);
    const edited = { ...published, nodes: published.nodes.map((node) => (node.id === 'old' ? { ...node, config: { amount: 10, unit: 'minutes' } } : node)) };
    expect(hasUnpublishedChanges(published, edited)).toBe(true);
  });
});
