import type { FlowGraph } from '@switchboard/shared';
import { describe as suite, expect, it } from 'vitest';
import { applySelection, CARD, defaultPositions, movedPositions, problemText, repeatsText, reuseUnchanged, selectionAfter, toDiagram } from './diagram';
import { fixtureDescribe as describe } from './catalog.fixture';

const graph: FlowGraph = {
  nodes: [
    { id: 'call', type: 'call.completed', config: { callType: 'connected' }, position: { x: 0, y: 0 } },
    { id: 'check', type: 'flow.branch', name: 'Booked?', config: { branches: [{ key: 'booked', label: 'Booked', condition: {} }, { key: 'later', condition: {} }] }, position: { x: 10, y: 200 } },
    { id: 'confirm', type: 'whatsapp.send_template', config: { template: 'appointment_confirmation', to: '{{trigger.customer.phone}}' }, position: { x: 0, y: 400 } },
    { id: 'legacy', type: 'crm.sync', config: {}, position: { x: 400, y: 400 } },
  ],
  edges: [
    { id: 'e1', source: 'call', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'booked', target: 'confirm' },
    { id: 'e3', source: 'confirm', sourceHandle: 'error', target: 'legacy' },
  ],
};

suite('diagram', () => {
  it('maps every node to a card with its title, icon, summary and position', () => {
    const { nodes } = toDiagram({ graph, describe });
    expect(nodes.map((node) => [node.id, node.type, node.position])).toEqual([
      ['call', 'step', { x: 0, y: 0 }],
      ['check', 'step', { x: 10, y: 200 }],
      ['confirm', 'step', { x: 0, y: 400 }],
      ['legacy', 'step', { x: 400, y: 400 }],
    ]);
    const [call, check, confirm, legacy] = nodes.map((node) => node.data);
    expect(call).toMatchObject({ nodeId: 'call', kind: 'trigger', title: 'Call completed', icon: 'phone', summary: 'Connected calls', hasTarget: false, status: null, problems: [] });
    expect(check).toMatchObject({ title: 'Booked?', typeTitle: 'Branch', summary: '2 paths + else', hasTarget: true });
    expect(confirm!.summary).toBe('appointment_confirmation → {{trigger.customer.phone}}');
    expect(legacy).toMatchObject({ kind: 'unknown', title: 'crm.sync', icon: 'box', summary: 'Unknown node type crm.sync' });
  });

  it('gives a trigger one output and no input, an action an input and an "on error" handle on its right', () => {
    const { nodes } = toDiagram({ graph, describe });
    const call = nodes[0]!;
    expect(call.data.handles).toEqual([{ id: 'default', label: '', kind: 'default', side: 'bottom', x: CARD.minWidth / 2, y: CARD.height, connected: true }]);
    expect(call.handles?.map((handle) => [handle.type, handle.id])).toEqual([['source', 'default']]);
    const confirm = nodes[2]!;
    expect(confirm.handles?.map((handle) => [handle.type, handle.id, handle.position])).toEqual([
      ['target', null, 'top'],
      ['source', 'default', 'bottom'],
      ['source', 'error', 'right'],
    ]);
    expect(confirm.data.handles[1]).toMatchObject({ id: 'error', label: 'on error', kind: 'error', side: 'right', x: confirm.width });
  });

  it('gives a branch one handle per path (labelled) plus else, spread along a wider card', () => {
    const check = toDiagram({ graph, describe }).nodes[1]!;
    expect(check.data.handles.map((handle) => [handle.id, handle.label, handle.kind, handle.side, handle.connected])).toEqual([
      ['booked', 'Booked', 'branch', 'bottom', true],
      ['later', 'later', 'branch', 'bottom', false],
      ['else', 'else', 'branch', 'bottom', false],
      ['error', 'on error', 'error', 'right', false],
    ]);
    expect(check.width).toBe(3 * CARD.handleSpacing);
    const xs = check.data.handles.filter((handle) => handle.side === 'bottom').map((handle) => handle.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(3);
    // React Flow gets top-left corners of the same handles.
    expect(check.handles?.find((handle) => handle.id === 'later')).toMatchObject({ x: xs[1]! - CARD.handleSize / 2, y: CARD.height - CARD.handleSize / 2 });
  });

  it('maps edges with their handle, a label for non-default handles and their problems', () => {
    const { edges } = toDiagram({ graph, describe, problems: [{ nodeId: 'confirm', edgeId: 'e3', field: 'edges[2].target', message: 'unknown node' }] });
    expect(edges.map((edge) => [edge.id, edge.source, edge.sourceHandle, edge.target, edge.data?.label, edge.data?.kind])).toEqual([
      ['e1', 'call', 'default', 'check', '', 'default'],
      ['e2', 'check', 'booked', 'confirm', 'Booked', 'branch'],
      ['e3', 'confirm', 'error', 'legacy', 'on error', 'error'],
    ]);
    expect(edges[2]!.data?.problem).toBe('unknown node');
    expect(edges[0]!.data?.problem).toBeNull();
  });

  it("lists each node's problems on its card, field relative to its config", () => {
    const problems = [
      { nodeId: 'confirm', field: 'config.to', message: 'Required' },
      { nodeId: 'confirm', field: 'config.template', message: 'Required' },
      { nodeId: null, field: 'nodes', message: 'A flow needs a trigger' },
    ];
    const { nodes } = toDiagram({ graph, describe, problems });
    expect(nodes[2]!.data.problems).toEqual(['to: Required', 'template: Required']);
    expect(nodes[2]!.ariaLabel).toContain('2 problems');
    expect(nodes[0]!.data.problems).toEqual([]);
    expect(problemText({ nodeId: null, field: 'nodes', message: 'A flow needs a trigger' })).toBe('A flow needs a trigger');
  });

  it('names the other steps a problem mentions by their titles', () => {
    const { nodes } = toDiagram({ graph, describe, problems: [{ nodeId: 'confirm', field: 'edges', message: 'confirm is not connected to the trigger call, so it would never run' }] });
    expect(nodes[2]!.data.problems).toEqual(['“Send WhatsApp template” is not connected to the trigger “Call completed”, so it would never run']);
  });

  it('overlays step statuses in a run view and marks the edges the run went along', () => {
    const { nodes, edges } = toDiagram({ graph, describe, overlays: { call: { status: 'succeeded' }, check: { status: 'succeeded' }, confirm: { status: 'failed' }, legacy: { status: 'skipped' } } });
    expect(nodes.map((node) => node.data.status)).toEqual(['succeeded', 'succeeded', 'failed', 'skipped']);
    expect(nodes.every((node) => node.data.repeats === null)).toBe(true);
    expect(edges.map((edge) => edge.data?.traversed)).toEqual([true, true, false]);
    expect(toDiagram({ graph, describe }).edges.every((edge) => edge.data?.traversed === false)).toBe(true);
  });

  it("carries a loop's tally to its cards and says it to screen readers", () => {
    const { nodes } = toDiagram({
      graph,
      describe,
      overlays: { call: { status: 'succeeded' }, check: { status: 'succeeded', repeats: { kind: 'items', count: 100, failed: 3 } }, confirm: { status: 'failed', repeats: { kind: 'runs', count: 100, failed: 3 } } },
    });
    expect(nodes[1]!.data.repeats).toEqual({ kind: 'items', count: 100, failed: 3 });
    expect(nodes[2]!.ariaLabel).toContain('failed, ran 100 times, 3 failed');
    expect(nodes[3]!.data.status).toBeNull();
    expect(repeatsText({ kind: 'items', count: 1, failed: 0 })).toBe('1 item');
    expect(repeatsText({ kind: 'runs', count: 2, failed: 0 })).toBe('ran 2 times');
  });

  it('places nodes without a position by depth, right of the placed ones', () => {
    const unplaced: FlowGraph = {
      nodes: [
        { id: 'a', type: 'call.completed', config: {} },
        { id: 'b', type: 'flow.delay', config: {} },
        { id: 'c', type: 'flow.delay', config: {} },
        { id: 'd', type: 'flow.delay', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'a', target: 'b' },
        { id: 'e2', source: 'a', target: 'c' },
        { id: 'e3', source: 'b', target: 'd' },
        { id: 'e4', source: 'c', target: 'd' },
      ],
    };
    const positions = defaultPositions(unplaced, describe);
    expect(positions.get('a')!.y).toBeLessThan(positions.get('b')!.y);
    expect(positions.get('b')!.y).toBe(positions.get('c')!.y);
    expect(positions.get('b')!.x).not.toBe(positions.get('c')!.x);
    expect(positions.get('d')!.y).toBeGreaterThan(positions.get('c')!.y);

    const mixed: FlowGraph = { nodes: [{ id: 'p', type: 'flow.delay', config: {}, position: { x: 100, y: 50 } }, { id: 'q', type: 'flow.delay', config: {} }], edges: [] };
    const placed = defaultPositions(mixed, describe);
    expect(placed.get('p')).toEqual({ x: 100, y: 50 });
    expect(placed.get('q')!.x).toBeGreaterThanOrEqual(100 + CARD.minWidth);
  });

  it('marks selected elements without copying the others', () => {
    const { nodes } = toDiagram({ graph, describe });
    const selected = applySelection(nodes, new Set(['check']));
    expect(selected.map((node) => node.selected ?? false)).toEqual([false, true, false, false]);
    expect(selected[0]).toBe(nodes[0]);
    expect(applySelection(nodes, new Set())).toBe(nodes);
  });

  it('reuses the objects of unchanged nodes, and the whole list when nothing changed', () => {
    const first = toDiagram({ graph, describe }).nodes;
    const again = reuseUnchanged(first, toDiagram({ graph, describe }).nodes);
    expect(again).toBe(first);
    const edited: FlowGraph = { ...graph, nodes: graph.nodes.map((node) => (node.id === 'confirm' ? { ...node, config: { ...node.config, template: 'reminder' } } : node)) };
    const next = reuseUnchanged(first, toDiagram({ graph: edited, describe }).nodes);
    expect(next).not.toBe(first);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).toBe(first[1]);
    expect(next[2]).not.toBe(first[2]);
    expect(next[2]!.data.summary).toBe('reminder → {{trigger.customer.phone}}');
  });

  it("turns React Flow's changes back into store edits", () => {
    expect(selectionAfter(['a'], [{ type: 'select', id: 'b', selected: true }, { type: 'select', id: 'a', selected: false }, { type: 'position', id: 'c' }])).toEqual(['b']);
    expect(movedPositions(graph, { call: { x: 0.2, y: -0.3 }, check: { x: 40.6, y: 200 }, ghost: { x: 1, y: 1 } })).toEqual({ check: { x: 41, y: 200 } });
  });
});
