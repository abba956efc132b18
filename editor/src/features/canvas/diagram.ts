import { stepTitles, withStepTitles } from '../node-config/problem-display';
import { edgeHandle, type FlowGraph, type FlowNode, type GraphProblem } from '@switchboard/shared';
import { MarkerType, Position, type Edge, type Node, type NodeHandle, type XYPosition } from '@xyflow/react';
import type { StepStatus } from '../../api/types';
import type { Describe } from '../../store/graph-operations';
import { handlesFor, handleTitle } from './handles';
import { choiceTitles } from './reply-choices';
import { FALLBACK_ICON } from './icon-paths';
import { summarize } from './summarize';

/**
 * The canvas is drawn from the flow document, never the other way round: these pure functions
 * turn the store's graph (plus the catalog, the draft's problems and a run's step statuses)
 * into React Flow nodes and edges, and React Flow's changes back into store edits.
 */

/** Card geometry, shared by the card's CSS (inline sizes), the handles and the auto-layout. */
export const CARD = {
  minWidth: 280,
  height: 84,
  /** Horizontal room per bottom handle, so labels of branch paths do not collide. */
  handleSpacing: 104,
  handleSize: 12,
  /** Room under the card for the labels of its handles. */
  labelRoom: 22,
} as const;

export type HandleKind = 'default' | 'branch' | 'error';

/** A source handle of a card: where it sits (its center, relative to the card) and what it says. */
export interface HandleView {
  id: string;
  label: string;
  kind: HandleKind;
  side: 'bottom' | 'right';
  x: number;
  y: number;
  /** An edge leaves it (the edge then carries the label, so the card can hide its own). */
  connected: boolean;
}

export interface StepNodeData extends Record<string, unknown> {
  nodeId: string;
  type: string;
  kind: 'trigger' | 'action' | 'unknown';
  /** The name the user gave the node, else the catalog title. */
  title: string;
  /** The catalog title of the type (the type itself when the catalog lacks it). */
  typeTitle: string;
  icon: string;
  category: string;
  summary: string;
  handles: HandleView[];
  /** Triggers start the flow: nothing leads into them. */
  hasTarget: boolean;
  /** Readable problems of this node (`to: Required`). */
  problems: string[];
  /** In a run view: the node's step status, `null` when it has no step. */
  status: StepStatus | null;
  /** In a run view, for a loop and the steps it repeats: how often it ran and how many of those failed. */
  repeats: StepRepeats | null;
  /** In a run view: the offline rules answered this AI step (no model is connected). */
  offlineAi: boolean;
}

/** A loop's or a loop body step's tally in a run: `items` for the loop (its list), `runs` for a step of its body. */
export interface StepRepeats {
  kind: 'items' | 'runs';
  count: number;
  failed: number;
}

/** What a run view lays over a node: its step status and, in a loop, its tally. */
export interface StepOverlay {
  status: StepStatus;
  repeats?: StepRepeats;
  /** The offline rules answered this AI step, not a model: the card says so. */
  offlineAi?: boolean;
}

export interface LinkEdgeData extends Record<string, unknown> {
  handle: string;
  label: string;
  kind: HandleKind;
  problem: string | null;
  /** In a run view: the run went along this edge (both ends ran). */
  traversed: boolean;
}

export type StepNode = Node<StepNodeData, 'step'>;
export type LinkEdge = Edge<LinkEdgeData, 'link'>;

export interface DiagramInput {
  graph: FlowGraph;
  describe: Describe;
  problems?: readonly GraphProblem[];
  /** In a run view: each node's step status (and a loop's tally), by node id. */
  overlays?: Readonly<Record<string, StepOverlay>> | null;
}

export interface Diagram {
  nodes: StepNode[];
  edges: LinkEdge[];
}

/** Arrowhead colors (SVG markers take no CSS variables); both read on light and dark canvases. */
export const EDGE_COLORS = { default: '#8b91a7', error: '#d4483c' } as const;

const RAN: ReadonlySet<string> = new Set(['running', 'waiting', 'succeeded', 'failed']);

