import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { FlowView } from '../../api/types';
import { routeHref } from '../../app/router';
import { describe } from '../../store/catalog-store';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { RelativeTime } from '../runs/RelativeTime';
import { flowStatus, problemsLabel } from './flow-list-format';
import { ImportFlowButton } from './flow-list-import';
import { NewFlowDialog } from './flow-list-new-flow-dialog';
import { useUnpublished } from './use-unpublished';
import './flow-list.css';

const STARTER_TEMPLATE = 'appointment_confirmation';

/** Every flow of the workspace, with its trigger, state and problems; create, import, delete. */
export function FlowListPage() {
  const list = useResource(() => api.get('/api/flows'), []);
  const cannotCreate = useRefusal('POST', '/api/flows', 'create flows');
  const [creating, setCreating] = useState<{ template: string | null } | null>(null);
  const [deleting, setDeleting] = useState<FlowView | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const flows = list.data?.flows ?? [];
  const unpublished = useUnpublished(flows);

  const remove = async () => {
    if (!deleting) return;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await api.delete(`/api/flows/${deleting.id}`);
      setNotice(`“${deleting.name}” was deleted.`);
      setDeleting(null);
      list.reload();
    } catch (error) {
      setDeleteError(errorMessage(error));
    } finally {
      setDeleteBusy(false);
    }
  };

  return (
    <div className="page-content">
      <header className="page-header">
        <div className="fl-intro">
          <h1>Flows</h1>
          <p className="muted">What happens on its own after a call or a chat: a trigger, then the steps that follow.</p>
        </div>
        <div className="fl-header-actions">
          <ImportFlowButton />
          <Button variant="primary" onClick={() => setCreating({ template: null })} disabled={Boolean(cannotCreate)} title={cannotCreate}>
            New flow
          </Button>
        </div>
      </header>

      {notice ? (
        <p className="fl-notice" role="status">
          {notice}
        </p>
      ) : null}

      {list.loading ? (
        <Loading label="Loading flows…" />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : flows.length === 0 ? (
        <div className="card fl-empty">
          <EmptyState
            title="Build your first flow"
            action={
              <div className="fl-empty-actions">
                <Button variant="primary" onClick={() => setCreating({ template: STARTER_TEMPLATE })} disabled={Boolean(cannotCreate)} title={cannotCreate}>
                  Start from the appointment confirmation
                </Button>
                <Button onClick={() => setCreating({ template: null })} disabled={Boolean(cannotCreate)} title={cannotCreate}>
                  Start from scratch
                </Button>
              </div>
            }
          >
            A good first one: when a call ends with a booked appointment, the customer gets a WhatsApp confirmation with the date and time — ready to publish in a
            minute.
          </EmptyState>
        </div>
      ) : (
        <table className="table fl-table">
          <caption className="visually-hidden">Flows, most recently changed first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Trigger</th>
              <th scope="col">Status</th>
              <th scope="col">Problems</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <FlowRow
                key={flow.id}
                flow={flow}
                unpublished={unpublished.has(flow.id)}
                onDelete={() => {
                  setDeleteError(null);
                  setDeleting(flow);
                }}
              />
            ))}
          </tbody>
        </table>
      )}

      <NewFlowDialog open={creating !== null} initialTemplate={creating?.template ?? null} existingNames={flows.map((flow) => flow.name)} onClose={() => setCreating(null)} />
      <Dialog
        open={deleting !== null}
        title="Delete this flow?"
        onClose={() => setDeleting(null)}
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>Keep it</Button>
            <Button variant="danger" busy={deleteBusy} onClick={() => void remove()}>
              Delete flow
            </Button>
          </>
        }
      >
        <p>
          <strong>{deleting?.name}</strong> will be removed.{' '}
          {deleting?.status === 'published' ? 'It is published: it stops reacting to new calls and messages right away. Runs already under way finish.' : 'It is a draft and has never run on live events.'}
        </p>
        <FormError message={deleteError} />
      </Dialog>
    </div>
  );
}

function FlowRow({ flow, unpublished, onDelete }: { flow: FlowView; unpublished: boolean; onDelete(): void }) {
  const cannotDelete = useRefusal('DELETE', '/api/flows/:id', 'delete flows');
  const status = flowStatus(flow);
  const problems = problemsLabel(flow);
  const trigger = flow.triggerType ? (describe(flow.triggerType)?.title ?? flow.triggerType) : null;
  return (
    <tr data-testid="flow-row" data-flow-id={flow.id}>
      <td className="fl-name-cell">
        <a className="fl-name" href={routeHref({ page: 'flow', flowId: flow.id })}>
          {flow.name}
        </a>
        {flow.description ? (
          <span className="fl-description" title={flow.description}>
            {flow.description}
          </span>
        ) : null}
      </td>
      <td className="fl-trigger">{trigger ?? <span className="muted">No trigger yet</span>}</td>
      <td>
        <span className={`badge badge-${status.badge}`}>{status.label}</span>
        {unpublished ? (
          <span className="badge badge-unpublished fl-unpublished" data-testid="flow-unpublished" title="The draft differs from the live version: open the flow and publish to make the changes live.">
            unpublished changes
          </span>
        ) : null}
      </td>
      <td>
        {problems ? (
          <a className="fl-problems" href={routeHref({ page: 'flow', flowId: flow.id })} title={flow.problems.map((problem) => problem.message).join('\n')}>
            <span aria-hidden="true">⚠</span> {problems}
          </a>
        ) : (
          <span className="fl-ok">
            <span aria-hidden="true">✓</span> Ready
          </span>
        )}
      </td>
      <td className="fl-updated">
        <RelativeTime iso={flow.updatedAt} />
      </td>
      <td className="fl-actions">
        <Button variant="ghost" className="fl-delete" onClick={onDelete} aria-label={`Delete ${flow.name}`} disabled={Boolean(cannotDelete)} title={cannotDelete}>
          Delete
        </Button>
      </td>
    </tr>
  );
}
