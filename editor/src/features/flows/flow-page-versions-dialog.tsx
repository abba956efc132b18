import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FlowGraph } from '@switchboard/shared';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The published versions of a flow, newest first, the live one marked. Any of them can be
 * brought back into the draft (`onRestore`, absent when the canvas is read-only); the live
 * version keeps running until the draft is published again.
 */
export function VersionsDialog({ flowId, onClose, onRestore }: { flowId: string; onClose(): void; onRestore?(graph: FlowGraph, version: number): void }) {
  const versions = useResource(() => api.get(`/api/flows/${flowId}/versions`).then((result) => result.versions), [flowId]);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  const restore = async (version: number) => {
    setRestoring(version);
    setRestoreError(null);
    try {
      const frozen = await api.get(`/api/flows/${flowId}/versions/${version}`);
      onRestore?.(frozen.graph, version);
    } catch (error) {
      setRestoreError(errorMessage(error));
    } finally {
      setRestoring(null);
    }
  };

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
