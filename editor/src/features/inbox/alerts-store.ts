import { useEffect } from 'react';
import { create } from 'zustand';
import { errorMessage } from '../../api/client';
import { listAlerts, setAlertRead } from '../../api/notifications';
import type { AlertView } from '../../api/types';
import { mergeAlerts, replaceAlert, unreadCount } from './alert-list';
import { connectAlertStream } from './alert-stream';

const PAGE_SIZE = 100;

interface AlertsState {
  /** Newest first: the last loaded page and every alert the stream delivered since. */
  alerts: AlertView[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** The live stream: `retrying` while it waits to reconnect. */
  live: 'off' | 'connecting' | 'live' | 'retrying';
  liveError: string | null;
  /** Loads the newest alerts and merges them in (asked again while loading: once more after). */
  load(): Promise<void>;
  receive(alert: AlertView): void;
  /** Marks one alert read or unread; throws the engine's answer when it refuses. */
  setRead(id: string, read: boolean): Promise<void>;
  reset(): void;
}

/** Bumped on reset (sign-out): answers of an earlier session are dropped. */
let epoch = 0;
let loading: Promise<void> | null = null;
let loadAgain = false;
/** When each alert was last changed here: a load that started before keeps the local state. */
const changedAt = new Map<string, number>();

const INITIAL = { alerts: [] as AlertView[], status: 'idle' as const, error: null, live: 'off' as const, liveError: null };

/** The team's alerts, shared by the nav badge and the Inbox; fed live by `useAlertFeed`. */
export const useAlerts = create<AlertsState>((set, get) => ({
  ...INITIAL,

  load() {
    if (loading) {
      loadAgain = true;
      return loading;
    }
    const session = epoch;
    const startedAt = Date.now();
    if (get().status !== 'ready') set({ status: 'loading', error: null });
    loading = (async () => {
      try {
        const { alerts } = await listAlerts(PAGE_SIZE);
        if (session !== epoch) return;
        const fresh = alerts.filter((alert) => (changedAt.get(alert.id) ?? 0) < startedAt);
        set((state) => ({ alerts: mergeAlerts(state.alerts, fresh), status: 'ready', error: null }));
      } catch (error) {
        if (session !== epoch) return;
        // A list already shown stays; the error shows only when there is nothing to show.
        set((state) => (state.status === 'ready' ? {} : { status: 'error', error: errorMessage(error) }));
      } finally {
        if (session === epoch) {
          loading = null;
          if (loadAgain) {
            loadAgain = false;
            void get().load();
          }
        }
      }
    })();
    return loading;
  },

  receive(alert) {
    set((state) => ({ alerts: mergeAlerts(state.alerts, [alert]) }));
  },

  async setRead(id, read) {
    const session = epoch;
    const updated = await setAlertRead(id, read);
    if (session !== epoch) return;
    changedAt.set(id, Date.now());
    set((state) => ({ alerts: replaceAlert(state.alerts, updated) }));
  },

  reset() {
    epoch += 1;
    loading = null;
    loadAgain = false;
    changedAt.clear();
    set(INITIAL);
  },
}));

/** The number on the Inbox nav item. */
export function useUnreadAlerts(): number {
  return useAlerts((state) => unreadCount(state.alerts));
}

/**
 * Opens the live alerts stream for as long as the calling component is mounted (the signed-in
 * layout: once per session) and keeps the store in step; closing it forgets the alerts.
 */
export function useAlertFeed(): void {
  useEffect(() => {
    const store = useAlerts.getState();
    useAlerts.setState({ live: 'connecting', liveError: null });
    void store.load();
    const disconnect = connectAlertStream({
      onOpen() {
        useAlerts.setState({ live: 'live', liveError: null });
        // Alerts raised before the stream opened (or while it was down) arrive with the list.
        void useAlerts.getState().load();
      },
      onAlert(alert) {
        useAlerts.getState().receive(alert);
      },
      onDown(reason) {
        useAlerts.setState({ live: 'retrying', liveError: reason });
      },
    });
    return () => {
      disconnect();
      useAlerts.getState().reset();
    };
  }, []);
}
