import { DEFAULT_HANDLE, ERROR_HANDLE } from './types';

/**
 * Where an action's config names some of its handles: each item of the array `config[from]`
 * names one by its field `key` (a branch's `branches[*].key`).
 */
export interface DynamicOutputs {
  /** The config field holding an array of items. */
  from: string;
  /** The item field whose value names the handle; absent when the items are the names themselves (`buttons: ['yes', 'no']`). */
  key?: string;
}

/** What the handles of a node type follow from: the node catalog's definition, or its description in `GET /api/nodes`. */
export interface HandleSpec {
  kind: 'trigger' | 'action';
  /** The action's own handles (`default`, `else`…); `error` is added when missing. Ignored for a trigger. */
  outputs: readonly string[];
  dynamicOutputs?: DynamicOutputs;
}

/**
 * The handles edges may leave a node from: a trigger's `default`; an action's handles named
 * by its config, then its own outputs, then `error`, each once. The one rule the engine
 * (publishing, running) and the editor (drawing, connecting) both follow.
 *
 * @example nodeHandles({ kind: 'action', outputs: ['else'], dynamicOutputs: { from: 'branches', key: 'key' } }, { branches: [{ key: 'yes' }] }) // ['yes', 'else', 'error']
 */
export function nodeHandles(spec: HandleSpec, config: unknown): string[] {
  if (spec.kind === 'trigger') return [DEFAULT_HANDLE];
  const dynamic = spec.dynamicOutputs ? dynamicHandles(config, spec.dynamicOutputs) : [];
  return [...new Set([...dynamic, ...spec.outputs, ERROR_HANDLE])];
}

/** Reads the handles named by `spec` from a config, tolerating any shape (raw configs are not validated yet). */
export function dynamicHandles(config: unknown, spec: DynamicOutputs): string[] {
  if (typeof config !== 'object' || config === null) return [];
  const items = (config as Record<string, unknown>)[spec.from];
  if (!Array.isArray(items)) return [];
  return items.flatMap((item) => {
    if (spec.key === undefined) return typeof item === 'string' && item !== '' ? [item] : [];
    const key = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[spec.key] : undefined;
    return typeof key === 'string' && key !== '' ? [key] : [];
  });
}
