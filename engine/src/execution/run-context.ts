import { buildRunContext } from '@switchboard/shared';
import type { CompiledFlow } from './compiled-flow';
import type { LoadedRun, StoredEvent } from './types';

export interface ContextSettings {
  publicUrl: string;
  timeZone?: string;
}

/**
 * The trigger's view of an event: its data plus what the trigger adds (`connected`, …). One
 * object per event and trigger type, shared by every flow the event is matched against and every
 * run it starts (read only), so their contexts share what is derived from it.
 */
export function triggerData(flow: CompiledFlow, event: StoredEvent): Record<string, unknown> {
  let byTrigger = enriched.get(event);
  if (!byTrigger) enriched.set(event, (byTrigger = new Map()));
  let data = byTrigger.get(flow.triggerDefinition);
  if (!data) byTrigger.set(flow.triggerDefinition, (data = { ...event.data, ...(flow.triggerDefinition.enrich?.(event.data) ?? {}) }));
  return data;
}

const enriched = new WeakMap<StoredEvent, Map<unknown, Record<string, unknown>>>();

/** The run context of CONTRACT "Expressions" for a loaded run: trigger, completed steps, run, flow, system variables. */
export function contextForRun(run: LoadedRun, flow: CompiledFlow, settings: ContextSettings, scope = '', nodeId?: string): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  let trigger: Record<string, unknown> | undefined;
  for (const step of run.steps.values()) {
    if (step.status !== 'succeeded' && step.status !== 'failed') continue;
    // An iteration sees the top-level steps and its own (not its loop's marker of the iteration).
    if (step.scope !== '' && (step.scope !== scope || !flow.loopAround(step.nodeId))) continue;
    if (step.nodeId === flow.trigger.id) trigger = step.output as Record<string, unknown>;
    else steps[step.nodeId] = step.output ?? {};
  }
  if (scope !== '') {
    // The loop reads as the item the iteration is about.
    const loopId = nodeId ? flow.loopAround(nodeId)?.loopId : undefined;
    const loopStep = loopId ? run.steps.get(loopId) : undefined;
    if (loopStep) {
      const items = ((loopStep.output as { items?: unknown[] } | null)?.items ?? []) as unknown[];
      steps[loopStep.nodeId] = { ...(loopStep.output as object), item: items[Number(scope)], index: Number(scope) };
    }
  }
  return buildRunContext({
    event: run.event,
    trigger: trigger ?? triggerData(flow, run.event),
    run: { id: run.id, startedAt: run.createdAt },
    flow: { id: run.flowId, name: flow.version.name },
    steps,
    dynamicVariables: run.dynamicVariables ?? undefined,
    accountName: run.workspaceName,
    publicUrl: settings.publicUrl,
    workspaceId: run.workspaceId,
    timeZone: settings.timeZone,
  }) as unknown as Record<string, unknown>;
}

/** The context a trigger's conditions see: the same shape before the run exists. */
export function contextForEvent(flow: CompiledFlow, event: StoredEvent, accountName: string, settings: ContextSettings): Record<string, unknown> {
  return buildRunContext({
    event,
    trigger: triggerData(flow, event),
    run: { id: '', startedAt: new Date().toISOString() },
    flow: { id: flow.version.flowId, name: flow.version.name },
    steps: {},
    accountName,
    publicUrl: settings.publicUrl,
    timeZone: settings.timeZone,
  }) as unknown as Record<string, unknown>;
}
