import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { unreadCount } from './alert-list';
import { AlertItem } from './AlertItem';
import { useAlerts } from './alerts-store';
import { Segmented } from '../../ui/Segmented';

type AlertFilter = 'all' | 'unread';
const FILTERS: ReadonlyArray<{ value: AlertFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'unread', label: 'Unread' },
];

/** The team's alerts, newest first; new ones arrive live at the top (the stream is held by the layout). */
export function AlertsSection() {
  const alerts = useAlerts((state) => state.alerts);
  const status = useAlerts((state) => state.status);
  const error = useAlerts((state) => state.error);
  const load = useAlerts((state) => state.load);
  const setRead = useAlerts((state) => state.setRead);
  const [filter, setFilter] = useState<AlertFilter>('all');
  const [markingAll, setMarkingAll] = useState(false);
  const [markAllError, setMarkAllError] = useState<string | null>(null);
  const unread = unreadCount(alerts);
  const shown = filter === 'unread' ? alerts.filter((alert) => alert.readAt === null) : alerts;

  const markAllRead = async () => {
    setMarkingAll(true);
    setMarkAllError(null);
    try {
      for (const alert of alerts.filter((candidate) => candidate.readAt === null)) await setRead(alert.id, true);
    } catch (failure) {
      setMarkAllError(errorMessage(failure));
    } finally {
      setMarkingAll(false);
    }
  };

  return (
    <section className="inbox-section" aria-label="Alerts">
      <div className="inbox-toolbar">
        <Segmented label="Show" name="inbox-alert-filter" value={filter} options={FILTERS} onChange={setFilter} />
        <LiveState />
        {unread > 0 ? (
          <Button variant="ghost" busy={markingAll} onClick={() => void markAllRead()} className="inbox-mark-all">
            Mark all read
          </Button>
        ) : null}
      </div>
      <FormError message={markAllError} />
      {status === 'idle' || status === 'loading' ? (
        <Loading label="Loading alerts…" />
      ) : status === 'error' ? (
        <ErrorState message={error ?? 'The alerts could not be loaded.'} onRetry={() => void load()} />
      ) : shown.length === 0 ? (
        <EmptyState title={filter === 'unread' && alerts.length > 0 ? 'All caught up' : 'No alerts yet'}>
          {filter === 'unread' && alerts.length > 0
            ? 'Every alert is read.'
            : 'Alerts come from “Alert the team” steps and from runs that fail for good. They show up here as they happen.'}
        </EmptyState>
      ) : (
        <ul className="inbox-list" aria-label={filter === 'unread' ? 'Unread alerts' : 'Alerts'}>
          {shown.map((alert) => (
            <AlertItem key={alert.id} alert={alert} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Whether new alerts arrive on their own right now. */
function LiveState() {
  const live = useAlerts((state) => state.live);
  const liveError = useAlerts((state) => state.liveError);
  if (live === 'live') {
    return (
      <span className="inbox-live" title="New alerts appear here as they happen">
        <span className="inbox-live-dot" aria-hidden="true" /> Live
      </span>
    );
  }
  if (live === 'retrying') {
    return (
      <span className="inbox-live inbox-live-down" role="status" title={liveError ?? undefined}>
        Reconnecting… new alerts show up once the connection is back.
      </span>
    );
  }
  return live === 'connecting' ? <span className="inbox-live inbox-live-down">Connecting…</span> : null;
}
