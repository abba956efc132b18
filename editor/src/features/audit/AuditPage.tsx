import { useState } from 'react';
import { api } from '../../api/client';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { usePolled } from '../runs/use-polled';
import { absoluteTime, relativeTime } from '../runs/time-format';
import { AUDIT_ACTIONS, actorLabel, auditQuery, targetHref, targetLabel } from './audit-format';
import './audit.css';

const PAGE_SIZE = 100;
const AUDIT_POLL_MS = 15_000;

/** The workspace's audit log: who published, changed or deleted what, newest first. */
export function AuditPage() {
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const query = auditQuery({ action, actor }, PAGE_SIZE);
  const list = usePolled(() => api.get(`/api/audit?${query}`), [query], () => AUDIT_POLL_MS);
  const entries = list.data?.entries ?? [];

  return (
    <div className="page-content audit-page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Who published, changed or deleted flows and connections, created or revoked API keys, invited or removed members, and retried or cancelled runs. Changes name the fields, never their values.</p>
        </div>
      </header>
      <div className="audit-filters">
        <select aria-label="Action" value={action} onChange={(event) => setAction(event.target.value)}>
          {AUDIT_ACTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <input aria-label="Actor" placeholder="Actor: a name, an e-mail or an id" value={actor} onChange={(event) => setActor(event.target.value)} />
      </div>
      {list.loading ? (
        <Loading label="Loading the audit log…" />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : entries.length === 0 ? (
        <EmptyState title={action || actor.trim() ? 'No entries match' : 'No entries yet'}>Publishing a flow or changing a connection is recorded here.</EmptyState>
      ) : (
        <table className="table audit-table">
          <caption className="visually-hidden">Audit log, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => {
              const href = targetHref(entry);
              return (
                <tr key={entry.id}>
                  <td title={absoluteTime(entry.at)}>{relativeTime(entry.at)}</td>
                  <td>{actorLabel(entry.actor)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{href ? <a href={href}>{targetLabel(entry.target)}</a> : targetLabel(entry.target)}</td>
                  <td>{entry.summary}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
