import { cycleGroups } from '../graph/cycles';
import { indexGraph } from '../graph/traversal';
import type { FlowGraph, GraphProblem } from '../graph/types';
import { errorMessage, isRecord } from '../util/is-record';
import type { ValidationCatalog } from './types';
import { checkEdges } from './validate-edges';
import { checkNodes, type CheckedNode } from './validate-nodes';

/** The most steps and links a flow may have (a 300-step flow is already far past what people draw). */
export const MAX_GRAPH_NODES = 1000;
export const MAX_GRAPH_EDGES = 4000;

/**
 * Every problem of a flow graph at once, for any input: shape, node ids, types, versions,
 * configs, exactly one trigger, edges (ends, handles, duplicates), cycles and nodes the
 * trigger cannot reach. Never throws; an empty list means the graph can be published.
 *
 * @example validateGraph(flow.graph, catalog) // [{ nodeId: 'confirm', field: 'config.to', message: '…' }]
 */
export function validateGraph(graph: unknown, catalog: ValidationCatalog): GraphProblem[] {
  try {
    return collectProblems(graph, catalog);
  } catch (error) {
    // A catalog bug must not turn validation into a crash of the caller.
    return [{ nodeId: null, field: 'graph', message: `the flow could not be checked: ${errorMessage(error)}` }];
  }
}

function collectProblems(graph: unknown, catalog: ValidationCatalog): GraphProblem[] {
  if (!isRecord(graph)) return [{ nodeId: null, field: 'graph', message: 'the flow graph must be an object with a list of nodes and a list of edges' }];
  // Bigger graphs are refused before any work that grows faster than their size.
  if (Array.isArray(graph.nodes) && graph.nodes.length > MAX_GRAPH_NODES) {
    return [{ nodeId: null, field: 'nodes', message: `a flow has at most ${MAX_GRAPH_NODES} steps; this one has ${graph.nodes.length}` }];
  }
  if (Array.isArray(graph.edges) && graph.edges.length > MAX_GRAPH_EDGES) {
    return [{ nodeId: null, field: 'edges', message: `a flow has at most ${MAX_GRAPH_EDGES} links; this one has ${graph.edges.length}` }];
  }
  const problems: GraphProblem[] = [];
  if (!Array.isArray(graph.nodes)) problems.push({ nodeId: null, field: 'nodes', message: 'the flow graph has no list of nodes' });
  if (!Array.isArray(graph.edges)) problems.push({ nodeId: null, field: 'edges', message: 'the flow graph has no list of edges' });

  const nodeCheck = checkNodes(Array.isArray(graph.nodes) ? graph.nodes : [], catalog);
  problems.push(...nodeCheck.problems);
  const nodes = [...nodeCheck.nodes.values()];
  const triggers = nodes.filter((node) => node.spec?.kind === 'trigger');
  if (Array.isArray(graph.nodes)) problems.push(...triggerProblems(triggers));

  const edgeCheck = checkEdges(Array.isArray(graph.edges) ? graph.edges : [], nodeCheck.nodes);
  problems.push(...edgeCheck.problems);

  const clean: FlowGraph = { nodes: nodes.map(({ id, type, config }) => ({ id, type, config })), edges: edgeCheck.usable };
  for (const group of cycleGroups(clean)) {
    const loop = group.join(', ');
    for (const id of group) {
      problems.push({ nodeId: id, field: 'edges', message: `${id} is part of a loop (${loop}); a flow cannot go back to an earlier step` });
    }
  }

  if (triggers.length > 0) {
    const { reachable } = indexGraph(clean, (type) => type === triggers[0].type);
    for (const node of nodes) {
      if (node.spec?.kind === 'action' && !reachable.has(node.id)) {
        problems.push({ nodeId: node.id, field: 'edges', message: `${node.id} is not connected to the trigger ${triggers[0].id}, so it would never run` });
      }
    }
  }
  return problems;
}

function triggerProblems(triggers: readonly CheckedNode[]): GraphProblem[] {
  if (triggers.length === 0) {
    return [{ nodeId: null, field: 'nodes', message: 'the flow needs a trigger: add one trigger node (such as call.completed) to start it' }];
  }
  const [first, ...extra] = triggers;
  return extra.map((node) => ({
    nodeId: node.id,
    field: 'type',
    message: `${node.id} is a second trigger; a flow has exactly one trigger, and this one already starts with ${first.id}`,
  }));
}
