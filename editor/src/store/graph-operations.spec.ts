import type { FlowGraph } from '@switchboard/shared';
import { describe as suite, expect, it } from 'vitest';
import type { NodeDescription } from '../api/types';
import { addNode, addNodeAfter, connect, connectionProblem, copy, danglingEdges, defaultConfig, newNodeId, paste, removeElements } from './graph-operations';

const node = (type: string, kind: 'trigger' | 'action', extra: Partial<NodeDescription> = {}): NodeDescription => ({
  type,
  kind,
  typeVersion: 1,
  title: type,
  description: '',
  category: 'Test',
  icon: 'x',
  configSchema: { type: 'object', properties: { callType: { type: 'string', default: 'all' } } },
  outputs: kind === 'trigger' ? ['default'] : ['default', 'error'],
  ...extra,
});
const catalog: Record<string, NodeDescription> = {
  'call.completed': node('call.completed', 'trigger'),
  'flow.branch': node('flow.branch', 'action', { outputs: ['else', 'error'], dynamicOutputs: { from: 'branches', key: 'key' } }),
  'whatsapp.send_template': node('whatsapp.send_template', 'action'),
};
const describe = (type: string) => catalog[type];

const graph: FlowGraph = {
  nodes: [
    { id: 'call', type: 'call.completed', config: {}, position: { x: 0, y: 0 } },
    { id: 'check', type: 'flow.branch', config: { branches: [{ key: 'yes', condition: {} }] }, position: { x: 0, y: 100 } },
    { id: 'send', type: 'whatsapp.send_template', config: {}, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'call', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'send' },
  ],
};

suite('graph operations', () => {
  it('names new nodes after their type, uniquely, in snake_case', () => {
    expect(newNodeId(graph, 'whatsapp.send_template')).toBe('send_template');
    expect(newNodeId({ nodes: [{ id: 'send_template', type: 'x', config: {} }], edges: [] }, 'whatsapp.send_template')).toBe('send_template_2');
    const { graph: added, nodeId } = addNode(graph, catalog['call.completed']!, { x: 5, y: 6 });
    expect(nodeId).toBe('call_completed');
    expect(added.nodes.at(-1)).toEqual({ id: 'call_completed', type: 'call.completed', typeVersion: 1, config: { callType: 'all' }, position: { x: 5, y: 6 } });
    expect(defaultConfig(catalog['call.completed']!)).toEqual({ callType: 'all' });
  });

  it('refuses connections that loop, lead into the trigger, leave a handle the node lacks, or repeat', () => {
    expect(connectionProblem(graph, describe, 'send', 'check', null)).toMatch(/loop/);
    expect(connectionProblem(graph, describe, 'send', 'call', null)).toMatch(/trigger/);
    expect(connectionProblem(graph, describe, 'check', 'send', 'maybe')).toMatch(/not an output/);
    expect(connectionProblem(graph, describe, 'check', 'send', 'yes')).toMatch(/already linked/);
    expect(connectionProblem(graph, describe, 'send', 'send', null)).toMatch(/itself/);
    const ok = connect(graph, describe, 'check', 'send', 'else');
    expect(ok.problem).toBeNull();
    expect(ok.graph.edges.at(-1)).toEqual({ id: 'e3', source: 'check', sourceHandle: 'else', target: 'send' });
    expect(connect(graph, describe, 'call', 'send', 'default').graph.edges.at(-1)).toEqual({ id: 'e3', source: 'call', target: 'send' });
  });

  it('removes nodes with their edges', () => {
    expect(removeElements(graph, ['check'])).toEqual({ nodes: [graph.nodes[0], graph.nodes[2]], edges: [] });
    expect(removeElements(graph, [], ['e2']).edges).toEqual([graph.edges[0]]);
    expect(removeElements(graph, [])).toBe(graph);
  });

  it('copies and pastes nodes with new ids and their inner edges, never a second trigger', () => {
    const clipboard = copy(graph, ['call', 'check', 'send']);
    const { graph: pasted, nodeIds } = paste(graph, clipboard, describe, { x: 10, y: 10 });
    expect(nodeIds).toEqual(['branch', 'send_template']);
    expect(pasted.nodes.slice(3).map((n) => [n.id, n.position])).toEqual([
      ['branch', { x: 10, y: 110 }],
      ['send_template', { x: 10, y: 210 }],
    ]);
    expect(pasted.edges.slice(2)).toEqual([{ id: 'e3', source: 'branch', sourceHandle: 'yes', target: 'send_template' }]);
  });

  it('finds edges left on a handle the config removed', () => {
    const changed: FlowGraph = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'check' ? { ...n, config: { branches: [] } } : n)) };
    expect(danglingEdges(changed, describe)).toEqual(['e2']);
    expect(danglingEdges(graph, describe)).toEqual([]);
  });

  it('adds the next step connected from a handle, or unconnected when that is not allowed', () => {
    const after = addNodeAfter(graph, describe, catalog['whatsapp.send_template']!, { x: 0, y: 300 }, { nodeId: 'check', handle: 'else' });
    expect(after.nodeId).toBe('send_template');
    expect(after.connected).toBe(true);
    expect(after.graph.edges.at(-1)).toEqual({ id: 'e3', source: 'check', sourceHandle: 'else', target: 'send_template' });
    const refused = addNodeAfter(graph, describe, catalog['whatsapp.send_template']!, { x: 0, y: 300 }, { nodeId: 'check', handle: 'maybe' });
    expect(refused.connected).toBe(false);
    expect(refused.graph.nodes).toHaveLength(4);
    expect(refused.graph.edges).toEqual(graph.edges);
  });
});
