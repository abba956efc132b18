import type { FlowGraph } from '@switchboard/shared';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import type { FlowView } from '../../api/types';
import { navigate, routeHref } from '../../app/router';
import { describe } from '../../store/catalog-store';
import { useFlowEditor, type SaveConflict } from '../../store/flow-store';
import { moveNodes } from '../../store/graph-operations';
import { useAllows, useRefusal } from '../../store/use-access';
import { ErrorState, Loading } from '../../ui/States';
import { autoLayout, placeMissing } from '../canvas/auto-layout';
import { CARD, type StepOverlay } from '../canvas/diagram';
import { FlowCanvas } from '../canvas/FlowCanvas';
import { Icon } from '../canvas/Icon';
import { Palette } from '../palette/Palette';
import { ConfirmDialog } from './flow-page-confirm-dialog';
import { ConflictDialog } from './flow-page-conflict-dialog';
import { ImportDialog, type ImportFile } from './flow-page-import-dialog';
import { PublishDialog, type PublishBaseline } from './flow-page-publish-dialog';
import { PanelResizer, usePanelWidth } from './flow-page-panel-resizer';
import { FlowSidePanel, type FlowPanelTab } from './flow-page-side-panel';
import { TestRunDialog } from './flow-page-test-dialog';
import { FlowToolbar } from './flow-page-toolbar';
import { VersionsDialog } from './flow-page-versions-dialog';
import './flow-page.css';

type Load = { state: 'loading' } | { state: 'error'; message: string; missing: boolean } | { state: 'ready' };
type OpenDialog = 'publish' | 'unpublish' | 'versions' | 'test' | 'delete' | null;

const PALETTE_KEY = 'switchboard.paletteCollapsed';
const FIT_VIEW = { padding: 0.2, maxZoom: 1, duration: 300 };

/**
 * The flow editor (`#/flows/:flowId`, and `#/flows/:flowId/runs/:runId` for a run view): the
 * toolbar, the palette, the canvas and the side panel around the flow store.
 */
export function FlowPage({ flowId, runId }: { flowId: string; runId?: string }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const baseline = useRef<PublishBaseline | null>(null);
  const mayEdit = useAllows('PUT', '/api/flows/:id');

  useEffect(() => {
    let cancelled = false;
    setLoad({ state: 'loading' });
    api.get(`/api/flows/${encodeURIComponent(flowId)}`).then(
      (flow) => {
        if (cancelled) return;
        const store = useFlowEditor.getState();
        // Steps written without positions get them once, so later edits never move them; for a
        // member who may not save (a viewer) only on screen, or the autosave would be refused.
        const placed = placeMissing(flow.graph, describe);
        const placesAny = Object.keys(placed).length > 0;
        store.load(placesAny && !mayEdit ? { ...flow, graph: moveNodes(flow.graph, placed) } : flow);
        if (placesAny && mayEdit) store.moveNodes(placed, { record: false });
        baseline.current = flow.status === 'published' ? { graph: flow.graph, label: 'you opened this flow' } : null;
        setLoad({ state: 'ready' });
        // The live version's graph, for "Unpublished changes"; without it the mark is simply absent.
        if (flow.status === 'published' && flow.publishedVersion !== null) {
          api.get(`/api/flows/${encodeURIComponent(flowId)}/versions/${flow.publishedVersion}`).then(
            (version) => {
              if (cancelled) return;
              useFlowEditor.getState().setLive(flow.id, version.graph);
              baseline.current = { graph: version.graph, label: `v${version.version}` };
            },
            () => undefined,
          );
        }
      },
      (error: unknown) => !cancelled && setLoad({ state: 'error', message: errorMessage(error), missing: error instanceof ApiError && error.status === 404 }),
    );
    return () => {
      cancelled = true;
    };
  }, [flowId, attempt, mayEdit]);

  // Leaving the page saves what is pending; closing the tab with unsaved changes asks first.
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (useFlowEditor.getState().saveState !== 'saved') event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      if (useFlowEditor.getState().flowId === flowId) void useFlowEditor.getState().save();
    };
  }, [flowId]);

  if (load.state === 'loading') return <Loading label="Loading the flow…" />;
  if (load.state === 'error') {
    return (
      <div className="flow-page-state">
        <ErrorState message={load.missing ? 'This flow does not exist, or it was deleted.' : load.message} onRetry={load.missing ? undefined : () => setAttempt((value) => value + 1)} />
        <a href={routeHref({ page: 'flows' })}>Back to all flows</a>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <FlowEditor flowId={flowId} runId={runId} baseline={baseline} />
    </ReactFlowProvider>
  );
}

