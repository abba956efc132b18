import type { FlowTemplateView, FlowView } from '../../api/types';

/** The flow's state as a badge: "draft", or "published v3". */
export function flowStatus(flow: Pick<FlowView, 'status' | 'publishedVersion'>): { label: string; badge: 'draft' | 'published' } {
  if (flow.status === 'published') return { label: flow.publishedVersion !== null ? `published v${flow.publishedVersion}` : 'published', badge: 'published' };
  return { label: 'draft', badge: 'draft' };
}

/** "3 problems" for a draft that cannot be published as it is; null when there are none. */
export function problemsLabel(flow: Pick<FlowView, 'status' | 'problems'>): string | null {
  const count = flow.problems.length;
  if (count === 0) return null;
  const words = `${count} problem${count === 1 ? '' : 's'}`;
  return flow.status === 'published' ? `draft: ${words}` : words;
}

/** The name a new flow gets when none is typed: the template's, made unique among the workspace's flows. */
export function suggestedName(template: Pick<FlowTemplateView, 'name'> | null, existing: readonly string[]): string {
  const base = template?.name ?? 'Untitled flow';
  const taken = new Set(existing.map((name) => name.trim().toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let index = 2; ; index += 1) {
    const candidate = `${base} ${index}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/**
 * A template's steps in the order they run (breadth-first from the trigger along the edges),
 * for the gallery's little diagram; steps not reached from the trigger come last.
 */
export function orderedSteps(template: Pick<FlowTemplateView, 'steps' | 'graph' | 'triggerType'>): FlowTemplateView['steps'] {
  const byId = new Map(template.steps.map((step) => [step.id, step]));
  const start = template.steps.find((step) => step.type === template.triggerType) ?? template.steps[0];
  if (!start) return [];
  const children = new Map<string, string[]>();
  for (const edge of template.graph.edges) children.set(edge.source, [...(children.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>([start.id]);
  const queue = [start.id];
  const ordered: FlowTemplateView['steps'] = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const step = byId.get(id);
    if (step) ordered.push(step);
    for (const child of children.get(id) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return [...ordered, ...template.steps.filter((step) => !seen.has(step.id))];
}

export type ParsedFlowFile = { ok: true; document: Record<string, unknown> } | { ok: false; message: string };

/** Reads an exported flow document from a file's text (also accepting `{ flow: document }`). */
export function parseFlowFile(text: string): ParsedFlowFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, message: 'The file does not hold a flow document (an object with a name and a graph).' };
  const object = parsed as Record<string, unknown>;
  if (!('graph' in object) && object.flow && typeof object.flow === 'object') return { ok: true, document: object.flow as Record<string, unknown> };
  return { ok: true, document: object };
}

/** The API's error details as lines a person can read: `graph.nodes: …`, `Node "send": config.to: …`. */
export function problemLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail) => {
    if (!detail || typeof detail !== 'object') return [];
    const { field, message, nodeId } = detail as { field?: unknown; message?: unknown; nodeId?: unknown };
    if (typeof message !== 'string') return [];
    const where = [typeof nodeId === 'string' && nodeId ? `step “${nodeId}”` : '', typeof field === 'string' && field !== '(body)' ? field : ''].filter(Boolean).join(' · ');
    return [where ? `${where}: ${message}` : message];
  });
}
