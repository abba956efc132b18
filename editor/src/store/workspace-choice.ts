/**
 * Which workspace a tab works in. Each tab keeps its own (sessionStorage), so two tabs of one
 * session may show two workspaces; a new tab starts in the one chosen last (localStorage).
 * Storage may be refused (private mode): then the engine's choice, the session's last
 * workspace, stands.
 */

const TAB_KEY = 'switchboard.workspace';
const LAST_KEY = 'switchboard.lastWorkspace';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(kind: 'sessionStorage' | 'localStorage'): Store | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

function read(store: Store | null, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The tab's workspace, else the one chosen last in this browser, else null (the engine's choice). */
export function chosenWorkspace(tab: Store | null = storage('sessionStorage'), shared: Store | null = storage('localStorage')): string | null {
  return read(tab, TAB_KEY) ?? read(shared, LAST_KEY);
}

/** Keeps `id` as this tab's workspace and as the one a new tab starts in. */
export function rememberWorkspace(id: string, tab: Store | null = storage('sessionStorage'), shared: Store | null = storage('localStorage')): void {
  try {
    tab?.setItem(TAB_KEY, id);
    shared?.setItem(LAST_KEY, id);
  } catch {
    // Not kept: the header still says it for as long as the page lives.
  }
}

/** Forgets a workspace the person is no longer a member of (here and as the last choice). */
export function forgetWorkspace(id: string, tab: Store | null = storage('sessionStorage'), shared: Store | null = storage('localStorage')): void {
  try {
    if (read(tab, TAB_KEY) === id) tab?.removeItem(TAB_KEY);
    if (read(shared, LAST_KEY) === id) shared?.removeItem(LAST_KEY);
  } catch {
    // Nothing kept.
  }
}