function FlowEditor({ flowId, runId, baseline }: { flowId: string; runId?: string; baseline: RefObject<PublishBaseline | null> }) {
  const flow = useReactFlow();
  // A run view shows what ran; a member who may not save (a viewer) sees the flow the same way.
  const cannotEdit = useRefusal('PUT', '/api/flows/:id', 'edit flows');
  const cannotDelete = useRefusal('DELETE', '/api/flows/:id', 'delete flows');
  const runView = Boolean(runId);
  const readOnly = runView || Boolean(cannotEdit);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [importFile, setImportFile] = useState<ImportFile | null>(null);
  const [tab, setTab] = useState<FlowPanelTab>(runId ? 'runs' : 'problems');
  const [overlays, setOverlays] = useState<Record<string, StepOverlay> | null>(null);
  const [unmatched, setUnmatched] = useState<string | null>(null);
  const [paletteCollapsed, setPaletteCollapsed] = useState(() => readFlag(PALETTE_KEY));
  const [panelWidth, setPanelWidth] = usePanelWidth();
  const fileInput = useRef<HTMLInputElement>(null);
  // A refused save asks once; closed, it comes back from the save indicator ("Resolve…").
  const conflict = useFlowEditor((state) => state.conflict);
  const [dismissedConflict, setDismissedConflict] = useState<SaveConflict | null>(null);

  useEffect(() => {
    if (runId) setTab('runs');
    else setOverlays(null);
  }, [runId]);

  const fitView = useCallback(() => void flow.fitView(FIT_VIEW), [flow]);
  // After the graph changed (layout, import) React Flow needs a frame to see the new positions.
  const fitSoon = useCallback(() => setTimeout(fitView, 60), [fitView]);

  const selectNode = useCallback(
    (nodeId: string) => {
      const store = useFlowEditor.getState();
      const node = store.graph.nodes.find((candidate) => candidate.id === nodeId);
      if (!node) return;
      if (runId) navigate({ page: 'flow', flowId });
      store.select([nodeId]);
      const position = node.position ?? { x: 0, y: 0 };
      void flow.setCenter(position.x + CARD.minWidth / 2, position.y + CARD.height / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 300 });
    },
    [flow, flowId, runId],
  );

  const layout = useCallback(() => {
    const store = useFlowEditor.getState();
    store.moveNodes(autoLayout(store.graph, describe));
    fitSoon();
  }, [fitSoon]);

  const exportJson = useCallback(async () => {
    const store = useFlowEditor.getState();
    try {
      await store.save();
      const document = await api.get(`/api/flows/${flowId}/export`);
      const url = URL.createObjectURL(new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' }));
      const link = Object.assign(window.document.createElement('a'), { href: url, download: `${fileName(useFlowEditor.getState().name)}.json` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      store.setNotice(`Export failed: ${errorMessage(error)}`);
    }
  }, [flowId]);

  const chooseImport = useCallback(() => {
    if (fileInput.current) {
      fileInput.current.value = '';
      fileInput.current.click();
    }
  }, []);

  const importGraph = useCallback(
    (graph: FlowGraph, name: string | null) => {
      const store = useFlowEditor.getState();
      store.apply(() => graph);
      const placed = placeMissing(graph, describe);
      if (Object.keys(placed).length > 0) store.moveNodes(placed, { record: false });
      store.select([]);
      if (name) store.setName(name);
      setImportFile(null);
      fitSoon();
    },
    [fitSoon],
  );

  const deleteFlow = useCallback(async () => {
    await useFlowEditor.getState().save();
    await api.delete(`/api/flows/${flowId}`);
    navigate({ page: 'flows' });
  }, [flowId]);

  const unpublish = useCallback(async () => {
    const view = await api.post(`/api/flows/${flowId}/unpublish`);
    useFlowEditor.getState().published(view);
    setDialog(null);
  }, [flowId]);

  const onPublished = useCallback(
    (view: FlowView, graph: FlowGraph) => {
      useFlowEditor.getState().published(view, graph);
      baseline.current = { graph, label: `v${view.publishedVersion ?? ''}` };
      setDialog(null);
    },
    [baseline],
  );

  const togglePalette = useCallback(() => {
    setPaletteCollapsed((value) => {
      writeFlag(PALETTE_KEY, !value);
      return !value;
    });
  }, []);

  return (
    <div className={`flow-page${runView ? ' is-run-view' : ''}`} data-testid="flow-page">
      <FlowToolbar
        readOnly={readOnly}
        actions={{
          onLayout: layout,
          onFit: fitView,
          onTest: () => setDialog('test'),
          onPublish: () => setDialog('publish'),
          onUnpublish: () => setDialog('unpublish'),
          menu: [
            { label: 'Versions', icon: 'history', onSelect: () => setDialog('versions') },
            { label: 'Export JSON', icon: 'download', onSelect: () => void exportJson() },
            { label: 'Import JSON', icon: 'upload', onSelect: chooseImport, disabled: readOnly, title: cannotEdit },
            { label: 'Delete flow', icon: 'trash', onSelect: () => setDialog('delete'), danger: true, disabled: Boolean(cannotDelete), title: cannotDelete },
          ],
        }}
      />
      {runId ? (
        <div className="run-banner" role="status" data-testid="run-banner">
          <Icon name="eye" size={16} />
          <span>
            Viewing run <code title={runId}>{runId.slice(0, 8)}</code> — the canvas shows each step&apos;s status and is read only.
            {unmatched === runId ? <span className="run-banner-note"> The trigger&apos;s conditions would not have started this run: it ran because it was a test.</span> : null}
          </span>
          <a className="button button-secondary" href={routeHref({ page: 'flow', flowId })} data-testid="back-to-editing">
            Back to editing
          </a>
        </div>
      ) : cannotEdit ? (
        <div className="run-banner" role="status" data-testid="read-only-banner">
          <Icon name="eye" size={16} />
          <span>{cannotEdit}: you can look at this flow, its versions and its runs, but not change it.</span>
        </div>
      ) : null}
      <div className={`flow-workspace${readOnly ? ' is-run-view' : paletteCollapsed ? ' is-palette-collapsed' : ''}`} style={{ '--panel-width': `${panelWidth}px` } as CSSProperties}>
        {readOnly ? null : <Palette collapsed={paletteCollapsed} onToggle={togglePalette} />}
        <FlowCanvas readOnly={readOnly} overlays={runId ? overlays : null} />
        <PanelResizer width={panelWidth} onWidth={setPanelWidth} />
        <FlowSidePanel flowId={flowId} runId={runId} tab={tab} onTab={setTab} onOverlays={setOverlays} onSelectNode={selectNode} />
      </div>

      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (file) setImportFile({ fileName: file.name, text: await file.text() });
        }}
      />
      {conflict && conflict !== dismissedConflict && !readOnly ? <ConflictDialog conflict={conflict} onClose={() => setDismissedConflict(conflict)} /> : null}
      {importFile ? <ImportDialog key={importFile.fileName + importFile.text.length} file={importFile} currentName={useFlowEditor.getState().name} onImport={importGraph} onClose={() => setImportFile(null)} onChooseAgain={chooseImport} /> : null}
      {dialog === 'publish' ? <PublishDialog flowId={flowId} baseline={baseline.current} onClose={() => setDialog(null)} onPublished={onPublished} onSelectNode={selectNode} /> : null}
      {dialog === 'versions' ? <VersionsDialog
          flowId={flowId}
          onClose={() => setDialog(null)}
          onRestore={
            readOnly
              ? undefined
              : (graph) => {
                  importGraph(graph, null);
                  setDialog(null);
                }
          }
        /> : null}
      {dialog === 'test' ? (
        <TestRunDialog
          flowId={flowId}
          onClose={() => setDialog(null)}
          onSelectNode={selectNode}
          onStarted={({ runId: started, matched }) => {
            setUnmatched(matched ? null : started);
            setDialog(null);
            navigate({ page: 'flow', flowId, runId: started });
          }}
        />
      ) : null}
      {dialog === 'unpublish' ? (
        <ConfirmDialog title="Unpublish flow" confirmLabel="Unpublish" testId="unpublish-dialog" onClose={() => setDialog(null)} onConfirm={unpublish}>
          <p>New events will no longer start this flow. Runs under way finish on their version, and the versions stay listed.</p>
        </ConfirmDialog>
      ) : null}
      {dialog === 'delete' ? (
        <ConfirmDialog title="Delete flow" confirmLabel="Delete flow" danger testId="delete-dialog" onClose={() => setDialog(null)} onConfirm={deleteFlow}>
          <p>
            Delete <strong>{useFlowEditor.getState().name || 'this flow'}</strong>? It stops running and disappears from the list. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function fileName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';
}

function readFlag(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function writeFlag(key: string, value: boolean): void {
  try {
    window.localStorage.setItem(key, value ? '1' : '0');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}
