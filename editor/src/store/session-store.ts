import { create } from 'zustand';
import { api, ApiError, configureApi } from '../api/client';

const STORAGE_KEY = 'switchboard.apiKey';

function stored(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

interface SessionState {
  /** The API key of this browser tab (sessionStorage: gone when the tab closes). */
  apiKey: string | null;
  /** Checks the key against the engine and keeps it; throws the engine's answer when it is refused. */
  signIn(apiKey: string): Promise<void>;
  signOut(): void;
}

export const useSession = create<SessionState>((set) => ({
  apiKey: stored(),
  async signIn(apiKey) {
    const key = apiKey.trim();
    try {
      await api.get('/api/nodes', { key });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw new ApiError(401, 'UNAUTHORIZED', 'This API key is not valid for this engine.');
      throw error;
    }
    try {
      window.sessionStorage.setItem(STORAGE_KEY, key);
    } catch {
      // Kept in memory only.
    }
    set({ apiKey: key });
  },
  signOut() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
    set({ apiKey: null });
  },
}));

configureApi(
  () => useSession.getState().apiKey,
  () => useSession.getState().signOut(),
);
