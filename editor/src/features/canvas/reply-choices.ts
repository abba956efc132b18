import type { FlowGraph } from '@switchboard/shared';
import { choicesOf, type ButtonItem } from '../node-config/interactive-message';

/** The node type whose buttons and list rows a "Wait for reply" after it branches on. */
export const INTERACTIVE_TYPE = 'whatsapp.send_interactive';

/**
 * The nearest interactive message before `nodeId` (following links backwards, closest first)
 * and the choices it offers: what a "Wait for reply" there can expect, and the titles its
 * handles are drawn with. Null when no such message precedes it.
 *
 * @example precedingChoices(graph, 'wait') // { nodeId: 'ask', choices: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] }
 */
export function precedingChoices(graph: FlowGraph, nodeId: string): { nodeId: string; choices: ButtonItem[] } | null {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const seen = new Set([nodeId]);
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const target of frontier) {
      for (const edge of graph.edges) {
        if (edge.target !== target || seen.has(edge.source)) continue;
        seen.add(edge.source);
        const source = byId.get(edge.source);
        if (source?.type === INTERACTIVE_TYPE) return { nodeId: source.id, choices: choicesOf(source.config ?? {}) };
        next.push(edge.source);
      }
    }
    frontier = next;
  }
  return null;
}

/** The titles of the choices before `nodeId`, by id (empty when there is no interactive message before it). */
export function choiceTitles(graph: FlowGraph, nodeId: string): ReadonlyMap<string, string> {
  const found = precedingChoices(graph, nodeId);
  return new Map((found?.choices ?? []).filter((choice) => choice.title.trim() !== '').map((choice) => [choice.id, choice.title.trim()]));
}
