import { describe, expect, it } from 'vitest';
import type { ValidatableNodeType, ValidationCatalog } from './types';
import { MAX_GRAPH_EDGES, MAX_GRAPH_NODES, validateGraph } from './validate-graph';
import { MAX_NODE_CONFIG_CHARS } from './validate-nodes';

const types: ValidatableNodeType[] = [
  {
    type: 'call.completed',
    kind: 'trigger',
    typeVersions: [1],
    outputs: () => ['default'],
    validateConfig: (config) =>
      config.callType === undefined || ['all', 'connected', 'not_connected'].includes(config.callType as string)
        ? []
        : [{ field: 'callType', message: 'choose all, connected or not connected calls' }],
  },
  { type: 'schedule.cron', kind: 'trigger', typeVersions: [1], outputs: () => ['default'], validateConfig: () => [] },
  {
    type: 'whatsapp.send_template',
    kind: 'action',
    typeVersions: [1, 2],
    outputs: () => ['default'],
    validateConfig: (config) => (typeof config.to === 'string' && config.to !== '' ? [] : [{ field: 'to', message: 'enter who receives the message' }]),
    retry: { attempts: 3, backoffMs: 60_000 },
  },
  {
    type: 'flow.branch',
    kind: 'action',
    typeVersions: [1],
    // Like the real branch node: one handle per branch key, then `else`.
    outputs: (config) => [...(Array.isArray(config.branches) ? config.branches.map((b: { key: string }) => b.key) : []), 'else'],
    validateConfig: (config) => (Array.isArray(config.branches) ? [] : [{ field: 'branches', message: 'add at least one branch' }]),
  },
];
const catalog: ValidationCatalog = { get: (type) => types.find((t) => t.type === type) };

const branches = { branches: [{ key: 'yes' }, { key: 'no' }] };

