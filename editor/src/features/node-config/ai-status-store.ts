import { create } from 'zustand';
import { errorMessage } from '../../api/client';
import { getAiStatus } from '../../api/notifications';
import type { AiStatus } from '../../api/types';

interface AiStatusState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data?: AiStatus;
  error?: string;
  /** Loads `GET /api/ai/status` once; again only after a failure. */
  load(): Promise<void>;
}

/** The engine-wide AI model (it changes only with the engine's settings, so it is fetched once). */
export const useAiStatus = create<AiStatusState>((set, get) => ({
  status: 'idle',
  async load() {
    const current = get().status;
    if (current === 'loading' || current === 'ready') return;
    set({ status: 'loading', error: undefined });
    try {
      set({ status: 'ready', data: await getAiStatus() });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));
