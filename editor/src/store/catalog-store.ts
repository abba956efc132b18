import { create } from 'zustand';
import { api, errorMessage } from '../api/client';
import type { NodeDescription } from '../api/types';

interface CatalogState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** The latest version of every node type, in catalog order. */
  nodes: NodeDescription[];
  /** Every version, by `type@version`, for nodes built with an older one. */
  byVersion: Map<string, NodeDescription>;
  load(): Promise<void>;
}

/** The node catalog (`GET /api/nodes`): the palette, the forms and the handles come from it. */
export const useCatalog = create<CatalogState>((set, get) => ({
  status: 'idle',
  error: null,
  nodes: [],
  byVersion: new Map(),
  async load() {
    if (get().status === 'loading' || get().status === 'ready') return;
    set({ status: 'loading', error: null });
    try {
      const { nodes } = await api.get('/api/nodes');
      const latest = new Map<string, NodeDescription>();
      for (const node of nodes) {
        const known = latest.get(node.type);
        if (!known || known.typeVersion < node.typeVersion) latest.set(node.type, node);
      }
      set({
        status: 'ready',
        nodes: [...latest.values()],
        byVersion: new Map(nodes.map((node) => [`${node.type}@${node.typeVersion}`, node])),
      });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));

/** The description of a node as built (its type and version), else the latest of its type. */
export function describe(type: string, typeVersion = 1): NodeDescription | undefined {
  const { byVersion, nodes } = useCatalog.getState();
  return byVersion.get(`${type}@${typeVersion}`) ?? nodes.find((node) => node.type === type);
}