/** Graph → React Flow nodes and edges (nothing selected: see `applySelection`). */
export function toDiagram({ graph, describe, problems = [], overlays = null }: DiagramInput): Diagram {
  const positions = defaultPositions(graph, describe);
  const byNode = groupProblems(problems);
  // Problems name other steps by id ("… not connected to the trigger call_completed"): the card says their titles.
  const titles = problems.length > 0 ? stepTitles(graph.nodes, (type, typeVersion) => describe(type, typeVersion)?.title) : new Map<string, string>();
  const used = new Set(graph.edges.map((edge) => `${edge.source}\u0000${edgeHandle(edge)}`));
  // Handles named by button ids ("Wait for reply") are drawn with the titles of the buttons before them.
  const choices = new Map<string, ReadonlyMap<string, string>>();
  for (const node of graph.nodes) {
    const dynamic = describe(node.type, node.typeVersion)?.dynamicOutputs;
    if (dynamic && dynamic.key === undefined && Array.isArray(node.config?.[dynamic.from])) choices.set(node.id, choiceTitles(graph, node.id));
  }
  const nodes = graph.nodes.map((node) => toStepNode(node, describe, byNode.get(node.id) ?? [], overlays?.[node.id] ?? null, positions.get(node.id)!, used, titles, choices.get(node.id)));
  const edgeProblems = new Map<string, string>();
  for (const problem of problems) if (problem.edgeId && !edgeProblems.has(problem.edgeId)) edgeProblems.set(problem.edgeId, problem.message);
  const known = new Map(graph.nodes.map((node) => [node.id, node]));

  const edges = graph.edges.map((edge): LinkEdge => {
    const handle = edgeHandle(edge);
    const source = known.get(edge.source);
    const description = source ? describe(source.type, source.typeVersion) : undefined;
    const label = handleTitle(description, source?.config ?? {}, handle, choices.get(edge.source));
    const from = overlays?.[edge.source]?.status;
    const to = overlays?.[edge.target]?.status;
    return {
      id: edge.id,
      type: 'link',
      source: edge.source,
      target: edge.target,
      sourceHandle: handle,
      data: {
        handle,
        label,
        kind: handleKind(handle),
        problem: edgeProblems.get(edge.id) ?? null,
        traversed: Boolean(from && to && RAN.has(from) && RAN.has(to)),
      },
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: handle === 'error' ? EDGE_COLORS.error : EDGE_COLORS.default },
      ariaLabel: `Link from ${edge.source}${label ? ` (${label})` : ''} to ${edge.target}`,
    };
  });
  return { nodes, edges };
}

function toStepNode(
  node: FlowNode,
  describe: Describe,
  problems: GraphProblem[],
  overlay: StepOverlay | null,
  position: XYPosition,
  used: ReadonlySet<string>,
  titles: ReadonlyMap<string, string>,
  choices?: ReadonlyMap<string, string>,
): StepNode {
  const status = overlay?.status ?? null;
  const repeats = overlay?.repeats ?? null;
  const description = describe(node.type, node.typeVersion);
  const config = node.config ?? {};
  const ids = handlesFor(description, config);
  const bottom = ids.filter((id) => id !== 'error');
  const { width, height } = cardSize(bottom.length);
  const handles: HandleView[] = ids.map((id) => {
    const connected = used.has(`${node.id}\u0000${id}`);
    if (id === 'error') return { id, label: handleTitle(description, config, id), kind: 'error', side: 'right', x: width, y: height / 2, connected };
    const index = bottom.indexOf(id);
    return { id, label: handleTitle(description, config, id, choices), kind: handleKind(id), side: 'bottom', x: round((width * (index + 0.5)) / bottom.length), y: height, connected };
  });
  const kind = description?.kind ?? 'unknown';
  const hasTarget = kind !== 'trigger';
  const title = node.name?.trim() || description?.title || node.type;
  const data: StepNodeData = {
    nodeId: node.id,
    type: node.type,
    kind,
    title,
    typeTitle: description?.title ?? node.type,
    icon: description?.icon ?? FALLBACK_ICON,
    category: description?.category ?? 'Unknown',
    summary: description ? summarize(node, description) : `Unknown node type ${node.type}`,
    handles,
    hasTarget,
    problems: problems.map((problem) => withStepTitles(problemText(problem), titles)),
    status,
    repeats,
    offlineAi: overlay?.offlineAi === true,
  };
  return {
    id: node.id,
    type: 'step',
    position,
    width,
    height,
    // Known sizes and handles: React Flow can fit and draw edges before measuring the DOM
    // (and nodes outside the view, never rendered with onlyRenderVisibleElements, still count).
    measured: { width, height },
    data,
    handles: rfHandles(handles, hasTarget, width),
    ariaLabel: `${title} (${node.id})${problems.length ? `, ${problems.length} problem${problems.length === 1 ? '' : 's'}` : ''}${status ? `, ${status}` : ''}${repeats ? `, ${repeatsText(repeats)}` : ''}`,
  };
}

