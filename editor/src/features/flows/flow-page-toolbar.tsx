import { routeHref } from '../../app/router';
import { useMemo } from 'react';
import { useFlowEditor } from '../../store/flow-store';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { Icon } from '../canvas/Icon';
import { hasUnpublishedChanges } from './flow-diff';
import { FlowMenu, type MenuItem } from './flow-page-menu';
import { PresenceNote } from './flow-page-presence';
import { SendTestEventButton } from './send-test-event';

export interface ToolbarActions {
  onLayout(): void;
  onFit(): void;
  onTest(): void;
  onPublish(): void;
  onUnpublish(): void;
  menu: MenuItem[];
}

/** The flow page's header: name, save state, status, history, view and publishing actions. */
export function FlowToolbar({ readOnly, actions }: { readOnly: boolean; actions: ToolbarActions }) {
  const name = useFlowEditor((state) => state.name);
  const setName = useFlowEditor((state) => state.setName);
  const status = useFlowEditor((state) => state.status);
  const version = useFlowEditor((state) => state.publishedVersion);
  const canUndo = useFlowEditor((state) => state.past.length > 0);
  const canRedo = useFlowEditor((state) => state.future.length > 0);
  const undo = useFlowEditor((state) => state.undo);
  const redo = useFlowEditor((state) => state.redo);
  const empty = useFlowEditor((state) => state.graph.nodes.length === 0);
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const mod = mac ? '⌘' : 'Ctrl+';
  const cannotTest = useRefusal('POST', '/api/flows/:id/test', 'run tests');
  const cannotPublish = useRefusal('POST', '/api/flows/:id/publish', 'publish');
  const cannotUnpublish = useRefusal('POST', '/api/flows/:id/unpublish', 'unpublish');

  return (
    <header className="flow-toolbar">
      <a className="icon-button flow-back" href={routeHref({ page: 'flows' })} aria-label="All flows" title="All flows">
        <Icon name="chevron-left" />
      </a>
      <div className="flow-title">
        <label className="visually-hidden" htmlFor="flow-name">
          Flow name
        </label>
        <input
          id="flow-name"
          className="flow-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === 'Escape') event.currentTarget.blur();
          }}
          placeholder="Untitled flow"
          maxLength={200}
          readOnly={readOnly}
          data-testid="flow-name"
        />
        <div className="flow-title-meta">
          {status === 'published' ? (
            <span className="badge badge-published" data-testid="flow-status">
              Published{version ? ` v${version}` : ''}
            </span>
          ) : (
            <span className="badge badge-draft" data-testid="flow-status">
              Draft
            </span>
          )}
          {status === 'published' ? <UnpublishedMark version={version} /> : null}
          <SaveIndicator />
          <PresenceNote />
        </div>
      </div>

      <div className="toolbar-group" role="group" aria-label="History">
        <ToolButton icon="undo" label="Undo" shortcut={`${mod}Z`} onClick={undo} disabled={readOnly || !canUndo} />
        <ToolButton icon="redo" label="Redo" shortcut={mac ? '⇧⌘Z' : 'Ctrl+Y'} onClick={redo} disabled={readOnly || !canRedo} />
      </div>
      <div className="toolbar-group" role="group" aria-label="View">
        <ToolButton icon="layout" label="Auto-layout" onClick={actions.onLayout} disabled={readOnly || empty} />
        <ToolButton icon="fit" label="Zoom to fit" onClick={actions.onFit} disabled={empty} />
      </div>

      <div className="toolbar-actions">
        <Button onClick={actions.onTest} disabled={empty || Boolean(cannotTest)} title={cannotTest} data-testid="test-run-button">
          <Icon name="play" size={16} />
          Test run
        </Button>
        <SendTestEventButton compact />
        {status === 'published' ? (
          <Button onClick={actions.onUnpublish} disabled={Boolean(cannotUnpublish)} title={cannotUnpublish} data-testid="unpublish-button">
            Unpublish
          </Button>
        ) : null}
        <Button variant="primary" onClick={actions.onPublish} disabled={empty || Boolean(cannotPublish)} title={cannotPublish} data-testid="publish-button">
          <Icon name="upload" size={16} />
          Publish
        </Button>
        <FlowMenu label="More actions" items={actions.menu} />
      </div>
    </header>
  );
}

function ToolButton({ icon, label, shortcut, onClick, disabled }: { icon: string; label: string; shortcut?: string; onClick(): void; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="button button-ghost toolbar-icon-button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      aria-keyshortcuts={shortcut?.replace('⌘', 'Meta+').replace('⇧', 'Shift+')}
      title={shortcut ? `${label} (${shortcut})` : label}
      data-testid={`toolbar-${icon}`}
    >
      <Icon name={icon} />
    </button>
  );
}

/**
 * "Unpublished changes" while the draft differs from the live version (positions aside): what
 * is on screen is not what runs until it is published. Absent until the live graph is loaded.
 */
function UnpublishedMark({ version }: { version: number | null }) {
  const live = useFlowEditor((state) => state.live);
  const graph = useFlowEditor((state) => state.graph);
  const differs = useMemo(() => hasUnpublishedChanges(live, graph), [live, graph]);
  if (!differs) return null;
  return (
    <span className="badge badge-unpublished" data-testid="unpublished-changes" title={`The draft differs from the live version${version ? ` v${version}` : ''}: publish to make the changes live.`}>
      Unpublished changes
    </span>
  );
}

/** "Saved", "Saving…", "Unsaved changes", or the error with a retry. */
function SaveIndicator() {
  const saveState = useFlowEditor((state) => state.saveState);
  const saveError = useFlowEditor((state) => state.saveError);
  const save = useFlowEditor((state) => state.save);
  const conflict = useFlowEditor((state) => state.conflict);
  return (
    <span className={`save-state save-state-${saveState}`} role="status" aria-live="polite" data-testid="save-state">
      {saveState === 'saved' ? (
        <>
          <Icon name="check" size={14} /> Saved
        </>
      ) : saveState === 'saving' ? (
        <>
          <span className="spinner" aria-hidden="true" /> Saving…
        </>
      ) : saveState === 'dirty' ? (
        'Unsaved changes'
      ) : (
        <>
          <Icon name="cloud-off" size={14} />
          <span title={saveError ?? undefined}>Not saved</span>
          <span className="visually-hidden">: {saveError}</span>
          {conflict ? (
            // A fresh copy of the conflict opens its dialog again.
            <button type="button" className="link-button" onClick={() => useFlowEditor.setState({ conflict: { ...conflict } })}>
              Resolve…
            </button>
          ) : (
            <button type="button" className="link-button" onClick={() => void save()}>
              Retry
            </button>
          )}
        </>
      )}
    </span>
  );
}
