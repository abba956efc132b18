import { brokenEdgeRules, DEFAULT_HANDLE, edgeHandle, wouldCreateCycle, type EdgeRule, type FlowEdge, type FlowGraph, type FlowNode } from '@switchboard/shared';
import type { NodeDescription } from '../api/types';
import { handlesFor } from '../features/canvas/handles';

/**
 * Pure edits of a flow graph. The store applies them (with undo history and autosave); the
 * canvas and the config panel only call the store. Each returns a new graph, or the same
 * graph when nothing changes.
 */

export type Describe = (type: string, typeVersion?: number) => NodeDescription | undefined;

/**
 * A node id for a new node of `type`: snake_case from its type, unique in the graph
 * (`send_template_2`). A trigger keeps its whole type (`call_completed`): its last word alone
 * (`completed`) says nothing.
 */
export function newNodeId(graph: FlowGraph, type: string, kind: 'trigger' | 'action' = 'action'): string {
  const words = kind === 'trigger' ? type.replaceAll('.', '_') : (type.split('.').pop() ?? 'node');
  const base = words.replace(/[^a-z0-9_]/g, '_').replace(/^[^a-z]+/, '') || 'node';
  const taken = new Set(graph.nodes.map((node) => node.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function newEdgeId(graph: FlowGraph): string {
  const taken = new Set(graph.edges.map((edge) => edge.id));
  for (let i = graph.edges.length + 1; ; i++) if (!taken.has(`e${i}`)) return `e${i}`;
}

/** The config a new node starts with: each field's default from the schema. */
export function defaultConfig(description: NodeDescription): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(description.configSchema.properties ?? {})) {
    if (field.default !== undefined) config[name] = structuredClone(field.default);
  }
  return config;
}

export function addNode(graph: FlowGraph, description: NodeDescription, position: { x: number; y: number }): { graph: FlowGraph; nodeId: string } {
  const nodeId = newNodeId(graph, description.type, description.kind);
  const node: FlowNode = { id: nodeId, type: description.type, typeVersion: description.typeVersion, config: defaultConfig(description), position };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, nodeId };
}

/**
 * Adds a node below another and connects it from `from.handle` when that connection is allowed
 * (one undo step for "add the next step"); otherwise just adds the node.
 */
export function addNodeAfter(
  graph: FlowGraph,
  describe: Describe,
  description: NodeDescription,
  position: { x: number; y: number },
  from: { nodeId: string; handle: string },
): { graph: FlowGraph; nodeId: string; connected: boolean } {
  const added = addNode(graph, description, position);
  const linked = connect(added.graph, describe, from.nodeId, added.nodeId, from.handle);
  return { graph: linked.graph, nodeId: added.nodeId, connected: linked.problem === null };
}

export function updateNode(graph: FlowGraph, nodeId: string, update: (node: FlowNode) => FlowNode): FlowGraph {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    if (node.id !== nodeId) return node;
    const next = update(node);
    changed = next !== node;
    return next;
  });
  return changed ? { ...graph, nodes } : graph;
}

export function setConfig(graph: FlowGraph, nodeId: string, config: Record<string, unknown>): FlowGraph {
  return updateNode(graph, nodeId, (node) => ({ ...node, config }));
}

export function moveNodes(graph: FlowGraph, positions: Record<string, { x: number; y: number }>): FlowGraph {
  if (Object.keys(positions).length === 0) return graph;
  return { ...graph, nodes: graph.nodes.map((node) => (positions[node.id] ? { ...node, position: positions[node.id] } : node)) };
}

export function removeElements(graph: FlowGraph, nodeIds: readonly string[], edgeIds: readonly string[] = []): FlowGraph {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return graph;
  return {
    nodes: graph.nodes.filter((node) => !nodes.has(node.id)),
    edges: graph.edges.filter((edge) => !edges.has(edge.id) && !nodes.has(edge.source) && !nodes.has(edge.target)),
  };
}

