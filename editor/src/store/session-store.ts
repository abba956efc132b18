import type { MeView } from '@switchboard/shared';
import { create } from 'zustand';
import { api, ApiError, configureApi } from '../api/client';
import { chosenWorkspace, forgetWorkspace, rememberWorkspace } from './workspace-choice';

const KEY_STORAGE = 'switchboard.apiKey';

function storedKey(): string | null {
  try {
    return window.sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

function keepKey(key: string | null): void {
  try {
    if (key) window.sessionStorage.setItem(KEY_STORAGE, key);
    else window.sessionStorage.removeItem(KEY_STORAGE);
  } catch {
    // Kept in memory only.
  }
}

/**
 * `loading` until the engine said who this is; `signed-out` shows the sign-in page over the
 * current route (the hash stays, so a link lands once signed in); `unreachable` when the
 * engine did not answer at all.
 */
export type SessionStatus = 'loading' | 'signed-out' | 'signed-in' | 'unreachable';

interface SessionState {
  status: SessionStatus;
  /** Who is signed in, in which workspace and role (`GET /api/me`). */
  me: MeView | null;
  /** An API key session's key (sessionStorage: gone when the tab closes); null under a cookie session. */
  apiKey: string | null;
  /** The workspace this tab acts in (`X-Workspace`), under a cookie session. */
  workspaceId: string | null;
  error: string | null;
  /** Asks the engine who this is: the tab's API key, else the session cookie. */
  start(): Promise<void>;
  /** Signs in with e-mail and password; throws the engine's answer when refused. */
  signIn(email: string, password: string): Promise<void>;
  /** Checks an API key against the engine and keeps it for this tab; throws when refused. */
  signInWithKey(apiKey: string): Promise<void>;
  /** Takes the answer of a sign-up, a password reset or an accepted invitation (the cookie is set). */
  signedIn(me: MeView): Promise<void>;
  signOut(): Promise<void>;
  /** The engine answered 401: the session ended. The route stays for after signing in again. */
  ended(): void;
  /** Works in `workspaceId` from now on in this tab: every page's data is loaded again, at `hash`. */
  switchWorkspace(workspaceId: string, hash?: string): void;
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'loading',
  me: null,
  apiKey: storedKey(),
  workspaceId: chosenWorkspace(),
  error: null,

  async start() {
    set({ status: 'loading', error: null });
    const key = get().apiKey;
    try {
      if (key) {
        try {
          const me = await api.get('/api/me', { key, quiet401: true });
          set({ status: 'signed-in', me });
          return;
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
          keepKey(null);
          set({ apiKey: null });
        }
      }
      await get().signedIn(await whoAmI());
    } catch (error) {
      // 429: too many failed sign-ins from this address; the sign-in page says so when it is used.
      if (error instanceof ApiError && (error.status === 401 || error.status === 429)) set({ status: 'signed-out', me: null });
      else set({ status: 'unreachable', error: error instanceof Error ? error.message : String(error) });
    }
  },

  async signIn(email, password) {
    await get().signedIn(await api.post('/api/auth/login', { email, password }, { quiet401: true }));
  },

  async signInWithKey(apiKey) {
    const key = apiKey.trim();
    let me: MeView;
    try {
      me = await api.get('/api/me', { key, quiet401: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw new ApiError(401, 'UNAUTHORIZED', 'This API key is not valid for this engine.');
      throw error;
    }
    keepKey(key);
    set({ status: 'signed-in', apiKey: key, me });
  },

  async signedIn(answer) {
    let me = answer;
    set({ me, apiKey: null });
    // The tab's workspace wins over the session's last one, if the person is still a member.
    const wanted = get().workspaceId;
    if (wanted && me.workspace?.id !== wanted) {
      if (me.workspaces.some((workspace) => workspace.id === wanted)) me = await api.get('/api/me', { quiet401: true });
      else forgetWorkspace(wanted);
    }
    if (me.workspace) rememberWorkspace(me.workspace.id);
    set({ status: 'signed-in', me, workspaceId: me.workspace?.id ?? null });
  },

  async signOut() {
    if (!get().apiKey) await api.post('/api/auth/logout', {}, { quiet401: true }).catch(() => {});
    keepKey(null);
    set({ status: 'signed-out', me: null, apiKey: null });
    window.location.hash = '#/sign-in';
  },

  ended() {
    if (get().status === 'signed-out') return;
    keepKey(null);
    set({ status: 'signed-out', me: null, apiKey: null });
  },

  switchWorkspace(workspaceId, hash = '#/flows') {
    rememberWorkspace(workspaceId);
    set({ workspaceId });
    // Every store and page holds the old workspace's data (connections, alerts, the webhook
    // URL…): a fresh page is the one way to be sure none of it is shown in the new one.
    window.history.replaceState(null, '', hash);
    window.location.reload();
  },
}));

/**
 * `GET /api/me` in the tab's workspace; when the person left it (or it is gone), the engine's
 * choice instead, and the tab forgets it.
 */
async function whoAmI(): Promise<MeView> {
  try {
    return await api.get('/api/me', { quiet401: true });
  } catch (error) {
    const wanted = useSession.getState().workspaceId;
    if (!wanted || !(error instanceof ApiError) || ![400, 403, 404].includes(error.status)) throw error;
    forgetWorkspace(wanted);
    useSession.setState({ workspaceId: null });
    return api.get('/api/me', { quiet401: true });
  }
}

configureApi(
  () => {
    const { apiKey, me, workspaceId } = useSession.getState();
    return { apiKey, csrfToken: apiKey ? null : (me?.csrfToken ?? null), workspaceId: apiKey ? null : workspaceId };
  },
  () => useSession.getState().ended(),
);
