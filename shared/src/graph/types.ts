/**
 * The flow document: what the editor draws, the API stores and the engine runs.
 * Field names are camelCase; node ids are snake_case and unique within a flow.
 */

/** Where the editor draws a node on the canvas. */
export interface FlowPosition {
  x: number;
  y: number;
}

/** Retry override for an action: `attempts` in all (1 = no retry), first retry after `backoffMs`, doubling. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

/** One node of a flow: a trigger or an action, with its config. */
export interface FlowNode {
  /** snake_case, unique in the flow; later nodes read this node's output as `{{steps.<id>.…}}`. */
  id: string;
  /** The node type, e.g. `call.completed` or `whatsapp.send_template`. */
  type: string;
  /** Version of the node type this node was built with; 1 when absent. */
  typeVersion?: number;
  /** A label the user gave the node in the editor. */
  name?: string;
  config: Record<string, unknown>;
  position?: FlowPosition;
  /** Per-node retry override (actions only); `config.retry` is accepted as well. */
  retry?: Partial<RetryPolicy>;
}

/** A connection from a handle of `source` to `target`. */
export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  /** The handle of `source` the edge leaves from; `default` when absent. */
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** The nodes and edges of a flow. */
export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** A flow as imported and exported (CONTRACT "Flow document"). */
export interface FlowDocument {
  name: string;
  description?: string;
  graph: FlowGraph;
}

/** One problem of a graph. `nodeId` is null for problems of the graph as a whole. */
export interface GraphProblem {
  nodeId: string | null;
  /** Path of the offending field: `config.to`, `edges[2].target`, `nodes`, … */
  field: string;
  message: string;
  edgeId?: string;
}

/** The handle an edge leaves from when it names none. */
export const DEFAULT_HANDLE = 'default';
/** The handle every action has, followed when the action fails. */
export const ERROR_HANDLE = 'error';

/** The handle an edge leaves from. */
export function edgeHandle(edge: Pick<FlowEdge, 'sourceHandle'>): string {
  return edge.sourceHandle || DEFAULT_HANDLE;
}
