import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { ApiKeyCreated, ApiKeyScope, ApiKeyView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { CopyButton } from '../runs/CopyButton';
import { SCOPE_CHOICES, scopeSummary, toggleScope } from './scopes';
import './api-keys.css';

const when = (instant: string | null) => (instant ? new Date(instant).toLocaleString() : 'never');

/** The workspace's API keys: list, create (the secret shown once), revoke. Needs an admin key. */
export function ApiKeysPage() {
  const list = useResource(() => api.get('/api/api-keys'), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const revoke = useAction();

  const confirmRevoke = () =>
    revoke.run(async () => {
      if (!revoking) return;
      await api.delete(`/api/api-keys/${revoking.id}`);
      setRevoking(null);
      list.reload();
    });

  return (
    <div className="page-content">
      <header className="page-header">
        <div className="conn-intro">
          <h1>API keys</h1>
          <p className="muted">Keys let other systems call this workspace. Give each system its own key with only the scopes it needs; a key's secret is shown once, when it is created.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          New API key
        </Button>
      </header>

      {created ? (
        <div className="card apikey-secret" role="status">
          <p>
            <strong>Copy the key “{created.name}” now.</strong> It is not shown again; if you lose it, revoke it and create another.
          </p>
          <div className="apikey-secret-row">
            <code>{created.key}</code>
            <CopyButton text={created.key} label="Copy the API key" />
          </div>
          <Button onClick={() => setCreated(null)}>I have copied it</Button>
        </div>
      ) : null}

      {list.loading ? (
        <Loading label="Loading API keys…" />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list.data?.apiKeys ?? []).map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{scopeSummary(key.scopes)}</td>
                <td>{when(key.createdAt)}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  <Button variant="danger" onClick={() => setRevoking(key)}>
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <NewApiKeyDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          list.reload();
        }}
      />
      <Dialog
        open={revoking !== null}
        title="Revoke this API key?"
        onClose={() => setRevoking(null)}
        footer={
          <>
            <Button onClick={() => setRevoking(null)}>Keep it</Button>
            <Button variant="danger" busy={revoke.busy} onClick={() => void confirmRevoke()}>
              Revoke key
            </Button>
          </>
        }
      >
        <p>
          <strong>{revoking?.name}</strong> ({revoking?.prefix}…) stops working at once: every system that uses it gets “401 Unauthorized” from its next call.
        </p>
        <FormError message={revoke.error} />
      </Dialog>
    </div>
  );
}

function NewApiKeyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (key: ApiKeyCreated) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['read']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const key = await api.post('/api/api-keys', { name, scopes });
      setName('');
      setScopes(['read']);
      onCreated(key);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title="New API key"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" busy={busy} disabled={!name.trim() || scopes.length === 0} onClick={() => void create()}>
            Create key
          </Button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="apikey-name">Name</label>
        <input id="apikey-name" value={name} placeholder="Voice platform" onChange={(event) => setName(event.target.value)} />
      </div>
      <fieldset className="apikey-scopes">
        <legend>Scopes</legend>
        {SCOPE_CHOICES.map((choice) => (
          <label key={choice.scope} className="apikey-scope">
            <input type="checkbox" checked={scopes.includes(choice.scope)} onChange={(event) => setScopes(toggleScope(scopes, choice.scope, event.target.checked))} />
            <span>
              <strong>{choice.label}</strong> <span className="hint">{choice.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
    </Dialog>
  );
}
