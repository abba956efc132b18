import { useId } from 'react';
import type { StepOverlay } from '../canvas/diagram';
import { useFlowEditor } from '../../store/flow-store';
import { Button } from '../../ui/Button';
import { Icon } from '../canvas/Icon';
import { NodeConfigPanel } from '../node-config/NodeConfigPanel';
import { RunsPanel } from '../runs/RunsPanel';
import { PanelErrorBoundary } from './flow-page-error-boundary';
import { ProblemList } from './flow-page-problems';

export type FlowPanelTab = 'problems' | 'runs';

/**
 * The right-hand panel: the settings of the one selected node, otherwise the flow's own panel
 * with its problems and its runs. In a run view it stays on the runs. The settings take the
 * panel's place, so they carry a "Runs" link that leaves them for the runs list.
 */
export function FlowSidePanel({
  flowId,
  runId,
  tab,
  onTab,
  onOverlays,
  onSelectNode,
}: {
  flowId: string;
  runId?: string;
  tab: FlowPanelTab;
  onTab(tab: FlowPanelTab): void;
  onOverlays(overlays: Record<string, StepOverlay> | null): void;
  onSelectNode(nodeId: string): void;
}) {
  const single = useFlowEditor((state) => (state.selectedNodes.length === 1 ? state.selectedNodes[0]! : null));
  if (single && !runId) {
    return (
      // The settings form keeps Delete, Ctrl+Z… for its own fields.
      <div className="flow-side-panel" data-shortcuts="off" data-testid="node-settings">
        <div className="panel-back">
          <button type="button" className="link-button" onClick={() => useFlowEditor.getState().select([])} data-testid="panel-back">
            <Icon name="chevron-left" size={14} /> Flow overview
          </button>
          {/* The runs stay one click away while a step's settings are open. */}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onTab('runs');
              useFlowEditor.getState().select([]);
            }}
            data-testid="panel-runs"
          >
            Runs
          </button>
        </div>
        <PanelErrorBoundary resetKey={single}>
          <NodeConfigPanel key={single} nodeId={single} />
        </PanelErrorBoundary>
      </div>
    );
  }
  return <FlowPanel flowId={flowId} runId={runId} tab={runId ? 'runs' : tab} onTab={onTab} onOverlays={onOverlays} onSelectNode={onSelectNode} />;
}

function FlowPanel({ flowId, runId, tab, onTab, onOverlays, onSelectNode }: { flowId: string; runId?: string; tab: FlowPanelTab; onTab(tab: FlowPanelTab): void; onOverlays(overlays: Record<string, StepOverlay> | null): void; onSelectNode(nodeId: string): void }) {
  const problems = useFlowEditor((state) => state.problems);
  const selectedCount = useFlowEditor((state) => state.selectedNodes.length);
  const id = useId();
  const tabs: Array<{ key: FlowPanelTab; label: string; count?: number }> = [
    { key: 'problems', label: 'Problems', count: problems.length },
    { key: 'runs', label: 'Runs' },
  ];
  const select = (key: FlowPanelTab) => onTab(key);

  return (
    <aside className="flow-side-panel" aria-label="Flow" data-testid="flow-panel">
      {selectedCount > 1 && !runId ? <SelectionSummary count={selectedCount} /> : null}
      <div className="panel-tabs" role="tablist" aria-label="Flow panel">
        {tabs.map((entry, index) => (
          <button
            key={entry.key}
            type="button"
            role="tab"
            id={`${id}-${entry.key}`}
            aria-selected={tab === entry.key}
            aria-controls={`${id}-${entry.key}-panel`}
            tabIndex={tab === entry.key ? 0 : -1}
            disabled={Boolean(runId) && entry.key !== 'runs'}
            data-testid={`panel-tab-${entry.key}`}
            onClick={() => select(entry.key)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
              select(next.key);
              document.getElementById(`${id}-${next.key}`)?.focus();
            }}
          >
            {entry.label}
            {entry.count ? <span className={`tab-count${entry.key === 'problems' ? ' is-bad' : ''}`}>{entry.count}</span> : null}
          </button>
        ))}
      </div>
      <div className="panel-body" role="tabpanel" id={`${id}-${tab}-panel`} aria-labelledby={`${id}-${tab}`}>
        {tab === 'runs' ? (
          <PanelErrorBoundary resetKey={runId ?? ''}>
            <RunsPanel flowId={flowId} runId={runId} onOverlays={onOverlays} />
          </PanelErrorBoundary>
        ) : problems.length === 0 ? (
          <div className="panel-empty">
            <Icon name="check" size={22} />
            <strong>No problems</strong>
            <span>The draft is ready to test and publish. Select a step to change its settings.</span>
          </div>
        ) : (
          <>
            <p className="panel-lead">
              {problems.length} problem{problems.length === 1 ? '' : 's'} to fix before this flow can be published. Click a step to open it.
            </p>
            <ProblemList problems={problems} onSelect={onSelectNode} />
          </>
        )}
      </div>
    </aside>
  );
}

function SelectionSummary({ count }: { count: number }) {
  const duplicate = useFlowEditor((state) => state.duplicateSelection);
  const remove = useFlowEditor((state) => state.removeSelection);
  const clear = useFlowEditor((state) => state.select);
  return (
    <div className="selection-summary" data-testid="selection-summary">
      <strong>{count} steps selected</strong>
      <div className="selection-actions">
        <Button onClick={duplicate}>
          <Icon name="copy" size={15} /> Duplicate
        </Button>
        <Button variant="danger" onClick={remove}>
          <Icon name="trash" size={15} /> Delete
        </Button>
        <button type="button" className="link-button" onClick={() => clear([])}>
          Clear
        </button>
      </div>
    </div>
  );
}
