import { useState } from 'react';
import { useRefusal } from '../../store/use-access';
import { api, errorMessage } from '../../api/client';
import type { ConnectionView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { RelativeTime } from '../runs/RelativeTime';
import { AISENSY_BASIC_NOTE, testFailed } from './connection-test';
import { NewTemplateForm } from './NewTemplateForm';
import { TemplateBody } from './TemplateBody';

/** While a template awaits review the list is read again this often, so its approval shows up. */
const PENDING_POLL_MS = 5_000;


/** The sender's message templates in every status (status, rejection reason, quality), with "Sync now" and "New template". */
export function TemplatesDialog({ connection, onClose }: { connection: ConnectionView | null; onClose(): void }) {
  return (
    <Dialog open={connection !== null} title={connection ? `Templates of ${connection.name}` : 'Templates'} onClose={onClose} wide>
      {connection ? <TemplatesBody connection={connection} /> : null}
    </Dialog>
  );
}

function TemplatesBody({ connection }: { connection: ConnectionView }) {
  const [pending, setPending] = useState(false);
  const list = useResource(() => api.get(`/api/connections/${connection.id}/templates?status=all`), [connection.id], pending ? { pollMs: PENDING_POLL_MS } : {});
  const [creating, setCreating] = useState(false);
  const cannotCreate = useRefusal('POST', '/api/connections/:id/templates', 'create templates');
  const canCreate = connection.provider === 'whatsapp.meta' || connection.provider === 'whatsapp.sandbox';
  const [syncing, setSyncing] = useState(false);
  const [syncMessage, setSyncMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const sync = async () => {
    setSyncing(true);
    setSyncMessage(null);
    try {
      const result = await api.post(`/api/connections/${connection.id}/templates/sync`);
      setSyncMessage({ ok: true, text: `Synced: ${result.synced} template${result.synced === 1 ? '' : 's'} from the provider.` });
      list.reload();
    } catch (error) {
      const outcome = testFailed(connection, error);
      setSyncMessage({ ok: false, text: outcome.advice ? `${outcome.message} ${outcome.advice}` : outcome.message || errorMessage(error) });
    } finally {
      setSyncing(false);
    }
  };

  const waiting = Boolean(list.data?.templates.some((template) => template.status === 'PENDING'));
  if (waiting !== pending) setPending(waiting);

  if (creating) {
    return (
      <NewTemplateForm
        connection={connection}
        onCancel={() => setCreating(false)}
        onCreated={(template) => {
          setCreating(false);
          setSyncMessage({ ok: true, text: `“${template.name}” was submitted for review; it is ${template.status.toLowerCase()}. This list refreshes until it is reviewed.` });
          list.reload();
        }}
      />
    );
  }
  if (list.loading) return <Loading label="Loading templates…" />;
  if (list.error && !list.data) return <ErrorState message={list.error} onRetry={list.reload} />;
  const data = list.data!;
  if (!data.listable) {
    return (
      <div className="tpl-note" role="note">
        <h3>This sender cannot list its templates</h3>
        <p>{AISENSY_BASIC_NOTE}</p>
      </div>
    );
  }
  const templates = [...data.templates].sort((a, b) => Number(b.status === 'APPROVED') - Number(a.status === 'APPROVED') || a.name.localeCompare(b.name));
  const lastSync = templates.map((template) => template.syncedAt).sort().at(-1);
  const approved = templates.filter((template) => template.status === 'APPROVED').length;

  return (
    <div className="tpl-view">
      <div className="tpl-toolbar">
        <p className="muted small">
          {templates.length} template{templates.length === 1 ? '' : 's'}, {approved} approved. Only approved templates can be sent.
          {lastSync ? (
            <>
              {' '}
              Last synced <RelativeTime iso={lastSync} />.
            </>
          ) : null}
        </p>
        <div className="tpl-toolbar-actions">
          <Button onClick={() => void sync()} busy={syncing}>
            Sync now
          </Button>
          <Button
            variant="primary"
            onClick={() => setCreating(true)}
            disabled={Boolean(cannotCreate) || !canCreate}
            title={cannotCreate ?? (canCreate ? undefined : 'This provider’s API cannot create templates: create it in its dashboard, then sync.')}
          >
            New template
          </Button>
        </div>
      </div>
      {syncMessage ? (
        <p className={syncMessage.ok ? 'tpl-sync-ok' : 'form-error'} role="status">
          {syncMessage.text}
        </p>
      ) : null}
      {templates.length === 0 ? (
        <EmptyState title="No templates yet">Create one with “New template”, or in the provider’s dashboard and sync it here. Only approved templates can be sent.</EmptyState>
      ) : (
        <table className="table tpl-table">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col">Quality</th>
              <th scope="col">Body</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={`${template.name}/${template.language}`} data-testid="template-row">
                <td>
                  <code>{template.name}</code>
                  <div className="muted small">{template.language}</div>
                </td>
                <td className="small">{template.category ? template.category.toLowerCase() : '—'}</td>
                <td>
                  <span className={`badge badge-${template.status.toLowerCase()}`}>{template.status.toLowerCase()}</span>
                  {template.rejectionReason ? <div className="tpl-reason small">{template.rejectionReason}</div> : null}
                </td>
                <td className="small">{template.quality ? <span className={`tpl-quality tpl-quality-${template.quality.toLowerCase()}`}>{template.quality.toLowerCase()}</span> : '—'}</td>
                <td>
                  <TemplateBody body={template.body} />
                  {template.parameters.length > 0 ? (
                    <div className="muted small">
                      {template.parameters.length} {template.parameterFormat === 'named' ? 'named' : 'numbered'} parameter{template.parameters.length === 1 ? '' : 's'}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