/** What the canvas says for each edge rule a drawn connection breaks (the rules are shared's, as publishing applies them). */
const CONNECTION_PROBLEMS: Record<EdgeRule, (source: string, handle: string) => string> = {
  'unknown-source': () => 'Both ends must be nodes of this flow',
  'unknown-target': () => 'Both ends must be nodes of this flow',
  self: () => 'A step cannot link to itself',
  'into-trigger': () => 'Nothing can lead into a trigger: it starts the flow',
  'unknown-handle': (source, handle) => `"${handle}" is not an output of ${source}`,
  repeated: () => 'These two steps are already linked this way',
};

/** Why a connection may not be drawn, or null when it may (the same rules validation applies on publish). */
export function connectionProblem(graph: FlowGraph, describe: Describe, source: string, target: string, handle: string | null | undefined): string | null {
  const from = graph.nodes.find((node) => node.id === source);
  const to = graph.nodes.find((node) => node.id === target);
  const sourceHandle = handle || DEFAULT_HANDLE;
  const [broken] = brokenEdgeRules({
    source: from && { id: from.id, handles: handlesFor(describe(from.type, from.typeVersion), from.config ?? {}) },
    target: to && { id: to.id, kind: describe(to.type, to.typeVersion)?.kind },
    handle: sourceHandle,
    repeated: graph.edges.some((edge) => edge.source === source && edge.target === target && edgeHandle(edge) === sourceHandle),
  });
  if (broken) return CONNECTION_PROBLEMS[broken](source, sourceHandle);
  if (wouldCreateCycle(graph, source, target)) return 'That link would make a loop: a flow runs from its trigger forward';
  return null;
}

/** Adds an edge if it is allowed; returns the reason otherwise. */
export function connect(graph: FlowGraph, describe: Describe, source: string, target: string, handle?: string | null): { graph: FlowGraph; problem: string | null } {
  const problem = connectionProblem(graph, describe, source, target, handle);
  if (problem) return { graph, problem };
  const edge: FlowEdge = { id: newEdgeId(graph), source, target, ...(handle && handle !== DEFAULT_HANDLE ? { sourceHandle: handle } : {}) };
  return { graph: { ...graph, edges: [...graph.edges, edge] }, problem: null };
}

/** What copy puts on the clipboard: the chosen nodes and the edges between them. */
export interface Clipboard {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copy(graph: FlowGraph, nodeIds: readonly string[]): Clipboard {
  const ids = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((node) => ids.has(node.id)).map((node) => structuredClone(node)),
    edges: graph.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)).map((edge) => ({ ...edge })),
  };
}

/**
 * Pastes nodes (new ids, shifted by `offset`) and the edges between them. A second trigger is
 * not pasted: a flow has exactly one.
 */
export function paste(graph: FlowGraph, clipboard: Clipboard, describe: Describe, offset: { x: number; y: number }): { graph: FlowGraph; nodeIds: string[] } {
  const hasTrigger = graph.nodes.some((node) => describe(node.type, node.typeVersion)?.kind === 'trigger');
  let next = graph;
  const ids = new Map<string, string>();
  for (const node of clipboard.nodes) {
    if (hasTrigger && describe(node.type, node.typeVersion)?.kind === 'trigger') continue;
    const id = newNodeId(next, node.type, describe(node.type, node.typeVersion)?.kind);
    ids.set(node.id, id);
    const position = { x: (node.position?.x ?? 0) + offset.x, y: (node.position?.y ?? 0) + offset.y };
    next = { ...next, nodes: [...next.nodes, { ...structuredClone(node), id, position }] };
  }
  for (const edge of clipboard.edges) {
    const source = ids.get(edge.source);
    const target = ids.get(edge.target);
    if (!source || !target) continue;
    next = { ...next, edges: [...next.edges, { ...edge, id: newEdgeId(next), source, target }] };
  }
  return { graph: next, nodeIds: [...ids.values()] };
}

/** Edges leaving handles a node no longer has (after its config changed). */
export function danglingEdges(graph: FlowGraph, describe: Describe): string[] {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  return graph.edges
    .filter((edge) => {
      const source = nodes.get(edge.source);
      return source ? !handlesFor(describe(source.type, source.typeVersion), source.config ?? {}).includes(edgeHandle(edge)) : true;
    })
    .map((edge) => edge.id);
}
