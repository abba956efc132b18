import { DEFAULT_HANDLE, ERROR_HANDLE } from '@switchboard/shared';
import type { ActionDefinition, DynamicOutputs, NodeDefinition } from './define';

/**
 * The handles edges may leave a node from: a trigger's `default`; an action's dynamic
 * handles, then its declared outputs, then `error`. `config` is the parsed config; a
 * function-valued `outputs` is called with it.
 */
export function outputsFor(definition: NodeDefinition, config: unknown): string[] {
  if (definition.kind === 'trigger') return [DEFAULT_HANDLE];
  const declared = typeof definition.outputs === 'function' ? definition.outputs(config) : definition.outputs;
  return withDynamicAndError(definition, config, declared);
}

/** The handles that do not depend on the config (what the editor draws before reading the config). */
export function staticOutputs(definition: NodeDefinition): string[] {
  if (definition.kind === 'trigger') return [DEFAULT_HANDLE];
  return unique([...(typeof definition.outputs === 'function' ? [] : definition.outputs), ERROR_HANDLE]);
}

/** Like `outputsFor`, with `declared` standing for the action's own outputs. */
export function withDynamicAndError(definition: ActionDefinition, config: unknown, declared: readonly string[]): string[] {
  const dynamic = definition.dynamicOutputs ? dynamicHandles(config, definition.dynamicOutputs) : [];
  return unique([...dynamic, ...declared, ERROR_HANDLE]);
}

/** Reads the handles named by `spec` from a config, tolerating any shape (raw configs are not validated yet). */
export function dynamicHandles(config: unknown, spec: DynamicOutputs): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const items = (config as Record<string, unknown>)[spec.from];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    const key = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[spec.key] : undefined;
    return typeof key === 'string' && key !== '' ? [key] : [];
  });
}

function unique(handles: readonly string[]): string[] {
  return [...new Set(handles)];
}
