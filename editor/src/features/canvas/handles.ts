import { DEFAULT_HANDLE, nodeHandles } from '@switchboard/shared';
import type { NodeDescription } from '../../api/types';

/**
 * The handles edges may leave a node from, from its catalog description and config: the
 * handles its config names (a branch's keys) first, then its fixed ones (`default`, `else`,
 * `error`…). The rule is shared's `nodeHandles`, the one the engine publishes and runs by.
 */
export function handlesFor(description: NodeDescription | undefined, config: Record<string, unknown>): string[] {
  return description ? nodeHandles(description, config) : [DEFAULT_HANDLE];
}

/** A handle's label on the canvas: nothing for the plain `default`. */
export function handleLabel(handle: string): string {
  return handle === 'default' ? '' : handle;
}

/**
 * What the canvas writes beside a handle and on the edges leaving it: a branch path's `label`
 * (else its key), a button's title for a handle named by a button id (`choices`: the titles of
 * the message before a "Wait for reply"), "on error" for `error`, nothing for `default`, the
 * handle's name otherwise.
 */
export function handleTitle(description: NodeDescription | undefined, config: Record<string, unknown>, handle: string, choices?: ReadonlyMap<string, string>): string {
  if (handle === 'default') return '';
  if (handle === 'error') return 'on error';
  const dynamic = description?.dynamicOutputs;
  if (dynamic && dynamic.key === undefined && choices?.has(handle) && Array.isArray(config[dynamic.from]) && (config[dynamic.from] as unknown[]).includes(handle)) return choices.get(handle)!;
  if (dynamic?.key !== undefined) {
    const list = config[dynamic.from];
    if (Array.isArray(list)) {
      for (const item of list) {
        const record = item as Record<string, unknown> | null;
        if (record?.[dynamic.key] === handle && typeof record.label === 'string' && record.label.trim() !== '') return record.label.trim();
      }
    }
  }
  return handle;
}
