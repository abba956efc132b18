import { edgeHandle, type FlowEdge, type FlowGraph, type FlowNode } from './types';

/** Says which node types are triggers: a predicate or a set of type names. */
export type TriggerTypes = ((type: string) => boolean) | ReadonlySet<string> | readonly string[];

/**
 * A read-only index over one flow graph, built once (O(nodes + edges)) and queried per step.
 * Edges whose source or target is not a node are left out; with duplicate node ids the first wins.
 * Unknown ids give empty answers. Returned arrays and sets are shared: never mutate them.
 */
export interface GraphIndex {
  /** Nodes by id. */
  readonly nodes: ReadonlyMap<string, FlowNode>;
  /** The first node (in document order) whose type is a trigger; undefined when there is none. */
  readonly trigger: FlowNode | undefined;
  /** Edges leaving `id`, in document order. */
  outgoing(id: string): readonly FlowEdge[];
  /** Edges entering `id`, in document order. */
  incoming(id: string): readonly FlowEdge[];
  /** Distinct sources of the edges entering `id`. */
  parents(id: string): readonly string[];
  /** Distinct targets of the edges leaving `id`, only from `handle` when given. @example children('check', 'yes') */
  children(id: string, handle?: string): readonly string[];
  /** Every node from which `id` can be reached (memoised; `id` itself only if it is on a cycle). */
  ancestors(id: string): ReadonlySet<string>;
  /** Nodes reachable from the trigger, the trigger included; empty without a trigger. */
  readonly reachable: ReadonlySet<string>;
  /** All node ids, each after its parents (ties in document order); nodes on or behind a cycle come last, in document order. */
  topologicalOrder(): readonly string[];
}

const NO_EDGES: readonly FlowEdge[] = Object.freeze([]);
const NO_IDS: readonly string[] = Object.freeze([]);
const NO_SET: ReadonlySet<string> = new Set<string>();

/** Turns the `TriggerTypes` accepted by `indexGraph` into a predicate. */
export function toTriggerPredicate(triggers: TriggerTypes | undefined): (type: string) => boolean {
  if (triggers === undefined) return () => false;
  if (typeof triggers === 'function') return triggers;
  const set = triggers instanceof Set ? triggers : new Set(triggers as readonly string[]);
  return (type) => set.has(type);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Indexes a graph for fast parent/child/ancestor queries.
 *
 * @example const index = indexGraph(graph, (type) => catalog.get(type)?.kind === 'trigger');
 *          index.children('check', 'yes') // ['notify']
 */
export function indexGraph(graph: FlowGraph, isTrigger?: TriggerTypes): GraphIndex {
  const triggerPredicate = toTriggerPredicate(isTrigger);
  const nodes = new Map<string, FlowNode>();
  for (const node of graph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);

  const outgoing = new Map<string, FlowEdge[]>();
  const incoming = new Map<string, FlowEdge[]>();
  for (const edge of graph.edges) {
    if (!nodes.has(edge.source) || !nodes.has(edge.target)) continue;
    pushTo(outgoing, edge.source, edge);
    pushTo(incoming, edge.target, edge);
  }

  const parents = new Map<string, readonly string[]>();
  for (const [id, edges] of incoming) parents.set(id, distinct(edges.map((e) => e.source)));
  const children = new Map<string, readonly string[]>();
  const childrenByHandle = new Map<string, Map<string, readonly string[]>>();
  for (const [id, edges] of outgoing) {
    children.set(id, distinct(edges.map((e) => e.target)));
    const byHandle = new Map<string, string[]>();
    for (const edge of edges) pushTo(byHandle, edgeHandle(edge), edge.target);
    const frozen = new Map<string, readonly string[]>();
    for (const [handle, targets] of byHandle) frozen.set(handle, distinct(targets));
    childrenByHandle.set(id, frozen);
  }

  let trigger: FlowNode | undefined;
  for (const node of nodes.values()) {
    if (triggerPredicate(node.type)) {
      trigger = node;
      break;
    }
  }

  const reachable = new Set<string>();
  if (trigger) {
    const stack = [trigger.id];
    reachable.add(trigger.id);
    while (stack.length > 0) {
      for (const child of children.get(stack.pop()!) ?? NO_IDS) {
        if (!reachable.has(child)) {
          reachable.add(child);
          stack.push(child);
        }
      }
    }
  }

  const ancestorCache = new Map<string, ReadonlySet<string>>();
  const ancestors = (id: string): ReadonlySet<string> => {
    if (!nodes.has(id)) return NO_SET;
    const cached = ancestorCache.get(id);
    if (cached) return cached;
    const found = new Set<string>();
    const stack = [id];
    while (stack.length > 0) {
      for (const parent of parents.get(stack.pop()!) ?? NO_IDS) {
        if (found.has(parent)) continue;
        found.add(parent);
        // A parent whose ancestors are already known contributes them without another walk.
        const known = ancestorCache.get(parent);
        if (known) for (const a of known) found.add(a);
        else stack.push(parent);
      }
    }
    ancestorCache.set(id, found);
    return found;
  };

  let order: readonly string[] | undefined;
  const topologicalOrder = (): readonly string[] => {
    order ??= computeTopologicalOrder([...nodes.keys()], parents, children);
    return order;
  };

  return {
    nodes,
    trigger,
    outgoing: (id) => outgoing.get(id) ?? NO_EDGES,
    incoming: (id) => incoming.get(id) ?? NO_EDGES,
    parents: (id) => parents.get(id) ?? NO_IDS,
    children: (id, handle) => (handle === undefined ? children.get(id) : childrenByHandle.get(id)?.get(handle)) ?? NO_IDS,
    ancestors,
    reachable,
    topologicalOrder,
  };
}

/** Kahn's algorithm, taking ready nodes in document order so the result is stable. */
function computeTopologicalOrder(
  ids: readonly string[],
  parents: ReadonlyMap<string, readonly string[]>,
  children: ReadonlyMap<string, readonly string[]>,
): string[] {
  const position = new Map(ids.map((id, i) => [id, i]));
  const waiting = new Map(ids.map((id) => [id, (parents.get(id) ?? NO_IDS).length]));
  const ready = ids.filter((id) => waiting.get(id) === 0);
  const result: string[] = [];
  const done = new Set<string>();
  while (ready.length > 0) {
    // Graphs are small (tens to hundreds of nodes); a sorted array keeps document order without a heap.
    const id = ready.shift()!;
    result.push(id);
    done.add(id);
    const released: string[] = [];
    for (const child of children.get(id) ?? NO_IDS) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0) released.push(child);
    }
    if (released.length > 0) {
      ready.push(...released);
      ready.sort((a, b) => position.get(a)! - position.get(b)!);
    }
  }
  for (const id of ids) if (!done.has(id)) result.push(id);
  return result;
}