/** A loop's tally in words: "ran 100 times, 3 failed", "100 items, 3 failed". */
export function repeatsText(repeats: StepRepeats): string {
  const count = repeats.kind === 'items' ? `${repeats.count} item${repeats.count === 1 ? '' : 's'}` : `ran ${repeats.count} time${repeats.count === 1 ? '' : 's'}`;
  return repeats.failed > 0 ? `${count}, ${repeats.failed} failed` : count;
}

/** The card's size: wider when it has more bottom handles than fit the minimum width. */
export function cardSize(bottomHandles: number): { width: number; height: number } {
  return { width: Math.max(CARD.minWidth, bottomHandles * CARD.handleSpacing), height: CARD.height };
}

/**
 * Handle bounds for React Flow (top-left corners), so edges are drawn from the first frame and
 * never wait for the DOM to be measured. The card draws its handles at the same places.
 */
function rfHandles(handles: HandleView[], hasTarget: boolean, width: number): NodeHandle[] {
  const half = CARD.handleSize / 2;
  const sources = handles.map((handle): NodeHandle => ({
    id: handle.id,
    type: 'source',
    position: handle.side === 'right' ? Position.Right : Position.Bottom,
    x: handle.x - half,
    y: handle.y - half,
    width: CARD.handleSize,
    height: CARD.handleSize,
  }));
  if (!hasTarget) return sources;
  return [{ id: null, type: 'target', position: Position.Top, x: width / 2 - half, y: -half, width: CARD.handleSize, height: CARD.handleSize }, ...sources];
}

function handleKind(handle: string): HandleKind {
  return handle === 'default' ? 'default' : handle === 'error' ? 'error' : 'branch';
}

/** A problem as a card lists it: `to: Invalid input…`, the field relative to the node's config. */
export function problemText(problem: GraphProblem): string {
  const field = problem.field.startsWith('config.') ? problem.field.slice('config.'.length) : '';
  return field ? `${field}: ${problem.message}` : problem.message;
}

function groupProblems(problems: readonly GraphProblem[]): Map<string, GraphProblem[]> {
  const byNode = new Map<string, GraphProblem[]>();
  for (const problem of problems) {
    if (!problem.nodeId) continue;
    const list = byNode.get(problem.nodeId);
    if (list) list.push(problem);
    else byNode.set(problem.nodeId, [problem]);
  }
  return byNode;
}

const GAP_X = 48;
const GAP_Y = 96;

/**
 * Every node's position: its own, or for a node that has none (a flow written by hand or through
 * the API) a place in a layered grid by its depth from the trigger, to the right of the nodes that
 * have positions. Cheap (linear), unlike the auto-layout, so it can run on every change.
 */
