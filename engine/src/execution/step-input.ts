import { formatTranscript, renderDeep, renderJson, renderTemplate, renderUrl, type FlowNode } from '@switchboard/shared';
import type { ActionDefinition } from '@switchboard/nodes';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutorDeps } from './executor-deps';
import { contextForRun } from './run-context';
import type { LoadedRun } from './types';

export type StepInputDeps = Pick<ExecutorDeps, 'store' | 'settings' | 'services'>;

export interface StepInput {
  /** The run context the config was rendered against (the node's `ctx.context`). */
  context: Record<string, unknown>;
  /** The rendered config (stored as the step's input) and what rendering warned about. */
  rendered: { value: Record<string, unknown>; warnings: string[] };
}

/**
 * The input of a step: the node's config (without its `retry` override) rendered against the
 * run context of `scope`. Throws what rendering throws: a `StepError` from `{{dyn_*}}`
 * extraction (retryable when the AI is only unavailable now) or a template that cannot be parsed.
 */
export async function renderStepInput(deps: StepInputDeps, run: LoadedRun, flow: CompiledFlow, node: FlowNode, definition: ActionDefinition, scope: string): Promise<StepInput> {
  const { retry: _retry, ...config } = node.config ?? {};
  await extractDynamicVariables(deps, run, flow);
  const context = contextForRun(run, flow, deps.settings, scope, node.id);
  return { context, rendered: renderConfig(config, context, definition) };
}

/**
 * Extracts the flow's `{{dyn_*}}` values from the run's transcript once per run (the first
 * step that renders asks; the values are stored on the run and cached with it).
 */
async function extractDynamicVariables({ store, services }: StepInputDeps, run: LoadedRun, flow: CompiledFlow): Promise<void> {
  if (flow.dynamicVariables.length === 0 || run.dynamicVariables || !services) return;
  const data = run.event.data;
  const text = formatTranscript(data.transcript ?? data.messages);
  const call = (data.call ?? {}) as Record<string, unknown>;
  const referenceDate = [call.startedAt, call.endedAt, run.event.occurredAt].find((value): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value)))!;
  const values = await services.extractVariables(run.workspaceId, { text, names: flow.dynamicVariables, referenceDate });
  run.dynamicVariables = await store.saveDynamicVariables(run.id, values);
}

/** Renders a node's config; `htmlFields` (an email body) with HTML escaping of the values, `jsonFields` as JSON, `urlFields` with values percent-encoded. */
export function renderConfig(config: Record<string, unknown>, context: object, definition: Pick<ActionDefinition, 'htmlFields' | 'jsonFields' | 'urlFields'>): { value: Record<string, unknown>; warnings: string[] } {
  const rendered = renderDeep(config, context);
  const warnings = new Set(rendered.warnings);
  const special = [
    ...(definition.htmlFields ?? []).map((field) => [field, (template: string) => renderTemplate(template, context, { escape: 'html' })] as const),
    ...(definition.jsonFields ?? []).map((field) => [field, (template: string) => renderJson(template, context)] as const),
    ...(definition.urlFields ?? []).map((field) => [field, (template: string) => renderUrl(template, context)] as const),
  ];
  for (const [field, render] of special) {
    const template = config[field];
    if (typeof template !== 'string') continue;
    const result = render(template);
    rendered.value[field] = result.value;
    result.warnings.forEach((warning) => warnings.add(warning));
  }
  return { value: rendered.value, warnings: [...warnings] };
}
