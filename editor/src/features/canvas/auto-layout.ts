import dagre from '@dagrejs/dagre';
import { edgeHandle, type FlowGraph, type FlowPosition } from '@switchboard/shared';
import type { Describe } from '../../store/graph-operations';
import { bottomHandleCount, CARD, cardSize, defaultPositions } from './diagram';
import { handlesFor } from './handles';

const NODE_GAP = 56;
const RANK_GAP = 88;

/**
 * Top-to-bottom positions for every node (top-left corners, whole pixels), computed by dagre
 * with each node's real card size, so parents sit above their children and no cards overlap.
 * `error` edges weigh less, so the main path stays straight and error handling goes aside, and
 * the children of a node keep the left-to-right order of the handles they hang from.
 */
export function autoLayout(graph: FlowGraph, describe: Describe): Record<string, FlowPosition> {
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ rankdir: 'TB', nodesep: NODE_GAP, ranksep: RANK_GAP, edgesep: 24, marginx: 0, marginy: 0 });
  layout.setDefaultEdgeLabel(() => ({}));

  const ids = new Set<string>();
  for (const node of graph.nodes) {
    const { width, height } = cardSize(bottomHandleCount(node, describe));
    // Labels under the handles count as part of the card, so the next rank clears them.
    layout.setNode(node.id, { width, height: height + CARD.labelRoom });
    ids.add(node.id);
  }
  for (const edge of graph.edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target) || edge.source === edge.target) continue;
    layout.setEdge(edge.source, edge.target, { weight: edgeHandle(edge) === 'error' ? 1 : 4, minlen: 1 }, edge.id);
  }
  dagre.layout(layout, { constraints: handleOrder(graph, describe, ids) });

  const positions: Record<string, FlowPosition> = {};
  for (const id of ids) {
    const placed = layout.node(id);
    // dagre places centers; the canvas positions top-left corners.
    positions[id] = { x: Math.round(placed.x - placed.width / 2), y: Math.round(placed.y - placed.height / 2) };
  }
  return positions;
}

/**
 * Left-of constraints between the children of each node, in the order of its handles (a
 * branch's paths, then `else`, then `error` on the right), so edges leave without crossing.
 */
function handleOrder(graph: FlowGraph, describe: Describe, ids: ReadonlySet<string>): Array<{ left: string; right: string }> {
  const constraints: Array<{ left: string; right: string }> = [];
  const bySource = new Map<string, FlowGraph['edges']>();
  for (const edge of graph.edges) if (ids.has(edge.source) && ids.has(edge.target)) bySource.set(edge.source, [...(bySource.get(edge.source) ?? []), edge]);
  for (const node of graph.nodes) {
    const edges = bySource.get(node.id);
    if (!edges || edges.length < 2) continue;
    const handles = handlesFor(describe(node.type, node.typeVersion), node.config ?? {});
    const rank = (handle: string) => (handle === 'error' ? handles.length : handles.indexOf(handle) === -1 ? handles.length - 1 : handles.indexOf(handle));
    const children = [...edges].sort((a, b) => rank(edgeHandle(a)) - rank(edgeHandle(b))).map((edge) => edge.target);
    const unique = children.filter((child, index) => children.indexOf(child) === index && child !== node.id);
    for (let i = 1; i < unique.length; i++) constraints.push({ left: unique[i - 1]!, right: unique[i]! });
  }
  return constraints;
}

/**
 * Positions for the nodes that have none (a flow written through the API, an imported file):
 * the auto-layout when no node has one, else a place right of the others. Applied once when the
 * flow is opened, so that later edits never move them.
 */
export function placeMissing(graph: FlowGraph, describe: Describe): Record<string, FlowPosition> {
  const missing = graph.nodes.filter((node) => !node.position);
  if (missing.length === 0) return {};
  if (missing.length === graph.nodes.length) return autoLayout(graph, describe);
  const defaults = defaultPositions(graph, describe);
  return Object.fromEntries(missing.map((node) => [node.id, defaults.get(node.id)!]));
}
