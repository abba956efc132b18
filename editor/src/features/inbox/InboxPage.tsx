import { routeHref, type InboxTab } from '../../app/router';
import { badgeCount } from './alert-list';
import { useUnreadAlerts } from './alerts-store';
import { AlertsSection } from './AlertsSection';
import { TasksSection } from './TasksSection';
import './inbox.css';

/** What needs the team: follow-up tasks the flows created, and alerts (live). */
export function InboxPage({ tab }: { tab: InboxTab }) {
  const unread = badgeCount(useUnreadAlerts());
  return (
    <div className="page-content inbox-page">
      <header className="page-header">
        <div>
          <h1>Inbox</h1>
          <p className="muted">Follow-up tasks your flows created, and alerts for the team: from “Alert the team” steps and runs that failed.</p>
        </div>
      </header>
      <nav className="inbox-tabs" aria-label="Inbox sections">
        <a href={routeHref({ page: 'inbox', tab: 'tasks' })} aria-current={tab === 'tasks' ? 'page' : undefined}>
          Tasks
        </a>
        <a href={routeHref({ page: 'inbox', tab: 'alerts' })} aria-current={tab === 'alerts' ? 'page' : undefined}>
          Alerts
          {unread ? (
            <span className="inbox-tab-count">
              {unread}
              <span className="visually-hidden"> unread</span>
            </span>
          ) : null}
        </a>
      </nav>
      {tab === 'tasks' ? <TasksSection /> : <AlertsSection />}
    </div>
  );
}
