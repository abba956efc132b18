/**
 * The rules one edge must keep, whoever asks: publishing (`validateGraph` reports every broken
 * rule of every edge, each with its message and field) and the editor (which refuses a drawn
 * connection and says why). Each caller words the broken rules for its reader; the rules are
 * only here. Loops are a rule of the whole graph (`cycleGroups`, `wouldCreateCycle`).
 */
export type EdgeRule =
  /** The edge starts at a node the flow does not have. */
  | 'unknown-source'
  /** The edge ends at a node the flow does not have. */
  | 'unknown-target'
  /** The edge leaves a node for the same node. */
  | 'self'
  /** The edge goes into a trigger: nothing comes before a trigger. */
  | 'into-trigger'
  /** The edge leaves from a handle its source does not have. */
  | 'unknown-handle'
  /** Another edge already connects the same source handle to the same target. */
  | 'repeated';

/** What the edge rules look at, as the caller knows it. */
export interface EdgeFacts {
  /** The source node; undefined when the flow has no such node. */
  source?: { id: string; handles?: readonly string[] };
  /** The target node; undefined when the flow has no such node. `kind` undefined for an unknown type. */
  target?: { id: string; kind?: 'trigger' | 'action' };
  /** The handle the edge leaves from (`default` when it names none). */
  handle: string;
  /** Whether an earlier edge connects the same source, handle and target. */
  repeated: boolean;
}

/**
 * The rules an edge breaks, in this order (the editor shows the first). A source whose
 * handles are unknown (an unknown node type) is not checked for its handle.
 *
 * @example brokenEdgeRules({ source: { id: 'a', handles: ['default', 'error'] }, target: { id: 'a', kind: 'action' }, handle: 'yes', repeated: false }) // ['self', 'unknown-handle']
 */
export function brokenEdgeRules(edge: EdgeFacts): EdgeRule[] {
  const broken: EdgeRule[] = [];
  const { source, target } = edge;
  if (!source) broken.push('unknown-source');
  if (!target) broken.push('unknown-target');
  if (source && target && source.id === target.id) broken.push('self');
  if (target?.kind === 'trigger') broken.push('into-trigger');
  if (source?.handles && !source.handles.includes(edge.handle)) broken.push('unknown-handle');
  if (source && target && edge.repeated) broken.push('repeated');
  return broken;
}

/** Whether two edges connect the same source handle to the same target (a repeated connection). */
export function connectionKey(source: string, handle: string, target: string): string {
  return JSON.stringify([source, handle, target]);
}
