import { edgeHandle, type FlowEdge, type FlowGraph, type FlowNode } from '@switchboard/shared';

export interface NodeChange {
  id: string;
  /** What differs: `type`, `version`, `name`, `retry` or `config.<field>`. */
  fields: string[];
}

export interface FlowDiff {
  nodesAdded: FlowNode[];
  nodesRemoved: FlowNode[];
  nodesChanged: NodeChange[];
  edgesAdded: FlowEdge[];
  edgesRemoved: FlowEdge[];
}

/**
 * What publishing `after` would change compared with `before`. Nodes are matched by id, edges
 * by what they connect (source, handle, target) rather than by id, and moving a node on the
 * canvas is not a change: runs do not see positions.
 */
export function flowDiff(before: FlowGraph, after: FlowGraph): FlowDiff {
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const next = new Map(after.nodes.map((node) => [node.id, node]));
  const nodesChanged: NodeChange[] = [];
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) continue;
    const fields = changedFields(previous, node);
    if (fields.length > 0) nodesChanged.push({ id: node.id, fields });
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    nodesAdded: after.nodes.filter((node) => !old.has(node.id)),
    nodesRemoved: before.nodes.filter((node) => !next.has(node.id)),
    nodesChanged,
    edgesAdded: after.edges.filter((edge) => !oldEdges.has(edgeKey(edge))),
    edgesRemoved: before.edges.filter((edge) => !newEdges.has(edgeKey(edge))),
  };
}

export function isEmptyDiff(diff: FlowDiff): boolean {
  return diff.nodesAdded.length + diff.nodesRemoved.length + diff.nodesChanged.length + diff.edgesAdded.length + diff.edgesRemoved.length === 0;
}

function changedFields(before: FlowNode, after: FlowNode): string[] {
  const fields: string[] = [];
  if (before.type !== after.type) fields.push('type');
  if ((before.typeVersion ?? 1) !== (after.typeVersion ?? 1)) fields.push('version');
  if ((before.name ?? '') !== (after.name ?? '')) fields.push('name');
  if (!same(before.retry, after.retry)) fields.push('retry');
  const config = new Set([...Object.keys(before.config ?? {}), ...Object.keys(after.config ?? {})]);
  for (const key of [...config].sort()) if (!same(before.config?.[key], after.config?.[key])) fields.push(`config.${key}`);
  return fields;
}

function edgeKey(edge: FlowEdge): string {
  return JSON.stringify([edge.source, edgeHandle(edge), edge.target]);
}

/** Equality of JSON values, whatever the order of object keys. */
function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stable(record[key])}`)
    .join(',')}}`;
}

/**
 * Whether the draft would change what runs if it were published: the "Unpublished changes"
 * mark. Null (no mark) while the live version's graph is unknown — not published, or not
 * loaded yet — rather than a guess.
 */
export function hasUnpublishedChanges(live: FlowGraph | null | undefined, draft: FlowGraph): boolean | null {
  return live ? !isEmptyDiff(flowDiff(live, draft)) : null;
}
