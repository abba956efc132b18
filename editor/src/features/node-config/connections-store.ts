import { create } from 'zustand';
import { api, errorMessage } from '../../api/client';
import type { ConnectionView, TemplateList } from '../../api/types';

/** `GET /api/connections/:id/templates`: AiSensy Basic cannot list (`listable: false`). */
export type TemplateListing = TemplateList;

interface Loadable<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data?: T;
  error?: string;
  loadedAt?: number;
}

interface TemplatesEntry extends Loadable<TemplateListing> {
  syncing?: boolean;
  syncError?: string;
  /** How many templates the last sync found. */
  synced?: number;
}

interface ConnectionsState {
  connections: Loadable<ConnectionView[]>;
  templates: Record<string, TemplatesEntry>;
  /** Loads the workspace's connections, again when older than a few seconds or when `force`d. */
  loadConnections(options?: { force?: boolean }): Promise<void>;
  loadTemplates(connectionId: string, options?: { force?: boolean }): Promise<void>;
  /** `POST /api/connections/:id/templates/sync`: fetches the sender's templates from its provider. */
  syncTemplates(connectionId: string): Promise<void>;
}

/** Connections come and go on another page: a list older than this is fetched again when a field shows. */
const FRESH_MS = 10_000;

/** The connections and templates the config forms offer, shared by every field and node. */
export const useConnections = create<ConnectionsState>((set, get) => ({
  connections: { status: 'idle' },
  templates: {},

  async loadConnections(options = {}) {
    const current = get().connections;
    if (current.status === 'loading') return;
    if (!options.force && current.status === 'ready' && Date.now() - (current.loadedAt ?? 0) < FRESH_MS) return;
    set({ connections: { ...current, status: 'loading', error: undefined } });
    try {
      const { connections } = await api.get('/api/connections');
      set({ connections: { status: 'ready', data: connections, loadedAt: Date.now() } });
    } catch (error) {
      set({ connections: { status: 'error', error: errorMessage(error), data: current.data } });
    }
  },

  async loadTemplates(connectionId, options = {}) {
    const current = get().templates[connectionId];
    if (current?.status === 'loading') return;
    if (!options.force && current?.status === 'ready') return;
    const patch = (entry: TemplatesEntry) => set((state) => ({ templates: { ...state.templates, [connectionId]: { ...state.templates[connectionId], ...entry } } }));
    patch({ status: 'loading', error: undefined });
    try {
      const listing = await api.get(`/api/connections/${encodeURIComponent(connectionId)}/templates`);
      patch({ status: 'ready', data: listing, loadedAt: Date.now() });
    } catch (error) {
      patch({ status: 'error', error: errorMessage(error) });
    }
  },

  async syncTemplates(connectionId) {
    const patch = (entry: Partial<TemplatesEntry>) => set((state) => ({ templates: { ...state.templates, [connectionId]: { ...(state.templates[connectionId] ?? { status: 'idle' }), ...entry } } }));
    patch({ syncing: true, syncError: undefined, synced: undefined });
    try {
      const listing = await api.post(`/api/connections/${encodeURIComponent(connectionId)}/templates/sync`);
      patch({ syncing: false, status: 'ready', data: { listable: listing.listable, templates: listing.templates }, synced: listing.synced, loadedAt: Date.now(), error: undefined });
    } catch (error) {
      patch({ syncing: false, syncError: errorMessage(error) });
    }
  },
}));

/** Whether a connection's provider belongs to a family (`whatsapp` → `whatsapp.meta`, `whatsapp.sandbox`…). */
export function inFamily(provider: string, family: string): boolean {
  return family === '' || provider === family || provider.startsWith(`${family}.`);
}

const PROVIDERS: Record<string, string> = {
  'whatsapp.sandbox': 'WhatsApp sandbox',
  'whatsapp.meta': 'WhatsApp Cloud API (Meta)',
  'whatsapp.heltar': 'Heltar',
  'whatsapp.aisensy': 'AiSensy',
  'ai.openai_compatible': 'OpenAI-compatible AI',
  smtp: 'SMTP',
};

/** A provider's name for people. */
export function providerLabel(provider: string): string {
  return PROVIDERS[provider] ?? provider;
}

/** How a provider family is named in the form: the noun, and what an empty optional choice means. */
export const FAMILIES: Record<string, { noun: string; article: string; none: string; empty: string }> = {
  whatsapp: { noun: 'WhatsApp sender', article: 'a', none: 'Any WhatsApp sender', empty: 'No WhatsApp sender yet — create one (the sandbox needs no account).' },
  ai: { noun: 'AI connection', article: 'an', none: 'Workspace default AI', empty: 'No AI connection yet — the workspace default (or the offline AI) is used.' },
  smtp: { noun: 'email connection', article: 'an', none: 'Workspace default email', empty: 'No email connection yet — the workspace default (or the mail capture) is used.' },
};

export function familyOf(provider: string): { noun: string; article: string; none: string; empty: string } {
  return FAMILIES[provider] ?? { noun: `${provider || 'connection'}`, article: 'a', none: 'Not set', empty: 'No matching connection yet — create one.' };
}
