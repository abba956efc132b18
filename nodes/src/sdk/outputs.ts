import { DEFAULT_HANDLE, ERROR_HANDLE, nodeHandles } from '@switchboard/shared';
import type { ActionDefinition, NodeDefinition } from './define';

export { dynamicHandles } from '@switchboard/shared';

/**
 * The handles edges may leave a node from (shared's `nodeHandles`, which the editor follows
 * too): a trigger's `default`; an action's dynamic handles, then its declared outputs, then
 * `error`. `config` is the parsed config; a function-valued `outputs` is called with it.
 */
export function outputsFor(definition: NodeDefinition, config: unknown): string[] {
  if (definition.kind === 'trigger') return [DEFAULT_HANDLE];
  const declared = typeof definition.outputs === 'function' ? definition.outputs(config) : definition.outputs;
  return withDynamicAndError(definition, config, declared);
}

/** The handles that do not depend on the config (what the editor draws before reading the config). */
export function staticOutputs(definition: NodeDefinition): string[] {
  if (definition.kind === 'trigger') return [DEFAULT_HANDLE];
  return [...new Set([...(typeof definition.outputs === 'function' ? [] : definition.outputs), ERROR_HANDLE])];
}

/** Like `outputsFor`, with `declared` standing for the action's own outputs. */
export function withDynamicAndError(definition: ActionDefinition, config: unknown, declared: readonly string[]): string[] {
  return nodeHandles({ kind: 'action', outputs: declared, dynamicOutputs: definition.dynamicOutputs }, config);
}
