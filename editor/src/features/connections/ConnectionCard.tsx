import { useState } from 'react';
import { api } from '../../api/client';
import type { ConnectionView } from '../../api/types';
import { routeHref } from '../../app/router';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { CopyButton } from '../runs/CopyButton';
import { RelativeTime } from '../runs/RelativeTime';
import { ConnectionLimits } from './ConnectionLimits';
import { AISENSY_BASIC_TEST_NOTE, canListTemplates, testFailed, testSucceeded, type TestOutcome } from './connection-test';
import { providerForm, providerLabel, publicFacts, secretFields } from './provider-forms';

/** One sender: what it is, where its webhooks go, which secrets are set, and its actions. */
export function ConnectionCard({ connection, onTemplates, onDelete }: { connection: ConnectionView; onTemplates(): void; onDelete(): void }) {
  const cannotTest = useRefusal('POST', '/api/connections/:id/test', 'test connections');
  const cannotDelete = useRefusal('DELETE', '/api/connections/:id', 'delete connections');
  const [testing, setTesting] = useState(false);
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const whatsapp = connection.provider.startsWith('whatsapp.');
  const sandbox = connection.provider === 'whatsapp.sandbox';
  const voice = connection.provider.startsWith('voice.');
  const secrets = secretFields(connection.provider);
  const facts = publicFacts(connection.provider, connection.config);
  const setup = providerForm(connection.provider)?.setup;
  const headingId = `conn-${connection.id}-name`;

  const test = async () => {
    if (!whatsapp) return testOther();
    if (!canListTemplates(connection)) {
      setOutcome({ ok: null, message: AISENSY_BASIC_TEST_NOTE });
      return;
    }
    setTesting(true);
    setOutcome(null);
    try {
      const result = await api.post(`/api/connections/${connection.id}/templates/sync`);
      setOutcome(testSucceeded(connection, result.synced, result.templates));
    } catch (error) {
      setOutcome(testFailed(connection, error));
    } finally {
      setTesting(false);
    }
  };

  /** SMTP and AI connections: a login or one tiny completion, nothing sent. */
  const testOther = async () => {
    setTesting(true);
    setOutcome(null);
    try {
      const result = await api.post(`/api/connections/${connection.id}/test`);
      setOutcome({ ok: result.ok, message: result.message });
    } catch (error) {
      setOutcome(testFailed(connection, error));
    } finally {
      setTesting(false);
    }
  };

  return (
    <li className="conn-card card" data-testid="connection" data-connection-id={connection.id} aria-labelledby={headingId}>
      <div className="conn-card-head">
        <span className={`conn-provider-mark conn-provider-mark-${connection.provider.split('.')[1] ?? 'other'}`} aria-hidden="true">
          {providerLabel(connection.provider).slice(0, 1)}
        </span>
        <div className="conn-card-title">
          <h2 id={headingId}>{connection.name}</h2>
          <p className="muted small">
            {providerLabel(connection.provider)} · created <RelativeTime iso={connection.createdAt} />
          </p>
        </div>
        <div className="conn-card-actions">
          {sandbox ? (
            <a className="button button-secondary" href={routeHref({ page: 'sandbox', connectionId: connection.id })}>
              Open simulator
            </a>
          ) : null}
          {whatsapp ? (
            <Button onClick={onTemplates} aria-label={`Templates of ${connection.name}`}>
              Templates
            </Button>
          ) : null}
          {/* A voice platform is tried by ending a call on it: its webhook shows in Activity. */}
          {connection.provider !== 'http.header' && !voice ? (
            <Button onClick={() => void test()} busy={testing} aria-label={`Test ${connection.name}`} disabled={Boolean(cannotTest)} title={cannotTest}>
              Test
            </Button>
          ) : null}
          <Button variant="ghost" className="conn-delete" onClick={onDelete} aria-label={`Delete ${connection.name}`} disabled={Boolean(cannotDelete)} title={cannotDelete}>
            Delete
          </Button>
        </div>
      </div>

      <dl className="conn-facts">
        {(whatsapp && !sandbox) || voice ? (
          <div className="conn-fact conn-fact-wide">
            <dt>Webhook URL</dt>
            <dd className="conn-webhook">
              {connection.webhookUrl ? (
                <>
                  <code>{connection.webhookUrl}</code>
                  <CopyButton text={connection.webhookUrl} label={`Copy webhook URL of ${connection.name}`} />
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </div>
        ) : null}
        {sandbox ? (
          <div className="conn-fact conn-fact-wide">
            <dt>Webhook</dt>
            <dd className="muted">None needed: customers write through the simulator, and replies arrive there.</dd>
          </div>
        ) : null}
        {connection.limits ? <ConnectionLimits limits={connection.limits} provider={connection.provider} /> : null}
        {facts.map((fact) => (
          <div className="conn-fact" key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
        {secrets.length > 0 ? (
          <div className="conn-fact conn-fact-wide">
            <dt>Secrets</dt>
            <dd className="conn-secrets">
              {secrets.map((key) => {
                const set = connection.secrets.includes(key);
                return (
                  <span key={key} className={`conn-secret ${set ? 'is-set' : 'is-unset'}`}>
                    <span aria-hidden="true">{set ? '●' : '○'}</span> {key} <span className="visually-hidden">{set ? 'is set' : 'is not set'}</span>
                    <span aria-hidden="true" className="conn-secret-state">
                      {set ? 'set' : 'not set'}
                    </span>
                  </span>
                );
              })}
            </dd>
          </div>
        ) : null}
      </dl>
      {setup && ((whatsapp && !sandbox) || voice) ? (
        <p className="hint conn-setup" data-testid={voice ? 'voice-how-to-connect' : undefined}>
          {voice ? <strong>How to connect: </strong> : null}
          {setup}
        </p>
      ) : null}

      {outcome ? (
        <div className={`conn-test conn-test-${outcome.ok === null ? 'info' : outcome.ok ? 'ok' : 'bad'}`} role="status" data-testid="connection-test-result">
          <strong>{outcome.ok === null ? 'Nothing to test' : outcome.ok ? '✓ Works' : '✕ Failed'}</strong>
          <span>{outcome.message}</span>
          {outcome.advice ? <span className="conn-test-advice">{outcome.advice}</span> : null}
        </div>
      ) : null}
    </li>
  );
}
