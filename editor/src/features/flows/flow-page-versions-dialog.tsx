import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FlowGraph } from '@switchboard/shared';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { useFlowEditor } from '../../store/flow-store';
import { flowDiff } from './flow-diff';
import { DiffSummary } from './flow-diff-summary';

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The published versions of a flow, newest first, the live one marked. Any of them can be
 * brought back into the draft (`onRestore`, absent when the canvas is read-only); the live
 * version keeps running until the draft is published again. Restoring asks first, showing what
 * it would change in the draft: the draft's own edits are replaced (undo brings them back).
 */
export function VersionsDialog({ flowId, onClose, onRestore }: { flowId: string; onClose(): void; onRestore?(graph: FlowGraph, version: number): void }) {
  const versions = useResource(() => api.get(`/api/flows/${flowId}/versions`).then((result) => result.versions), [flowId]);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ version: number; graph: FlowGraph } | null>(null);

  const restore = async (version: number) => {
    setRestoring(version);
    setRestoreError(null);
    try {
      const frozen = await api.get(`/api/flows/${flowId}/versions/${version}`);
      setAsking({ version, graph: frozen.graph });
    } catch (error) {
      setRestoreError(errorMessage(error));
    } finally {
      setRestoring(null);
    }
  };

  if (asking) return <RestoreConfirm version={asking.version} graph={asking.graph} onBack={() => setAsking(null)} onClose={onClose} onConfirm={() => onRestore?.(asking.graph, asking.version)} />;

  return (
    <Dialog open wide title="Versions" onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
      <div data-testid="versions-dialog">
        <FormError message={restoreError} />
        {versions.loading ? (
          <Loading label="Loading versions…" />
        ) : versions.error ? (
          <ErrorState message={versions.error} onRetry={versions.reload} />
        ) : !versions.data?.length ? (
          <EmptyState title="No versions yet">Each publish freezes the draft as a numbered version; runs keep the version they started on.</EmptyState>
        ) : (
          <table className="table versions-table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Name</th>
                <th scope="col">Published</th>
                <th scope="col">
                  <span className="visually-hidden">Status</span>
                </th>
                {onRestore ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {versions.data.map((version) => (
                <tr key={version.id} data-testid={`version-${version.version}`}>
                  <td>
                    <strong>v{version.version}</strong>
                  </td>
                  <td>{version.name}</td>
                  <td>
                    <time dateTime={version.createdAt}>{DATE.format(new Date(version.createdAt))}</time>
                  </td>
                  <td>{version.published ? <span className="badge badge-published">Live</span> : null}</td>
                  {onRestore ? (
                    <td>
                      <Button variant="ghost" busy={restoring === version.version} disabled={restoring !== null} onClick={() => void restore(version.version)} title="Replace the draft with this version; publish to make it live">
                        Restore to draft
                      </Button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Dialog>
  );
}

/** "Restore v2 to the draft?": what the draft would become, step by step, before it is replaced. */
function RestoreConfirm({ version, graph, onBack, onClose, onConfirm }: { version: number; graph: FlowGraph; onBack(): void; onClose(): void; onConfirm(): void }) {
  const draft = useFlowEditor((state) => state.graph);
  const diff = useMemo(() => flowDiff(draft, graph), [draft, graph]);
  return (
    <Dialog
      open
      wide
      title={`Restore v${version} to the draft?`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onBack}>Back to versions</Button>
          <Button variant="primary" onClick={onConfirm} data-testid="restore-confirm">
            Restore v{version}
          </Button>
        </>
      }
    >
      <div className="publish-dialog" data-testid="restore-dialog">
        <p className="muted">The draft becomes v{version} again. What runs now does not change until you publish; undo brings the current draft back.</p>
        <DiffSummary diff={diff} after={graph} heading={`What restoring v${version} changes in the draft`} empty={`The draft is already the same as v${version} (positions aside).`} testId="restore-diff" />
      </div>
    </Dialog>
  );
}
