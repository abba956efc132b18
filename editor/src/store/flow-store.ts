import type { FlowGraph, GraphProblem } from '@switchboard/shared';
import { create } from 'zustand';
import { api, ApiError, errorMessage } from '../api/client';
import type { FlowView } from '../api/types';
import { describe } from './catalog-store';
import * as ops from './graph-operations';
import { besideOffset } from '../features/canvas/placement';

/** How long the editor waits after the last change before it saves the draft. */
export const AUTOSAVE_MS = 700;
const HISTORY_LIMIT = 100;

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';

/** Someone else saved the draft since this editor loaded (or last saved) it: the engine answered 409. */
export interface SaveConflict {
  /** The draft's revision now. */
  currentRevision: number;
  /** When it was saved, if the engine said. */
  updatedAt: string | null;
}

export interface FlowEditorState {
  flowId: string | null;
  name: string;
  description: string;
  status: 'draft' | 'published';
  publishedVersion: number | null;
  publishedVersionId: string | null;
  /** The draft being edited: the source of truth the canvas is drawn from. */
  graph: FlowGraph;
  /** The draft's problems as the engine validated it at the last save. */
  problems: GraphProblem[];
  selectedNodes: string[];
  selectedEdges: string[];
  past: FlowGraph[];
  future: FlowGraph[];
  clipboard: ops.Clipboard | null;
  saveState: SaveState;
  saveError: string | null;
  /** The draft's revision this editor's changes are made on: sent with each save as `baseRevision`. */
  revision: number;
  /** Set when a save was refused because someone else saved first; saving waits until it is resolved. */
  conflict: SaveConflict | null;
  /** The last refusal of an edit (a connection that would loop…), for the canvas to show. */
  notice: string | null;
  /** The published version's graph once loaded (null when not published): what the draft is compared with for "Unpublished changes". */
  live: FlowGraph | null;

  load(flow: FlowView): void;
  /**
   * Applies a pure edit of the graph: recorded for undo (unless `record: false`) and saved soon.
   * Edits with the same `coalesce` key in quick succession (typing in one field) are one undo step.
   */
  apply(edit: (graph: FlowGraph) => FlowGraph, options?: { record?: boolean; coalesce?: string }): void;
  addNode(type: string, position: { x: number; y: number }): string | null;
  /** Adds a node connected from a handle of another (the palette's "add the next step"); same trigger rule as `addNode`. */
  addNodeAfter(type: string, position: { x: number; y: number }, from: { nodeId: string; handle: string }): string | null;
  setConfig(nodeId: string, config: Record<string, unknown>): void;
  setNodeName(nodeId: string, name: string): void;
  moveNodes(positions: Record<string, { x: number; y: number }>, options?: { record?: boolean }): void;
  connect(source: string, target: string, handle?: string | null): boolean;
  removeSelection(): void;
  removeElements(nodeIds: string[], edgeIds: string[]): void;
  duplicateSelection(): void;
  copySelection(): void;
  /** Pastes the clipboard at `offset` from where it was copied; by default beside it, clear of other cards. */
  paste(offset?: { x: number; y: number }): void;
  select(nodeIds: string[], edgeIds?: string[]): void;
  undo(): void;
  redo(): void;
  setName(name: string): void;
  setNotice(notice: string | null): void;
  /** Saves now (autosave calls this); resolves when the engine has the draft. */
  save(): Promise<void>;
  /**
   * Ends a conflict: `theirs` drops the local changes and loads the draft as stored;
   * `mine` saves the local draft over it (on the revision the conflict named).
   */
  resolveConflict(choice: 'theirs' | 'mine'): Promise<void>;
  /** After publish/unpublish: the engine's view of the flow, and the graph now live (on publish). */
  published(flow: FlowView, liveGraph?: FlowGraph): void;
  /** The live version's graph, loaded after the flow (`GET /api/flows/:id/versions/:version`). */
  setLive(flowId: string, graph: FlowGraph | null): void;
}

let autosaveTimer: ReturnType<typeof setTimeout> | undefined;
/** The last recorded edit's coalescing key and time. */
let lastRecorded: { key: string | undefined; at: number } = { key: undefined, at: 0 };
const COALESCE_MS = 1000;
/** Saves are chained so that two never overtake each other. */
let saving: Promise<void> = Promise.resolve();

const empty: Pick<FlowEditorState, 'flowId' | 'name' | 'description' | 'status' | 'publishedVersion' | 'publishedVersionId' | 'graph' | 'problems' | 'selectedNodes' | 'selectedEdges' | 'past' | 'future' | 'saveState' | 'saveError' | 'revision' | 'conflict' | 'notice' | 'live'> = {
  flowId: null,
  name: '',
  description: '',
  status: 'draft',
  publishedVersion: null,
  publishedVersionId: null,
  graph: { nodes: [], edges: [] },
  problems: [],
  selectedNodes: [],
  selectedEdges: [],
  past: [],
  future: [],
  saveState: 'saved',
  saveError: null,
  revision: 1,
  conflict: null,
  notice: null,
  live: null,
};

