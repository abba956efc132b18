import { buildRunContext, renderTemplate, type FlowGraph } from '@switchboard/shared';
import type { Describe } from '../../store/graph-operations';
import { bodySegments } from './template-parameters';

/** A fixed instant for the preview, so it reads the same on every render. */
const SAMPLE_AT = '2026-01-01T09:00:00.000Z';

/**
 * What a template's placeholders become with the trigger's sample event (and each step's sample
 * output): the "preview" under the template picker. A value that does not resolve stays null,
 * so the preview shows the placeholder rather than an empty gap; a malformed one too.
 */
export function sampleValues(values: Readonly<Record<string, string>>, graph: FlowGraph, describe: Describe, event: Record<string, unknown>): Record<string, string | null> {
  const steps = Object.fromEntries(graph.nodes.map((node) => [node.id, describe(node.type, node.typeVersion)?.sampleOutput ?? {}]));
  const context = buildRunContext({
    event: { type: 'sample', id: 'sample', occurredAt: SAMPLE_AT, data: event },
    run: { id: 'sample', startedAt: SAMPLE_AT },
    flow: { id: 'sample', name: 'Sample' },
    steps,
  });
  return Object.fromEntries(
    Object.entries(values).map(([placeholder, expression]) => {
      if (!expression) return [placeholder, null];
      try {
        const rendered = renderTemplate(expression, context);
        return [placeholder, rendered.value === '' ? null : rendered.value];
      } catch {
        return [placeholder, null];
      }
    }),
  );
}

/** The template's body with each placeholder replaced by its sample value (an unresolved one kept as `{{1}}`). */
export function previewText(body: string, values: Readonly<Record<string, string | null>>): string {
  return bodySegments(body)
    .map((segment) => (segment.kind === 'text' ? segment.text : (values[segment.name] ?? segment.text)))
    .join('');
}