describe('validateGraph', () => {
  it('refuses a graph over the size caps with one problem, before any other check', () => {
    const nodes = Array.from({ length: MAX_GRAPH_NODES + 1 }, (_, index) => ({ id: `n${index}`, type: 'whatsapp.send_template', config: {} }));
    expect(validateGraph({ nodes, edges: [] }, catalog)).toEqual([{ nodeId: null, field: 'nodes', message: `a flow has at most ${MAX_GRAPH_NODES} steps; this one has ${MAX_GRAPH_NODES + 1}` }]);
    const edges = Array.from({ length: MAX_GRAPH_EDGES + 1 }, (_, index) => ({ id: `e${index}`, source: 'a', target: 'b' }));
    expect(validateGraph({ nodes: [], edges }, catalog)).toHaveLength(1);
  });

  it("refuses a step's settings over the size cap, naming the step, without checking them further", () => {
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'send', type: 'whatsapp.send_template', config: { to: '', note: 'x'.repeat(MAX_NODE_CONFIG_CHARS) } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'send' }],
    };
    expect(validateGraph(graph, catalog)).toEqual([{ nodeId: 'send', field: 'config', message: expect.stringMatching(/^the settings of send are 98 KB; a step's settings can be at most 100 KB$/) }]);
  });

  it('accepts a valid graph (config and typeVersion may be absent)', () => {
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: { callType: 'connected' } },
        { id: 'check', type: 'flow.branch', typeVersion: 1, config: branches },
        { id: 'confirm', type: 'whatsapp.send_template', typeVersion: 2, config: { to: '{{customer_number}}' } },
        { id: 'fallback', type: 'whatsapp.send_template', config: { to: '+14155551234' }, retry: { attempts: 3, backoffMs: 1000 } },
        { id: 'on_error', type: 'whatsapp.send_template', config: { to: 'x' } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'check' },
        { id: 'e2', source: 'check', target: 'confirm', sourceHandle: 'yes' },
        { id: 'e3', source: 'check', target: 'fallback', sourceHandle: 'else' },
        { id: 'e4', source: 'confirm', target: 'on_error', sourceHandle: 'error' },
        { id: 'e5', source: 'fallback', target: 'on_error', sourceHandle: null },
      ],
    };
    expect(validateGraph(graph, catalog)).toEqual([]);
  });

  it('returns every problem of a graph with many faults at once', () => {
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: { callType: 'sometimes' } },
        { id: 'check', type: 'flow.branch', config: branches },
        { id: 'confirm', type: 'whatsapp.send_template', typeVersion: 3, config: { to: '' } },
        { id: 'Send-Msg', type: 'whatsapp.send_template', config: { to: 'x' } },
        { id: 'check', type: 'flow.branch', config: branches },
        { id: 'mystery', type: 'foo.bar' },
        { id: 'nightly', type: 'schedule.cron' },
        { id: 'lonely', type: 'whatsapp.send_template', config: { to: 'x' } },
        { id: 'loop_a', type: 'whatsapp.send_template', config: { to: 'x' } },
        { id: 'loop_b', type: 'whatsapp.send_template', config: { to: 'x' } },
        42,
        { type: 'flow.branch', config: 'branches' },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'check' },
        { id: 'e2', source: 'check', target: 'confirm', sourceHandle: 'yes' },
        { id: 'e3', source: 'confirm', target: 'Send-Msg', sourceHandle: 'maybe' },
        { id: 'e4', source: 'check', target: 'loop_a', sourceHandle: 'else' },
        { id: 'e5', source: 'loop_a', target: 'loop_b' },
        { id: 'e6', source: 'loop_b', target: 'loop_a' },
        { id: 'e1', source: 'call', target: 'ghost' },
        { id: 'e7', source: 'confirm', target: 'call' },
        { id: 'e8', source: 'Send-Msg', target: 'Send-Msg' },
        { id: 'e9', source: 'check', target: 'confirm', sourceHandle: 'yes' },
        { id: 'e10', source: 'call', target: 'confirm', sourceHandle: 'yes' },
        {},
      ],
    };
    expect(validateGraph(graph, catalog)).toEqual([
      { nodeId: 'call', field: 'config.callType', message: 'choose all, connected or not connected calls' },
      { nodeId: 'confirm', field: 'typeVersion', message: 'the node confirm uses version 3 of whatsapp.send_template, which does not exist (known versions: 1, 2)' },
      { nodeId: 'confirm', field: 'config.to', message: 'enter who receives the message' },
      { nodeId: 'Send-Msg', field: 'id', message: 'the node id "Send-Msg" must be snake_case: lowercase letters, digits and _, starting with a letter' },
      { nodeId: 'check', field: 'id', message: 'two nodes are called "check"; each node needs its own id' },
      { nodeId: 'mystery', field: 'type', message: 'the node mystery has the type "foo.bar", which does not exist' },
      { nodeId: null, field: 'nodes[10]', message: 'the node at position 11 is not a node object' },
      { nodeId: null, field: 'nodes[11].id', message: 'the node at position 12 has no id' },
      { nodeId: null, field: 'nodes[11].config', message: 'the settings of node 12 must be an object' },
      { nodeId: 'nightly', field: 'type', message: 'nightly is a second trigger; a flow has exactly one trigger, and this one already starts with call' },
      { nodeId: 'confirm', field: 'edges[2].sourceHandle', edgeId: 'e3', message: 'the edge e3 leaves handle "maybe" but confirm has only default, error' },
      { nodeId: 'call', field: 'edges[6].id', edgeId: 'e1', message: 'two edges are called "e1"; each edge needs its own id' },
      { nodeId: 'call', field: 'edges[6].target', edgeId: 'e1', message: 'the edge e1 ends at "ghost", which is not a node of this flow' },
      { nodeId: 'confirm', field: 'edges[7].target', edgeId: 'e7', message: 'the edge e7 goes into the trigger call; nothing can come before a trigger' },
      { nodeId: 'Send-Msg', field: 'edges[8].target', edgeId: 'e8', message: 'the edge e8 connects Send-Msg to itself' },
      { nodeId: 'check', field: 'edges[9]', edgeId: 'e9', message: 'the edge e9 repeats e2: both connect check (yes) to confirm' },
      { nodeId: 'call', field: 'edges[10].sourceHandle', edgeId: 'e10', message: 'the edge e10 leaves handle "yes" but call has only default' },
      { nodeId: null, field: 'edges[11].id', message: 'the edge at position 12 has no id' },
      { nodeId: null, field: 'edges[11].source', message: 'the edge at position 12 has no node it starts from' },
      { nodeId: null, field: 'edges[11].target', message: 'the edge at position 12 has no node it leads to' },
      { nodeId: 'loop_a', field: 'edges', message: 'loop_a is part of a loop (loop_a, loop_b); a flow cannot go back to an earlier step' },
      { nodeId: 'loop_b', field: 'edges', message: 'loop_b is part of a loop (loop_a, loop_b); a flow cannot go back to an earlier step' },
      { nodeId: 'lonely', field: 'edges', message: 'lonely is not connected to the trigger call, so it would never run' },
    ]);
  });

  it('reports a missing trigger once, without calling every action unconnected', () => {
    const graph = {
      nodes: [
        { id: 'a', type: 'whatsapp.send_template', config: { to: 'x' } },
        { id: 'b', type: 'whatsapp.send_template', config: { to: 'x' } },
      ],
      edges: [],
    };
    expect(validateGraph(graph, catalog)).toEqual([
      { nodeId: null, field: 'nodes', message: 'the flow needs a trigger: add one trigger node (such as call.completed) to start it' },
    ]);
    expect(validateGraph({ nodes: [], edges: [] }, catalog)).toHaveLength(1);
  });

  it('checks branch handles against the outputs of that node\'s config', () => {
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed' },
        { id: 'check', type: 'flow.branch', config: { branches: [{ key: 'vip' }] } },
        { id: 'a', type: 'whatsapp.send_template', config: { to: 'x' } },
        { id: 'b', type: 'whatsapp.send_template', config: { to: 'x' } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'check' },
        { id: 'e2', source: 'check', target: 'a', sourceHandle: 'vip' },
        { id: 'e3', source: 'check', target: 'b', sourceHandle: 'yes' },
      ],
    };
    expect(validateGraph(graph, catalog)).toEqual([
      { nodeId: 'check', field: 'edges[2].sourceHandle', edgeId: 'e3', message: 'the edge e3 leaves handle "yes" but check has only vip, else, error' },
    ]);
  });

  it('checks node ids for length and retry settings for shape', () => {
    const long = `a${'b'.repeat(64)}`;
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed' },
        { id: long, type: 'whatsapp.send_template', config: { to: 'x' }, retry: { attempts: 0, backoffMs: -5 } },
      ],
      edges: [{ id: 'e1', source: 'call', target: long }],
    };
    expect(validateGraph(graph, catalog)).toEqual([
      { nodeId: long, field: 'id', message: `the node id "${long}" is longer than 64 characters` },
      { nodeId: long, field: 'retry.attempts', message: `the retry attempts of ${long} must be a whole number from 1 to 10` },
      { nodeId: long, field: 'retry.backoffMs', message: `the retry backoff of ${long} must be a number of milliseconds from 0 to 86400000 (24 hours)` },
    ]);
  });

  it('bounds the backoff to 24 hours and the retries to 7 days in all, naming the field that set them', () => {
    const flow = (send: Record<string, unknown>) => ({
      nodes: [{ id: 'call', type: 'call.completed' }, { id: 'send', type: 'whatsapp.send_template', config: { to: 'x' }, ...send }],
      edges: [{ id: 'e1', source: 'call', target: 'send' }],
    });
    expect(validateGraph(flow({ retry: { backoffMs: 1e15 } }), catalog)).toEqual([
      { nodeId: 'send', field: 'retry.backoffMs', message: 'the retry backoff of send must be a number of milliseconds from 0 to 86400000 (24 hours)' },
    ]);
    // 24 h doubled over 9 retries is 511 days; the default 3 attempts make 3 days, which is allowed.
    expect(validateGraph(flow({ retry: { backoffMs: 86_400_000 } }), catalog)).toEqual([]);
    expect(validateGraph(flow({ retry: { backoffMs: 86_400_000, attempts: 10 } }), catalog)).toEqual([
      {
        nodeId: 'send',
        field: 'retry.backoffMs',
        message: 'the retries of send would wait 12264 hours in all (a backoff of 86400000 ms, doubled over 9 retries); at most 7 days: lower backoffMs or attempts',
      },
    ]);
    // The attempts of config.retry with the backoff of the node's retry, as the engine combines them.
    expect(validateGraph(flow({ config: { to: 'x', retry: { attempts: 10 } }, retry: { backoffMs: 3_600_000 } }), catalog)).toEqual([
      expect.objectContaining({ nodeId: 'send', field: 'retry.backoffMs', message: expect.stringContaining('would wait 511 hours in all') }),
    ]);
    expect(validateGraph(flow({ config: { to: 'x', retry: { attempts: 10 } } }), catalog)).toEqual([]);
  });

  it('reports a node type whose checks throw instead of throwing', () => {
    const broken: ValidationCatalog = {
      get: (type) =>
        type === 'bad.node'
          ? {
              type,
              kind: 'action',
              typeVersions: [1],
              outputs: () => {
                throw new Error('no outputs');
              },
              validateConfig: () => {
                throw new Error('boom');
              },
            }
          : catalog.get(type),
    };
    const graph = {
      nodes: [{ id: 'call', type: 'call.completed' }, { id: 'bad', type: 'bad.node' }, { id: 'next', type: 'whatsapp.send_template', config: { to: 'x' } }],
      edges: [{ id: 'e1', source: 'call', target: 'bad' }, { id: 'e2', source: 'bad', target: 'next' }],
    };
    expect(validateGraph(graph, broken)).toEqual([
      { nodeId: 'bad', field: 'config', message: 'the settings of bad could not be checked: boom' },
      { nodeId: 'bad', field: 'config', message: 'the outputs of bad could not be worked out: no outputs' },
    ]);
  });

  it.each([
    [null, [{ nodeId: null, field: 'graph', message: 'the flow graph must be an object with a list of nodes and a list of edges' }]],
    [undefined, [{ nodeId: null, field: 'graph', message: 'the flow graph must be an object with a list of nodes and a list of edges' }]],
    ['graph', [{ nodeId: null, field: 'graph', message: 'the flow graph must be an object with a list of nodes and a list of edges' }]],
    [[1, 2], [{ nodeId: null, field: 'graph', message: 'the flow graph must be an object with a list of nodes and a list of edges' }]],
    [
      {},
      [
        { nodeId: null, field: 'nodes', message: 'the flow graph has no list of nodes' },
        { nodeId: null, field: 'edges', message: 'the flow graph has no list of edges' },
      ],
    ],
    [
      { nodes: 'x', edges: [{ id: 'e1', source: 'a', target: 'b' }] },
      [
        { nodeId: null, field: 'nodes', message: 'the flow graph has no list of nodes' },
        { nodeId: null, field: 'edges[0].source', edgeId: 'e1', message: 'the edge e1 starts at "a", which is not a node of this flow' },
        { nodeId: null, field: 'edges[0].target', edgeId: 'e1', message: 'the edge e1 ends at "b", which is not a node of this flow' },
      ],
    ],
  ])('never throws on garbage: %j', (input, expected) => {
    expect(validateGraph(input, catalog)).toEqual(expected);
  });

  it('survives garbage inside the lists', () => {
    const graph = {
      nodes: [null, [], { id: 7, type: 5, typeVersion: 'one', config: [] }, { id: 'call', type: 'call.completed', typeVersion: 'one' }],
      edges: [null, 'e', { id: 3, source: 1, target: {}, sourceHandle: 9 }],
    };
    const problems = validateGraph(graph, catalog);
    expect(problems.map((p) => p.field)).toEqual([
      'nodes[0]',
      'nodes[1]',
      'nodes[2].id',
      'nodes[2].type',
      'nodes[2].config',
      'typeVersion',
      'edges[0]',
      'edges[1]',
      'edges[2].id',
      'edges[2].source',
      'edges[2].target',
      'edges[2].sourceHandle',
    ]);
    expect(problems.find((p) => p.field === 'typeVersion')?.message).toBe(
      'the node call uses version "one" of call.completed, which does not exist (known versions: 1)',
    );
  });
});
