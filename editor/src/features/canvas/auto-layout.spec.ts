import type { FlowGraph } from '@switchboard/shared';
import { describe as suite, expect, it } from 'vitest';
import { autoLayout, placeMissing } from './auto-layout';
import { fixtureDescribe as describe } from './catalog.fixture';
import { bottomHandleCount, CARD, cardSize } from './diagram';

function expectTidy(graph: FlowGraph) {
  const positions = autoLayout(graph, describe);
  expect(Object.keys(positions).sort()).toEqual(graph.nodes.map((node) => node.id).sort());
  const rects = graph.nodes.map((node) => ({ id: node.id, ...positions[node.id]!, ...cardSize(bottomHandleCount(node, describe)) }));
  const byId = new Map(rects.map((entry) => [entry.id, entry]));
  for (const [i, a] of rects.entries()) {
    for (const b of rects.slice(i + 1)) {
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
  for (const edge of graph.edges) {
    const parent = byId.get(edge.source)!;
    const child = byId.get(edge.target)!;
    expect(parent.y + parent.height + CARD.labelRoom, `${edge.source} above ${edge.target}`).toBeLessThanOrEqual(child.y);
  }
  return positions;
}

suite('auto-layout', () => {
  it('lays a branching flow out top to bottom with no overlaps', () => {
    const graph: FlowGraph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: {}, position: { x: 500, y: 500 } },
        { id: 'check', type: 'flow.branch', config: { branches: [{ key: 'a' }, { key: 'b' }, { key: 'c' }] }, position: { x: 0, y: 0 } },
        { id: 'a1', type: 'whatsapp.send_template', config: {} },
        { id: 'b1', type: 'flow.delay', config: {} },
        { id: 'c1', type: 'ai.decide', config: {} },
        { id: 'join', type: 'whatsapp.send_template', config: {} },
        { id: 'oops', type: 'flow.delay', config: {} },
        { id: 'alone', type: 'flow.delay', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'check' },
        { id: 'e2', source: 'check', sourceHandle: 'a', target: 'a1' },
        { id: 'e3', source: 'check', sourceHandle: 'b', target: 'b1' },
        { id: 'e4', source: 'check', sourceHandle: 'c', target: 'c1' },
        { id: 'e5', source: 'b1', target: 'join' },
        { id: 'e6', source: 'c1', sourceHandle: 'yes', target: 'join' },
        { id: 'e7', source: 'a1', sourceHandle: 'error', target: 'oops' },
      ],
    };
    const positions = expectTidy(graph);
    expect(positions.call!.y).toBeLessThan(positions.check!.y);
    // Children follow the order of the handles they hang from.
    expect(positions.a1!.x).toBeLessThan(positions.b1!.x);
    expect(positions.b1!.x).toBeLessThan(positions.c1!.x);
    expect(Object.values(positions).every((position) => Number.isInteger(position.x) && Number.isInteger(position.y))).toBe(true);
  });

  it('keeps a 300-node flow tidy', () => {
    const nodes: FlowGraph['nodes'] = [{ id: 'n0', type: 'call.completed', config: {} }];
    const edges: FlowGraph['edges'] = [];
    for (let i = 1; i < 300; i++) {
      nodes.push({ id: `n${i}`, type: i % 7 === 0 ? 'flow.branch' : 'flow.delay', config: i % 7 === 0 ? { branches: [{ key: 'a' }] } : {} });
      edges.push({ id: `e${i}`, source: `n${Math.floor((i - 1) / 2)}`, target: `n${i}` });
    }
    expectTidy({ nodes, edges });
  });

  it('places only the nodes without a position: all of them by the layout, some right of the others', () => {
    const none: FlowGraph = { nodes: [{ id: 'a', type: 'call.completed', config: {} }, { id: 'b', type: 'flow.delay', config: {} }], edges: [{ id: 'e1', source: 'a', target: 'b' }] };
    expect(placeMissing(none, describe)).toEqual(autoLayout(none, describe));
    const some: FlowGraph = { ...none, nodes: [{ ...none.nodes[0]!, position: { x: 10, y: 20 } }, none.nodes[1]!] };
    const placed = placeMissing(some, describe);
    expect(Object.keys(placed)).toEqual(['b']);
    expect(placed.b!.x).toBeGreaterThan(10 + CARD.minWidth);
    expect(placeMissing(some.nodes[0] ? { ...some, nodes: [some.nodes[0]] } : some, describe)).toEqual({});
  });
});
