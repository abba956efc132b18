import type { FlowGraph, FlowPosition } from '@switchboard/shared';
import { edgeHandle } from '@switchboard/shared';
import type { Describe } from '../../store/graph-operations';
import { handlesFor } from './handles';
import { bottomHandleCount, CARD, cardSize } from './diagram';

const GAP_Y = 88;
const GAP_X = 48;

/**
 * Where "add the next step" puts a new node after `nodeId`, and the handle it connects from:
 * the first output (not `error`) that has no edge yet, else the first output; the new card is
 * centered under that handle, in a free spot.
 */
export function nextStepPlacement(graph: FlowGraph, describe: Describe, nodeId: string): { position: FlowPosition; handle: string } | null {
  const node = graph.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) return null;
  const outputs = handlesFor(describe(node.type, node.typeVersion), node.config ?? {}).filter((handle) => handle !== 'error');
  if (outputs.length === 0) return null;
  const used = new Set(graph.edges.filter((edge) => edge.source === nodeId).map(edgeHandle));
  const handle = outputs.find((candidate) => !used.has(candidate)) ?? outputs[0]!;
  const { width, height } = cardSize(outputs.length);
  const origin = node.position ?? { x: 0, y: 0 };
  const handleX = (width * (outputs.indexOf(handle) + 0.5)) / outputs.length;
  const position = { x: Math.round(origin.x + handleX - CARD.minWidth / 2), y: Math.round(origin.y + height + CARD.labelRoom + GAP_Y) };
  return { position: freeSpot(graph, describe, position), handle };
}

/** `wanted`, or the nearest free slot to its right on the same row (siblings line up), where a new card overlaps no other. */
export function freeSpot(graph: FlowGraph, describe: Describe, wanted: FlowPosition): FlowPosition {
  const rects = graph.nodes
    .filter((node) => node.position)
    .map((node) => ({ ...node.position!, ...cardSize(bottomHandleCount(node, describe)) }));
  const size = { width: CARD.minWidth, height: CARD.height + CARD.labelRoom };
  const overlaps = (spot: FlowPosition) =>
    rects.some((rect) => spot.x < rect.x + rect.width && rect.x < spot.x + size.width && spot.y < rect.y + rect.height + CARD.labelRoom && rect.y < spot.y + size.height);
  for (let slot = 0; slot < 100; slot++) {
    const spot = { x: wanted.x + slot * (CARD.minWidth + GAP_X), y: wanted.y };
    if (!overlaps(spot)) return spot;
  }
  return wanted;
}

/**
 * Where a card dropped at `wanted` goes: there, unless the pointer fell on another card — then
 * just below that card, so the new one never hides an old one.
 */
export function dropSpot(graph: FlowGraph, describe: Describe, wanted: FlowPosition): FlowPosition {
  const center = { x: wanted.x + CARD.minWidth / 2, y: wanted.y + CARD.height / 2 };
  for (const node of graph.nodes) {
    if (!node.position) continue;
    const size = cardSize(bottomHandleCount(node, describe));
    const inside = center.x >= node.position.x && center.x <= node.position.x + size.width && center.y >= node.position.y && center.y <= node.position.y + size.height;
    if (inside) return freeSpot(graph, describe, { x: node.position.x, y: node.position.y + size.height + CARD.labelRoom + GAP_Y });
  }
  return wanted;
}

/**
 * How far a copy of `nodes` (duplicate, paste) moves so it sits beside the originals: to the
 * right by the width of what is copied plus a gap, then further right, one copy's width at a
 * time, until it overlaps no card already there (so a second paste does not land on the first).
 */
export function besideOffset(graph: FlowGraph, describe: Describe, nodes: ReadonlyArray<FlowGraph['nodes'][number]>): FlowPosition {
  const placed = nodes.filter((node) => node.position);
  if (placed.length === 0) return { x: GAP_X, y: 0 };
  const boxes = placed.map((node) => ({ ...node.position!, ...cardSize(bottomHandleCount(node, describe)) }));
  const left = Math.min(...boxes.map((box) => box.x));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const step = right - left + GAP_X;
  const others = graph.nodes
    .filter((node) => node.position)
    .map((node) => ({ ...node.position!, ...cardSize(bottomHandleCount(node, describe)) }));
  const overlaps = (dx: number) =>
    boxes.some((box) => others.some((other) => box.x + dx < other.x + other.width && other.x < box.x + dx + box.width && box.y < other.y + other.height + CARD.labelRoom && other.y < box.y + box.height + CARD.labelRoom));
  for (let times = 1; times < 50; times++) if (!overlaps(step * times)) return { x: step * times, y: 0 };
  return { x: step, y: 0 };
}