export function defaultPositions(graph: FlowGraph, describe: Describe): Map<string, XYPosition> {
  const positions = new Map<string, XYPosition>();
  const missing = graph.nodes.filter((node) => !isPosition(node.position));
  let right = -Infinity;
  for (const node of graph.nodes) {
    if (!isPosition(node.position)) continue;
    positions.set(node.id, { x: node.position.x, y: node.position.y });
    right = Math.max(right, node.position.x + cardSize(bottomHandleCount(node, describe)).width);
  }
  if (missing.length === 0) return positions;

  const depth = depths(graph);
  const rows = new Map<number, FlowNode[]>();
  for (const node of missing) {
    const row = depth.get(node.id) ?? 0;
    rows.set(row, [...(rows.get(row) ?? []), node]);
  }
  const left = Number.isFinite(right) ? right + GAP_X * 2 : 0;
  for (const [row, nodes] of rows) {
    nodes.forEach((node, index) => positions.set(node.id, { x: left + index * (CARD.minWidth + GAP_X), y: row * (CARD.height + GAP_Y) }));
  }
  return positions;
}

function isPosition(position: FlowNode['position']): position is XYPosition {
  return !!position && Number.isFinite(position.x) && Number.isFinite(position.y);
}

export function bottomHandleCount(node: FlowNode, describe: Describe): number {
  return handlesFor(describe(node.type, node.typeVersion), node.config ?? {}).filter((handle) => handle !== 'error').length;
}

/** Longest distance from a node without parents; nodes on a cycle (an invalid draft) keep 0. */
function depths(graph: FlowGraph): Map<string, number> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const incoming = new Map<string, number>(graph.nodes.map((node) => [node.id, 0]));
  const children = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target)) continue;
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    children.set(edge.source, [...(children.get(edge.source) ?? []), edge.target]);
  }
  const depth = new Map<string, number>();
  const queue = graph.nodes.filter((node) => incoming.get(node.id) === 0).map((node) => node.id);
  for (const id of queue) depth.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const child of children.get(id) ?? []) {
      depth.set(child, Math.max(depth.get(child) ?? 0, depth.get(id)! + 1));
      const left = incoming.get(child)! - 1;
      incoming.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  return depth;
}

/** Marks the selected elements, keeping the objects of the others (React Flow skips unchanged objects). */
export function applySelection<T extends { id: string; selected?: boolean }>(items: T[], selected: ReadonlySet<string>): T[] {
  if (selected.size === 0) return items;
  return items.map((item) => (selected.has(item.id) ? { ...item, selected: true } : item));
}

/**
 * The new list, with every element equal to its previous version replaced by that previous
 * object, and the previous list itself when nothing changed: React Flow then re-renders only the
 * nodes and edges that really changed, which keeps a 300-node flow fluid while editing.
 */
export function reuseUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  if (previous.length === 0) return next;
  const before = new Map(previous.map((item) => [item.id, item]));
  let same = previous.length === next.length;
  const result = next.map((item, index) => {
    const old = before.get(item.id);
    if (old !== undefined && deepEqual(old, item)) {
      if (previous[index] !== old) same = false;
      return old;
    }
    same = false;
    return item;
  });
  return same ? (previous as T[]) : result;
}

/** Equality of plain JSON-like values (what diagrams are made of). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, index) => deepEqual(value, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key]));
}

/** React Flow's `select` changes applied to the current selection (ids, in a stable order). */
export function selectionAfter(current: readonly string[], changes: ReadonlyArray<{ type: string; id?: string; selected?: boolean }>): string[] {
  const next = new Set(current);
  for (const change of changes) {
    if (change.type !== 'select' || change.id === undefined) continue;
    if (change.selected) next.add(change.id);
    else next.delete(change.id);
  }
  return [...next];
}

/** Of the positions React Flow reports, those that differ from the graph's (rounded to whole pixels). */
export function movedPositions(graph: FlowGraph, positions: Readonly<Record<string, XYPosition>>): Record<string, XYPosition> {
  const moved: Record<string, XYPosition> = {};
  for (const node of graph.nodes) {
    const position = positions[node.id];
    if (!position) continue;
    const next = { x: round(position.x), y: round(position.y) };
    if (!node.position || node.position.x !== next.x || node.position.y !== next.y) moved[node.id] = next;
  }
  return moved;
}

function round(value: number): number {
  return Math.round(value);
}
