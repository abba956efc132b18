import { useEffect } from 'react';
import { domId, problemsAt } from './field-paths';
import { useAllows } from '../../store/use-access';
import { soleConnection } from './connection-choice';
import { FieldShell } from './FieldShell';
import { familyOf, inFamily, providerLabel, useConnections } from './connections-store';
import { useForm, type FieldProps } from './form-context';
import type { ConnectionModel } from './schema-model';

/**
 * A connection of the workspace (`x-widget: connection`) of the schema's provider family, shown
 * with its provider; an empty state leads to the Connections page.
 */
export function ConnectionField({ model, path, value, onChange, compact }: FieldProps<ConnectionModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const connections = useConnections((state) => state.connections);
  const load = useConnections((state) => state.loadConnections);
  useEffect(() => {
    void load();
  }, [load]);

  const family = familyOf(model.provider);
  const options = (connections.data ?? []).filter((connection) => inFamily(connection.provider, model.provider));
  const selected = typeof value === 'string' ? value : '';
  const current = options.find((connection) => connection.id === selected);
  const problems = problemsAt(form.problems, path);
  const loading = connections.status === 'loading' && !connections.data;
  const mayEdit = useAllows('PUT', '/api/flows/:id');
  // The only sender of its kind is chosen by itself (a new step, or one still without it).
  const sole = connections.status === 'ready' && mayEdit ? soleConnection(options, model.required, value) : null;
  useEffect(() => {
    if (sole) onChange(sole);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sole]);

  const actions = (
    <span className="nc-inline-actions">
      <button type="button" className="link-button small" onClick={() => void load({ force: true })} aria-label={`Reload the ${family.noun}s`} title="Reload">
        Reload
      </button>
      <a className="small" href="#/connections">
        Manage connections
      </a>
    </span>
  );

  return (
    <FieldShell id={id} label={model.label} required={model.required} description={model.description} problems={problems} actions={actions} compact={compact}>
      {(a11y) => (
        <div className="nc-connection">
          <select {...a11y} value={selected} disabled={loading} onChange={(event) => onChange(event.target.value === '' ? (model.required ? '' : undefined) : event.target.value)}>
            {loading ? <option value={selected}>Loading…</option> : null}
            {!loading ? <option value="">{model.required ? `Choose ${family.article} ${family.noun}…` : family.none}</option> : null}
            {options.map((connection) => (
              <option key={connection.id} value={connection.id}>
                {connection.name} — {providerLabel(connection.provider)}
              </option>
            ))}
            {selected !== '' && !current && !loading ? <option value={selected}>Unknown connection ({selected.slice(0, 8)}…)</option> : null}
          </select>
          {connections.status === 'error' ? (
            <p className="form-error" role="alert">
              The connections could not be loaded: {connections.error}{' '}
              <button type="button" className="link-button" onClick={() => void load({ force: true })}>
                Try again
              </button>
            </p>
          ) : null}
          {connections.status === 'ready' && options.length === 0 ? (
            <div className="nc-empty-callout">
              <p>{family.empty}</p>
              <a className="button button-secondary" href="#/connections">
                Create {family.article} {family.noun}
              </a>
            </div>
          ) : null}
          {selected !== '' && !current && connections.status === 'ready' ? <p className="nc-warning small">This connection no longer exists or is not {family.article} {family.noun}: choose another.</p> : null}
          {current?.provider === 'whatsapp.sandbox' ? (
            <p className="hint">
              Sandbox: messages are delivered to the built-in sandbox, <a href={`#/sandbox/${encodeURIComponent(current.id)}`}>open it</a> to see them.
            </p>
          ) : null}
        </div>
      )}
    </FieldShell>
  );
}
