import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { ConnectionView } from '../../api/types';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { ConnectionCard } from './ConnectionCard';
import { NewConnectionDialog } from './NewConnectionDialog';
import { TemplatesDialog } from './TemplatesDialog';
import './connections.css';

/** The workspace's WhatsApp senders (and other provider connections): create, inspect, test, delete. */
export function ConnectionsPage({ add }: { add?: string } = {}) {
  const list = useResource(() => api.get('/api/connections'), []);
  const cannotCreate = useRefusal('POST', '/api/connections', 'add connections');
  // A link such as "Connect an AI model" opens the form on its provider right away.
  const [creating, setCreating] = useState(Boolean(add) && !cannotCreate);
  const [templatesOf, setTemplatesOf] = useState<ConnectionView | null>(null);
  const [deleting, setDeleting] = useState<ConnectionView | null>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = async () => {
    if (!deleting) return;
    setDeleteBusy(true);
    setDeleteError(null);
    try {
      await api.delete(`/api/connections/${deleting.id}`);
      setNotice(`“${deleting.name}” was deleted.`);
      setDeleting(null);
      list.reload();
    } catch (error) {
      setDeleteError(errorMessage(error));
    } finally {
      setDeleteBusy(false);
    }
  };

  const connections = list.data?.connections ?? [];

  return (
    <div className="page-content">
      <header className="page-header">
        <div className="conn-intro">
          <h1>Connections</h1>
          <p className="muted">The WhatsApp numbers your flows send from and listen to, the voice platforms whose calls start them, your mail server and your AI models. Keys are stored encrypted and never shown again.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)} disabled={Boolean(cannotCreate)} title={cannotCreate}>
          New connection
        </Button>
      </header>

      {notice ? (
        <p className="conn-notice" role="status">
          {notice}
        </p>
      ) : null}

      {list.loading ? (
        <Loading label="Loading connections…" />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : connections.length === 0 ? (
        <div className="card">
          <EmptyState title="No connections yet" action={<Button variant="primary" onClick={() => setCreating(true)} disabled={Boolean(cannotCreate)} title={cannotCreate}>New connection</Button>}>
            Start with a Sandbox sender — it needs no WhatsApp account, and you can chat with your flows in the simulator. Add your Meta, Heltar or AiSensy number when you
            go live.
          </EmptyState>
        </div>
      ) : (
        <ul className="conn-list" aria-label="Connections">
          {connections.map((connection) => (
            <ConnectionCard key={connection.id} connection={connection} onTemplates={() => setTemplatesOf(connection)} onDelete={() => { setDeleteError(null); setDeleting(connection); }} />
          ))}
        </ul>
      )}

      <NewConnectionDialog
        open={creating}
        initialProvider={add}
        onClose={() => setCreating(false)}
        onCreated={(connection) => {
          setCreating(false);
          setNotice(`“${connection.name}” is ready.${connection.webhookUrl ? ' Copy its webhook URL into the provider’s settings to receive messages.' : ''}`);
          list.reload();
        }}
      />
      <TemplatesDialog connection={templatesOf} onClose={() => setTemplatesOf(null)} />
      <Dialog
        open={deleting !== null}
        title="Delete this connection?"
        onClose={() => setDeleting(null)}
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>Keep it</Button>
            <Button variant="danger" busy={deleteBusy} onClick={() => void remove()}>
              Delete connection
            </Button>
          </>
        }
      >
        <p>
          <strong>{deleting?.name}</strong> and its stored keys are removed. Flow steps that send from it will fail until you choose another sender, and its webhook URL stops
          working.
        </p>
        <FormError message={deleteError} />
      </Dialog>
    </div>
  );
}
