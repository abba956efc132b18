import { create } from 'zustand';
import { errorMessage } from '../../api/client';

/** A value the editor fetches once per page load (again only after a failure). */
export interface LoadOnceState<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data?: T;
  error?: string;
  load(): Promise<void>;
}

/**
 * A store for something that does not change while the editor is open (the engine's AI model,
 * the workspace's webhook token): `load()` fetches it on first use; a failure can be retried.
 *
 * @example export const useAiStatus = createLoadOnceStore(getAiStatus)
 */
export function createLoadOnceStore<T>(fetch: () => Promise<T>) {
  return create<LoadOnceState<T>>((set, get) => ({
    status: 'idle',
    async load() {
      const current = get().status;
      if (current === 'loading' || current === 'ready') return;
      set({ status: 'loading', error: undefined });
      try {
        set({ status: 'ready', data: await fetch() });
      } catch (error) {
        set({ status: 'error', error: errorMessage(error) });
      }
    },
  }));
}
