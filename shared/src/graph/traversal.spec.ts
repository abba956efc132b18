import { describe, expect, it } from 'vitest';
import { indexGraph } from './traversal';
import type { FlowEdge, FlowGraph, FlowNode } from './types';

const node = (id: string, type = 'flow.set'): FlowNode => ({ id, type, config: {} });
const edge = (id: string, source: string, target: string, sourceHandle?: string): FlowEdge => ({ id, source, target, sourceHandle });

//   call → check ─yes→ notify ─→ done
//               ─yes→ log_it
//               ─no──→ task ───→ done
const graph: FlowGraph = {
  nodes: [node('call', 'call.completed'), node('check', 'flow.branch'), node('notify'), node('task'), node('log_it'), node('done'), node('orphan')],
  edges: [
    edge('e1', 'call', 'check'),
    edge('e2', 'check', 'notify', 'yes'),
    edge('e3', 'check', 'task', 'no'),
    edge('e4', 'check', 'log_it', 'yes'),
    edge('e5', 'notify', 'done'),
    edge('e6', 'task', 'done', 'default'),
    edge('e7', 'check', 'notify', 'yes'), // a duplicate: parents/children stay distinct
    edge('e8', 'task', 'ghost'), // to a missing node: ignored
  ],
};
const isTrigger = (type: string) => type === 'call.completed';

describe('indexGraph', () => {
  const index = indexGraph(graph, isTrigger);

  it('finds the trigger with a predicate, a set or a list of trigger types', () => {
    expect(index.trigger?.id).toBe('call');
    expect(indexGraph(graph, new Set(['call.completed'])).trigger?.id).toBe('call');
    expect(indexGraph(graph, ['call.completed']).trigger?.id).toBe('call');
    expect(indexGraph(graph).trigger).toBeUndefined();
  });

  it('gives outgoing and incoming edges, leaving out edges to missing nodes', () => {
    expect(index.outgoing('check').map((e) => e.id)).toEqual(['e2', 'e3', 'e4', 'e7']);
    expect(index.outgoing('task').map((e) => e.id)).toEqual(['e6']);
    expect(index.incoming('done').map((e) => e.id)).toEqual(['e5', 'e6']);
    expect(index.incoming('ghost')).toEqual([]);
  });

  it('gives distinct parents and children, by handle when asked', () => {
    expect(index.parents('notify')).toEqual(['check']);
    expect(index.parents('done')).toEqual(['notify', 'task']);
    expect(index.parents('call')).toEqual([]);
    expect(index.children('check')).toEqual(['notify', 'task', 'log_it']);
    expect(index.children('check', 'yes')).toEqual(['notify', 'log_it']);
    expect(index.children('check', 'no')).toEqual(['task']);
    expect(index.children('check', 'default')).toEqual([]);
    expect(index.children('task', 'default')).toEqual(['done']);
    expect(index.children('call', 'default')).toEqual(['check']);
    expect(index.children('unknown')).toEqual([]);
  });

  it('gives ancestors, and the same set on a second call', () => {
    expect([...index.ancestors('done')].sort()).toEqual(['call', 'check', 'notify', 'task']);
    expect([...index.ancestors('log_it')].sort()).toEqual(['call', 'check']);
    expect(index.ancestors('call').size).toBe(0);
    expect(index.ancestors('done')).toBe(index.ancestors('done'));
  });

  it('reuses known ancestors without losing any', () => {
    const fresh = indexGraph(graph, isTrigger);
    expect([...fresh.ancestors('notify')].sort()).toEqual(['call', 'check']);
    expect([...fresh.ancestors('done')].sort()).toEqual(['call', 'check', 'notify', 'task']);
  });

  it('includes a node in its own ancestors only when it is on a cycle', () => {
    const cyclic = indexGraph({ nodes: [node('a'), node('b'), node('c')], edges: [edge('1', 'a', 'b'), edge('2', 'b', 'c'), edge('3', 'c', 'b')] });
    expect([...cyclic.ancestors('b')].sort()).toEqual(['a', 'b', 'c']);
    expect([...cyclic.ancestors('a')]).toEqual([]);
  });

  it('knows which nodes the trigger reaches, the trigger included', () => {
    expect([...index.reachable].sort()).toEqual(['call', 'check', 'done', 'log_it', 'notify', 'task']);
    expect(index.reachable.has('orphan')).toBe(false);
    expect(indexGraph(graph).reachable.size).toBe(0);
  });

  it('orders nodes after their parents, the earliest ready node in document order first', () => {
    const order = index.topologicalOrder();
    expect(order).toEqual(['call', 'check', 'notify', 'task', 'log_it', 'done', 'orphan']);
    for (const e of graph.edges.filter((x) => x.target !== 'ghost')) expect(order.indexOf(e.source)).toBeLessThan(order.indexOf(e.target));
  });

  it('puts nodes on or behind a cycle last in the topological order', () => {
    const cyclic = indexGraph({
      nodes: [node('a'), node('b'), node('c'), node('d'), node('e')],
      edges: [edge('1', 'a', 'b'), edge('2', 'b', 'c'), edge('3', 'c', 'b'), edge('4', 'c', 'd'), edge('5', 'a', 'e')],
    });
    expect(cyclic.topologicalOrder()).toEqual(['a', 'e', 'b', 'c', 'd']);
  });

  it('keeps the first of two nodes with the same id', () => {
    const dup = indexGraph({ nodes: [node('a', 'first'), node('a', 'second')], edges: [] });
    expect(dup.nodes.get('a')?.type).toBe('first');
    expect(dup.nodes.size).toBe(1);
  });
});
