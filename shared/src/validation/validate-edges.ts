import { DEFAULT_HANDLE, ERROR_HANDLE, type FlowEdge, type GraphProblem } from '../graph/types';
import { errorMessage, isRecord } from '../util/is-record';
import { brokenEdgeRules, connectionKey } from './edge-rules';
import type { CheckedNode } from './validate-nodes';

/** What the edge checks found, and the edges the cycle and reachability checks walk. */
export interface EdgeCheck {
  problems: GraphProblem[];
  /** Edges between two distinct existing nodes, not into a trigger: what cycle and reachability checks walk. */
  usable: FlowEdge[];
}

/**
 * Checks every entry of `edges` against the checked nodes. Each problem's `nodeId` is the
 * edge's source when that node exists (so the editor can point at it), else null.
 */
export function checkEdges(entries: readonly unknown[], nodes: ReadonlyMap<string, CheckedNode>): EdgeCheck {
  const problems: GraphProblem[] = [];
  const usable: FlowEdge[] = [];
  const edgeIds = new Set<string>();
  const connections = new Map<string, string>();
  const handlesOf = handleResolver();

  entries.forEach((entry, i) => {
    if (!isRecord(entry)) {
      problems.push({ nodeId: null, field: `edges[${i}]`, message: `the edge at position ${i + 1} is not an edge object` });
      return;
    }
    const edgeId = typeof entry.id === 'string' && entry.id !== '' ? entry.id : undefined;
    const label = edgeId === undefined ? `the edge at position ${i + 1}` : `the edge ${edgeId}`;
    const source = typeof entry.source === 'string' ? nodes.get(entry.source) : undefined;
    const target = typeof entry.target === 'string' ? nodes.get(entry.target) : undefined;
    const report = (field: string, message: string) =>
      problems.push({ nodeId: source?.id ?? null, field: `edges[${i}]${field}`, message, ...(edgeId === undefined ? {} : { edgeId }) });

    if (edgeId === undefined) report('.id', `${label} has no id`);
    else if (edgeIds.has(edgeId)) report('.id', `two edges are called "${edgeId}"; each edge needs its own id`);
    if (edgeId !== undefined) edgeIds.add(edgeId);

    const rawHandle = entry.sourceHandle;
    const handleIsText = rawHandle === undefined || rawHandle === null || typeof rawHandle === 'string';
    const handle = typeof rawHandle === 'string' && rawHandle !== '' ? rawHandle : DEFAULT_HANDLE;
    const resolved = source ? handlesOf(source) : undefined;
    const key = source && target ? connectionKey(source.id, handle, target.id) : undefined;
    const first = key === undefined ? undefined : connections.get(key);
    const broken = new Set(
      brokenEdgeRules({
        source: source && { id: source.id, handles: handleIsText ? resolved?.handles : undefined },
        target: target && { id: target.id, kind: target.spec?.kind },
        handle,
        repeated: first !== undefined,
      }),
    );

    if (broken.has('unknown-source')) report('.source', endMessage(label, 'starts', entry.source));
    if (broken.has('unknown-target')) report('.target', endMessage(label, 'ends', entry.target));
    else if (broken.has('into-trigger')) report('.target', `${label} goes into the trigger ${target?.id}; nothing can come before a trigger`);
    if (broken.has('self')) report('.target', `${label} connects ${source?.id} to itself`);

    // A node whose outputs could not be worked out is reported once, with its first edge.
    if (resolved?.problem) problems.push(resolved.problem);
    if (!handleIsText) report('.sourceHandle', `${label} has a handle that is not text`);
    else if (broken.has('unknown-handle')) {
      report('.sourceHandle', `${label} leaves handle "${handle}" but ${source?.id} has only ${resolved?.handles?.join(', ')}`);
    }

    if (!source || !target || key === undefined) return;
    if (broken.has('repeated')) {
      report('', `${label} repeats ${first}: both connect ${source.id} (${handle}) to ${target.id}`);
    } else connections.set(key, edgeId ?? `the edge at position ${i + 1}`);

    if (!broken.has('self') && !broken.has('into-trigger')) {
      usable.push({ id: edgeId ?? `#${i}`, source: source.id, target: target.id, sourceHandle: handle });
    }
  });
  return { problems, usable };
}

function endMessage(label: string, verb: 'starts' | 'ends', value: unknown): string {
  if (typeof value !== 'string' || value === '') return `${label} has no node it ${verb === 'starts' ? 'starts from' : 'leads to'}`;
  return `${label} ${verb} at "${value}", which is not a node of this flow`;
}

/**
 * The handles edges may leave a node from: `default` for triggers, the type's outputs plus
 * `error` for actions, undefined when unknown (unknown type, or outputs() threw: `problem`
 * says so, for the first edge that asks only).
 */
function handleResolver(): (node: CheckedNode) => { handles?: readonly string[]; problem?: GraphProblem } {
  const cache = new Map<string, readonly string[] | undefined>();
  return (node) => {
    if (cache.has(node.id)) return { handles: cache.get(node.id) };
    let handles: readonly string[] | undefined;
    let problem: GraphProblem | undefined;
    if (node.spec?.kind === 'trigger') handles = [DEFAULT_HANDLE];
    else if (node.spec) {
      try {
        handles = [...new Set([...node.spec.outputs(node.config), ERROR_HANDLE])];
      } catch (error) {
        problem = { nodeId: node.id, field: 'config', message: `the outputs of ${node.id} could not be worked out: ${errorMessage(error)}` };
      }
    }
    cache.set(node.id, handles);
    return { handles, problem };
  };
}
