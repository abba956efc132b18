import { describe, expect, it } from 'vitest';
import { cycleGroups, findCycle, wouldCreateCycle } from './cycles';
import type { FlowGraph } from './types';

const graphOf = (ids: string[], links: Array<[string, string]>): FlowGraph => ({
  nodes: ids.map((id) => ({ id, type: 'flow.set', config: {} })),
  edges: links.map(([source, target], i) => ({ id: `e${i}`, source, target })),
});

describe('findCycle', () => {
  it('returns null for a graph without cycles, diamonds included', () => {
    expect(findCycle(graphOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']]))).toBeNull();
    expect(findCycle(graphOf([], []))).toBeNull();
  });

  it('returns the nodes along a cycle', () => {
    expect(findCycle(graphOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'b']]))).toEqual(['b', 'c', 'd']);
  });

  it('reports a self-loop as a cycle of one node', () => {
    expect(findCycle(graphOf(['a', 'b'], [['a', 'b'], ['b', 'b']]))).toEqual(['b']);
  });

  it('ignores edges to missing nodes', () => {
    expect(findCycle(graphOf(['a'], [['a', 'x'], ['x', 'a']]))).toBeNull();
  });

  it('handles a long chain without overflowing the stack', () => {
    const ids = Array.from({ length: 20000 }, (_, i) => `n${i}`);
    const links = ids.slice(1).map((id, i): [string, string] => [ids[i], id]);
    expect(findCycle(graphOf(ids, links))).toBeNull();
    expect(findCycle(graphOf(ids, [...links, ['n19999', 'n0']]))).toHaveLength(20000);
  });
});

describe('wouldCreateCycle', () => {
  const graph = graphOf(['a', 'b', 'c', 'd'], [['a', 'b'], ['b', 'c']]);

  it('refuses a connection back to an earlier node, or to the node itself', () => {
    expect(wouldCreateCycle(graph, 'c', 'a')).toBe(true);
    expect(wouldCreateCycle(graph, 'b', 'a')).toBe(true);
    expect(wouldCreateCycle(graph, 'd', 'd')).toBe(true);
  });

  it('allows connections forward or to unrelated nodes', () => {
    expect(wouldCreateCycle(graph, 'a', 'c')).toBe(false);
    expect(wouldCreateCycle(graph, 'c', 'd')).toBe(false);
    expect(wouldCreateCycle(graph, 'd', 'a')).toBe(false);
  });
});

describe('cycleGroups', () => {
  it('lists each group of nodes on a cycle once, in document order', () => {
    const graph = graphOf(
      ['a', 'b', 'c', 'd', 'e', 'f'],
      [['a', 'b'], ['b', 'c'], ['c', 'b'], ['c', 'd'], ['e', 'f'], ['f', 'e'], ['d', 'd']],
    );
    expect(cycleGroups(graph)).toEqual([['b', 'c'], ['d'], ['e', 'f']]);
  });

  it('is empty for an acyclic graph', () => {
    expect(cycleGroups(graphOf(['a', 'b'], [['a', 'b']]))).toEqual([]);
  });
});
