import type { FlowGraph } from '@switchboard/shared';
import { describe as suite, expect, it } from 'vitest';
import { fixtureDescribe as describe } from './catalog.fixture';
import { CARD } from './diagram';
import { besideOffset, dropSpot, freeSpot, nextStepPlacement } from './placement';

const graph: FlowGraph = {
  nodes: [
    { id: 'call', type: 'call.completed', config: {}, position: { x: 0, y: 0 } },
    { id: 'check', type: 'flow.branch', config: { branches: [{ key: 'yes' }] }, position: { x: 0, y: 200 } },
  ],
  edges: [{ id: 'e1', source: 'call', target: 'check' }],
};

suite('placement', () => {
  it('puts the next step under the first free output, never "error"', () => {
    const next = nextStepPlacement(graph, describe, 'check')!;
    expect(next.handle).toBe('yes');
    expect(next.position.y).toBeGreaterThan(200 + CARD.height);
    const used: FlowGraph = { ...graph, edges: [...graph.edges, { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'call' }] };
    expect(nextStepPlacement(used, describe, 'check')!.handle).toBe('else');
    expect(nextStepPlacement(graph, describe, 'ghost')).toBeNull();
  });

  it('moves a new card off the cards already there', () => {
    expect(freeSpot(graph, describe, { x: 600, y: 0 })).toEqual({ x: 600, y: 0 });
    const spot = freeSpot(graph, describe, { x: 0, y: 0 });
    expect(spot.y).toBe(0);
    expect(spot.x).toBeGreaterThanOrEqual(CARD.minWidth);
  });

  it('keeps a dropped card where it fell unless the pointer fell on a card, then puts it below', () => {
    expect(dropSpot(graph, describe, { x: 500, y: 40 })).toEqual({ x: 500, y: 40 });
    // Overlapping a card's edge but with the pointer outside it: left where it fell.
    expect(dropSpot(graph, describe, { x: -CARD.minWidth + 20, y: 0 })).toEqual({ x: -CARD.minWidth + 20, y: 0 });
    const onTrigger = dropSpot({ ...graph, nodes: [graph.nodes[0]!] }, describe, { x: 10, y: 5 });
    expect(onTrigger.x).toBe(0);
    expect(onTrigger.y).toBeGreaterThan(CARD.height);
  });

  it('puts a copy to the right of the originals, past any copy already there', () => {
    const send = { id: 'send', type: 'flow.delay', config: {}, position: { x: 0, y: 400 } };
    const alone: FlowGraph = { nodes: [send], edges: [] };
    const first = besideOffset(alone, describe, [send]);
    expect(first).toEqual({ x: CARD.minWidth + 48, y: 0 });
    const copied: FlowGraph = { nodes: [send, { ...send, id: 'send_2', position: { x: first.x, y: 400 } }], edges: [] };
    expect(besideOffset(copied, describe, [send])).toEqual({ x: 2 * (CARD.minWidth + 48), y: 0 });
  });
});
