import type { FlowGraph, FlowNode } from '@switchboard/shared';
import type { Describe } from '../../store/graph-operations';

/** The trigger node of a draft (the first, if an invalid draft has several). */
export function triggerOf(graph: FlowGraph, describe: Describe): FlowNode | undefined {
  return graph.nodes.find((node) => describe(node.type, node.typeVersion)?.kind === 'trigger');
}

/**
 * The event a test run starts with unless the user edits it: the manual trigger's own
 * `samplePayload` when set, else the sample event the catalog gives for the trigger's type.
 */
export function sampleEventFor(graph: FlowGraph, describe: Describe): Record<string, unknown> {
  const trigger = triggerOf(graph, describe);
  if (!trigger) return {};
  const payload = trigger.config?.samplePayload;
  if (payload && typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length > 0) return payload as Record<string, unknown>;
  return describe(trigger.type, trigger.typeVersion)?.sampleEvent ?? {};
}

/** The test dialog's JSON: an object, or why it is not one. */
export function parseEvent(text: string): { event: Record<string, unknown>; error: null } | { event: null; error: string } {
  if (text.trim() === '') return { event: {}, error: null };
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { event: null, error: 'The event must be a JSON object, like { "customer": { … } }.' };
    return { event: value as Record<string, unknown>, error: null };
  } catch (error) {
    return { event: null, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * A flow document read from an imported file: `{ name?, graph: { nodes, edges } }` as exported,
 * or a bare `{ nodes, edges }`.
 */
export function parseImport(text: string): { graph: FlowGraph; name: string | null; error: null } | { graph: null; name: null; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { graph: null, name: null, error: 'This file is not valid JSON.' };
  }
  const record = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const graph = (record.graph && typeof record.graph === 'object' ? record.graph : record) as Record<string, unknown>;
  if (!Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) return { graph: null, name: null, error: 'This file is not a flow: it needs a graph with "nodes" and "edges" lists.' };
  const bad = (graph.nodes as unknown[]).find((node) => !node || typeof node !== 'object' || typeof (node as FlowNode).id !== 'string' || typeof (node as FlowNode).type !== 'string');
  if (bad !== undefined) return { graph: null, name: null, error: 'Every node needs an "id" and a "type".' };
  const nodes = (graph.nodes as FlowNode[]).map((node) => ({ ...node, config: node.config && typeof node.config === 'object' ? node.config : {} }));
  return { graph: { nodes, edges: graph.edges as FlowGraph['edges'] }, name: typeof record.name === 'string' && record.name.trim() ? record.name.trim() : null, error: null };
}
