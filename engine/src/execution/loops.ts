import { edgeHandle, type FlowGraph, type GraphProblem } from '@switchboard/shared';

/** The steps a loop runs once per item: everything downstream of its item handle. */
export interface LoopBody {
  loopId: string;
  /** The loop's handles: per item, and when every item is done. */
  handles: { item: string; done: string };
  nodes: ReadonlySet<string>;
  /** The body's first steps: the loop's children on its item handle. */
  roots: string[];
}

/**
 * The body of every fan-out node of a graph, and what is wrong with them: a body must be
 * closed (its nodes take edges only from the body or from the loop's item handle), its first
 * steps take only the loop as input, and loops do not nest (yet).
 *
 * @example findLoops(graph, (type) => (type === 'flow.loop' ? { item: 'item', done: 'done' } : undefined))
 */
export function findLoops(graph: FlowGraph, fanOutOf: (type: string, typeVersion?: number) => { item: string; done: string } | undefined): { loops: LoopBody[]; problems: GraphProblem[] } {
  const loops: LoopBody[] = [];
  const problems: GraphProblem[] = [];
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const incoming = new Map<string, typeof graph.edges>();
  for (const edge of graph.edges) incoming.set(edge.target, [...(incoming.get(edge.target) ?? []), edge]);
  for (const node of graph.nodes) {
    const handles = fanOutOf(node.type, node.typeVersion);
    if (!handles) continue;
    const roots = [...new Set(graph.edges.filter((edge) => edge.source === node.id && edgeHandle(edge) === handles.item).map((edge) => edge.target))];
    const body = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (body.has(id) || id === node.id || !nodes.has(id)) continue;
      body.add(id);
      for (const edge of graph.edges) if (edge.source === id) queue.push(edge.target);
    }
    for (const id of body) {
      for (const edge of incoming.get(id) ?? []) {
        const fromLoop = edge.source === node.id && edgeHandle(edge) === handles.item;
        if (!fromLoop && !body.has(edge.source)) {
          problems.push({ nodeId: id, field: 'edges', message: `${id} runs once per item of the loop ${node.id}, so it can only follow steps inside the loop; the edge from ${edge.source} comes from outside it` });
        } else if (fromLoop === false && roots.includes(id)) {
          problems.push({ nodeId: id, field: 'edges', message: `${id} is a first step of the loop ${node.id}: it can only follow the loop's item handle` });
        }
      }
      const inner = nodes.get(id);
      if (inner && fanOutOf(inner.type, inner.typeVersion)) {
        problems.push({ nodeId: id, field: 'type', message: `a loop inside the loop ${node.id} is not supported yet; loop over the combined list instead` });
      }
    }
    loops.push({ loopId: node.id, handles, nodes: body, roots });
  }
  return { loops, problems };
}
