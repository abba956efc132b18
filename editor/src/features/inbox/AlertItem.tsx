import type { AlertView } from '../../api/types';
import { useRefusal } from '../../store/use-access';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { useAction } from '../../ui/use-action';
import { RelativeTime } from '../runs/RelativeTime';
import { ViewRunLink } from '../runs/ViewRunLink';
import { recipientsText } from './alert-list';
import { useAlerts } from './alerts-store';

/** One alert: unread ones stand out and have "Mark read"; read ones can be marked unread again. */
export function AlertItem({ alert }: { alert: AlertView }) {
  const cannotChange = useRefusal('PATCH', '/api/alerts/:id', 'mark alerts read');
  const setRead = useAlerts((state) => state.setRead);
  const { busy, error, run } = useAction();
  const unread = alert.readAt === null;
  const toggle = () => run(() => setRead(alert.id, unread));

  return (
    <li className={`inbox-alert${unread ? ' inbox-alert-unread' : ''}`} data-testid="alert-row" data-alert-id={alert.id} data-read={!unread}>
      <span className={`inbox-alert-dot${unread ? ' inbox-alert-dot-on' : ''}`} aria-hidden="true" />
      <div className="inbox-alert-main">
        <p className="inbox-alert-message">
          {unread ? <span className="visually-hidden">Unread: </span> : null}
          {alert.message}
        </p>
        <p className="inbox-meta">
          <span className={`badge ${alert.kind === 'run_failed' ? 'inbox-kind-failed' : 'inbox-kind-flow'}`}>{alert.kind === 'run_failed' ? 'Run failed' : 'Flow alert'}</span>
          {alert.isTest ? <span className="badge badge-test" title="From a test run">test</span> : null}
          <span>For {recipientsText(alert.recipients)}</span>
          <span>
            <RelativeTime iso={alert.createdAt} />
          </span>
          {alert.runId ? (
            <span>
              <ViewRunLink runId={alert.runId} flowId={alert.flowId} />
            </span>
          ) : null}
        </p>
        <FormError message={error} />
      </div>
      {/* One button whose words change, so the focus stays on it. */}
      <Button variant={unread ? 'secondary' : 'ghost'} busy={busy} onClick={() => void toggle()} disabled={Boolean(cannotChange)} title={cannotChange} className="inbox-alert-action">
        {unread ? 'Mark read' : 'Mark unread'}
      </Button>
    </li>
  );
}
