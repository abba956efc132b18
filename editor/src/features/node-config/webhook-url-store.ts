import { create } from 'zustand';
import { api, errorMessage } from '../../api/client';
import type { WorkspaceView } from '../../api/types';

interface WebhookBaseState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** `<PUBLIC_URL>/webhooks/in/<workspace token>`: where this workspace's webhook triggers are called. */
  baseUrl?: string;
  error?: string;
  /** Loads `GET /api/workspace` once; again only after a failure. */
  load(): Promise<void>;
}

/** The workspace's inbound webhook base URL (its token never changes, so it is fetched once). */
export const useWebhookBase = create<WebhookBaseState>((set, get) => ({
  status: 'idle',
  async load() {
    const current = get().status;
    if (current === 'loading' || current === 'ready') return;
    set({ status: 'loading', error: undefined });
    try {
      const workspace = await api.get<WorkspaceView>('/api/workspace');
      set({ status: 'ready', baseUrl: workspace.webhookBaseUrl });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));

/**
 * The URL a caller POSTs to for a webhook trigger on `path`: the workspace's token URL when
 * known, else the path under `/webhooks/in/` (the token-less URL, which only the workspace that
 * first published the path holds).
 *
 * @example webhookUrl('https://flows.example.com/webhooks/in/wh_0123…', 'lead-form') // 'https://flows.example.com/webhooks/in/wh_0123…/lead-form'
 */
export function webhookUrl(baseUrl: string | undefined, path: string): string {
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${path}` : `/webhooks/in/${path}`;
}