/**
 * The flow being edited. Every change goes through `apply` with a pure operation of
 * `graph-operations`, so undo/redo, autosave and validation work the same for the canvas, the
 * palette and the config panel. Components subscribe to the slices they draw (never the whole
 * store), so a 300-node flow re-renders only what changed.
 */
export const useFlowEditor = create<FlowEditorState>((set, get) => {
  const scheduleSave = () => {
    clearTimeout(autosaveTimer);
    autosaveTimer = setTimeout(() => void get().save(), AUTOSAVE_MS);
  };

  return {
    ...empty,
    clipboard: null,

    load(flow) {
      clearTimeout(autosaveTimer);
      lastRecorded = { key: undefined, at: 0 };
      // Reloading the same flow (a conflict resolved as "theirs") keeps the live graph while the same version is live.
      const { flowId, publishedVersion, live } = get();
      set({
        ...empty,
        live: flow.id === flowId && flow.publishedVersion === publishedVersion && flow.status === 'published' ? live : null,
        flowId: flow.id,
        name: flow.name,
        description: flow.description,
        status: flow.status,
        publishedVersion: flow.publishedVersion,
        publishedVersionId: flow.publishedVersionId,
        graph: flow.graph,
        problems: flow.problems,
        revision: flow.revision,
      });
    },

    apply(edit, options = {}) {
      const before = get().graph;
      const after = edit(before);
      if (after === before) return;
      const now = Date.now();
      const merges = options.coalesce !== undefined && lastRecorded.key === options.coalesce && now - lastRecorded.at < COALESCE_MS;
      const record = (options.record ?? true) && !merges;
      if (options.record ?? true) lastRecorded = { key: options.coalesce, at: now };
      set((state) => ({
        graph: after,
        past: record ? [...state.past, before].slice(-HISTORY_LIMIT) : state.past,
        future: record ? [] : state.future,
        saveState: 'dirty',
      }));
      scheduleSave();
    },

    addNode(type, position) {
      const description = describe(type);
      if (!description) return null;
      if (description.kind === 'trigger' && get().graph.nodes.some((node) => describe(node.type, node.typeVersion)?.kind === 'trigger')) {
        set({ notice: 'A flow has one trigger: delete the current one first to use another.' });
        return null;
      }
      let nodeId: string | null = null;
      get().apply((graph) => {
        const added = ops.addNode(graph, description, position);
        nodeId = added.nodeId;
        return added.graph;
      });
      if (nodeId) set({ selectedNodes: [nodeId], selectedEdges: [] });
      return nodeId;
    },

    addNodeAfter(type, position, from) {
      const description = describe(type);
      if (!description) return null;
      if (description.kind === 'trigger') return get().addNode(type, position);
      let nodeId: string | null = null;
      get().apply((graph) => {
        const added = ops.addNodeAfter(graph, describe, description, position, from);
        nodeId = added.nodeId;
        return added.graph;
      });
      if (nodeId) set({ selectedNodes: [nodeId], selectedEdges: [] });
      return nodeId;
    },

    setConfig(nodeId, config) {
      get().apply(
        (graph) => {
          const next = ops.setConfig(graph, nodeId, config);
          // A handle the config no longer has (a deleted branch path) takes its edges with it.
          const dangling = ops.danglingEdges(next, describe).filter((edgeId) => next.edges.find((edge) => edge.id === edgeId)?.source === nodeId);
          return ops.removeElements(next, [], dangling);
        },
        { coalesce: `config:${nodeId}` },
      );
    },

    setNodeName(nodeId, name) {
      get().apply((graph) => ops.updateNode(graph, nodeId, (node) => (name.trim() ? { ...node, name: name.trim() } : (({ name: _name, ...rest }) => rest)(node))), {
        coalesce: `name:${nodeId}`,
      });
    },

    moveNodes(positions, options) {
      get().apply((graph) => ops.moveNodes(graph, positions), options);
    },

    connect(source, target, handle) {
      let problem: string | null = null;
      get().apply((graph) => {
        const result = ops.connect(graph, describe, source, target, handle);
        problem = result.problem;
        return result.graph;
      });
      set({ notice: problem });
      return problem === null;
    },

    removeSelection() {
      const { selectedNodes, selectedEdges } = get();
      get().removeElements(selectedNodes, selectedEdges);
    },

    removeElements(nodeIds, edgeIds) {
      get().apply((graph) => ops.removeElements(graph, nodeIds, edgeIds));
      set((state) => ({
        selectedNodes: state.selectedNodes.filter((id) => !nodeIds.includes(id)),
        selectedEdges: state.selectedEdges.filter((id) => !edgeIds.includes(id)),
      }));
    },

    duplicateSelection() {
      const { graph, selectedNodes } = get();
      if (selectedNodes.length === 0) return;
      let pasted: string[] = [];
      get().apply((current) => {
        const copied = ops.copy(graph, selectedNodes);
        const result = ops.paste(current, copied, describe, besideOffset(current, describe, copied.nodes));
        pasted = result.nodeIds;
        return result.graph;
      });
      set({ selectedNodes: pasted, selectedEdges: [] });
    },

    copySelection() {
      const { graph, selectedNodes } = get();
      if (selectedNodes.length > 0) set({ clipboard: ops.copy(graph, selectedNodes) });
    },

    paste(offset) {
      const { clipboard } = get();
      if (!clipboard) return;
      let pasted: string[] = [];
      get().apply((graph) => {
        const result = ops.paste(graph, clipboard, describe, offset ?? besideOffset(graph, describe, clipboard.nodes));
        pasted = result.nodeIds;
        return result.graph;
      });
      set({ selectedNodes: pasted, selectedEdges: [] });
    },

    select(nodeIds, edgeIds = []) {
      const { selectedNodes, selectedEdges } = get();
      if (same(selectedNodes, nodeIds) && same(selectedEdges, edgeIds)) return;
      set({ selectedNodes: nodeIds, selectedEdges: edgeIds });
    },

    undo() {
      const { past, graph, future } = get();
      const previous = past.at(-1);
      if (!previous) return;
      set({ graph: previous, past: past.slice(0, -1), future: [graph, ...future], saveState: 'dirty' });
      scheduleSave();
    },

    redo() {
      const { past, graph, future } = get();
      const next = future[0];
      if (!next) return;
      set({ graph: next, past: [...past, graph], future: future.slice(1), saveState: 'dirty' });
      scheduleSave();
    },

    setName(name) {
      set({ name, saveState: 'dirty' });
      scheduleSave();
    },

    setNotice(notice) {
      set({ notice });
    },

    save() {
      clearTimeout(autosaveTimer);
      saving = saving.then(async () => {
        const { flowId, name, description, graph, revision } = get();
        if (!flowId || get().saveState === 'saved') return;
        // A conflict is resolved by the person editing, never by the next autosave: edits made meanwhile stay local.
        if (get().conflict) return set({ saveState: 'error' });
        set({ saveState: 'saving', saveError: null });
        try {
          const saved = await api.put(`/api/flows/${flowId}`, { name: name.trim() || 'Untitled flow', description, graph, baseRevision: revision });
          // Changes made while saving stay dirty and are saved next.
          const changed = get().graph !== graph || get().name !== name;
          set({ problems: saved.problems, saveState: changed ? 'dirty' : 'saved', status: saved.status, revision: saved.revision });
          if (changed) scheduleSave();
        } catch (error) {
          const conflict = error instanceof ApiError && error.status === 409 ? conflictOf(error.details) : null;
          set({ saveState: 'error', saveError: conflict ? 'Someone else saved this flow since you opened it.' : errorMessage(error), conflict });
        }
      });
      return saving;
    },

    async resolveConflict(choice) {
      const { flowId, conflict } = get();
      if (!flowId || !conflict) return;
      if (choice === 'theirs') {
        get().load(await api.get(`/api/flows/${flowId}`));
        return;
      }
      set({ conflict: null, revision: conflict.currentRevision, saveState: 'dirty', saveError: null });
      await get().save();
    },

    published(flow, liveGraph) {
      const live = flow.status === 'published' ? (liveGraph ?? get().live) : null;
      set({ status: flow.status, publishedVersion: flow.publishedVersion, publishedVersionId: flow.publishedVersionId, problems: flow.problems, live });
    },

    setLive(flowId, graph) {
      // A late answer for a flow no longer open is dropped.
      if (get().flowId === flowId) set({ live: graph });
    },
  };
});

/** The conflict a 409's details name (`currentRevision`); null when they name none. */
function conflictOf(details: unknown): SaveConflict | null {
  const given = (details ?? {}) as { currentRevision?: unknown; updatedAt?: unknown };
  if (typeof given.currentRevision !== 'number') return null;
  return { currentRevision: given.currentRevision, updatedAt: typeof given.updatedAt === 'string' ? given.updatedAt : null };
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** The problems of one node (field paths relative to the node). */
export function problemsOf(problems: readonly GraphProblem[], nodeId: string): GraphProblem[] {
  return problems.filter((problem) => problem.nodeId === nodeId);
}
