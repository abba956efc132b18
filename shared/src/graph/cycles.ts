import type { FlowGraph } from './types';

type Adjacency = Map<string, string[]>;

/** Successors by node id, over edges whose both ends are nodes of the graph. */
function adjacency(graph: FlowGraph): Adjacency {
  const next: Adjacency = new Map();
  for (const node of graph.nodes) if (!next.has(node.id)) next.set(node.id, []);
  for (const edge of graph.edges) {
    const list = next.get(edge.source);
    if (list && next.has(edge.target)) list.push(edge.target);
  }
  return next;
}

/**
 * One cycle of the graph as the node ids along it (the last one leads back to the first), or null.
 *
 * @example findCycle({ nodes: [a, b], edges: [a→b, b→a] }) // ['a', 'b']
 */
export function findCycle(graph: FlowGraph): string[] | null {
  const next = adjacency(graph);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS: `path` holds the open nodes, `cursor` the next child index of each.
    const path = [start];
    const cursor = [0];
    state.set(start, 'open');
    while (path.length > 0) {
      const top = path.length - 1;
      const children = next.get(path[top])!;
      if (cursor[top] === children.length) {
        state.set(path.pop()!, 'done');
        cursor.pop();
        continue;
      }
      const child = children[cursor[top]++];
      const seen = state.get(child);
      if (seen === 'open') return path.slice(path.indexOf(child));
      if (seen === undefined) {
        state.set(child, 'open');
        path.push(child);
        cursor.push(0);
      }
    }
  }
  return null;
}

/**
 * Whether adding an edge `source → target` would close a cycle (the editor refuses such a connection).
 *
 * @example wouldCreateCycle(graph, 'send', 'trigger') // true when send is reachable from trigger
 */
export function wouldCreateCycle(graph: FlowGraph, source: string, target: string): boolean {
  if (source === target) return true;
  const next = adjacency(graph);
  const seen = new Set([target]);
  const stack = [target];
  while (stack.length > 0) {
    for (const child of next.get(stack.pop()!) ?? []) {
      if (child === source) return true;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * The groups of nodes that lie on cycles (strongly connected components with more than one
 * node, or a node with an edge to itself), each group in document order.
 *
 * @example cycleGroups(graph) // [['check', 'retry_send']]
 */
export function cycleGroups(graph: FlowGraph): string[][] {
  const next = adjacency(graph);
  const ids = [...next.keys()];
  const position = new Map(ids.map((id, i) => [id, i]));
  // Tarjan's algorithm, iterative so a long chain cannot overflow the call stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; child: number }> = [{ id: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.id)!;
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== frame.id);
      if (group.length > 1 || children.includes(frame.id)) {
        groups.push(group.sort((a, b) => position.get(a)! - position.get(b)!));
      }
    }
  }
  return groups.sort((a, b) => position.get(a[0])! - position.get(b[0])!);
}
