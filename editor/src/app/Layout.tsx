import type { ReactNode } from 'react';
import { api, ApiError } from '../api/client';
import { WorkspaceSwitcher } from '../features/accounts/WorkspaceSwitcher';
import { Icon } from '../features/canvas/Icon';
import { allows } from '../store/permissions';
import { useSession } from '../store/session-store';
import { useAccess } from '../store/use-access';
import { badgeCount } from '../features/inbox/alert-list';
import { useAlertFeed, useUnreadAlerts } from '../features/inbox/alerts-store';
import { Logo } from './Logo';
import { routeHref, type Route } from './router';
import { visibleSections } from './sections';

/**
 * The frame around every page: the navigation on the left, the page on the right. On the
 * flow page the navigation shrinks to icons, so the canvas has the room at 1280×800. It is
 * mounted while signed in, so it holds the live alerts stream that feeds the Inbox's badge.
 */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const signOut = useSession((state) => state.signOut);
  const user = useSession((state) => state.me?.user ?? null);
  const access = useAccess();
  const compact = route.page === 'flow';
  useAlertFeed();
  const unread = badgeCount(useUnreadAlerts());
  return (
    <div className={compact ? 'layout layout-compact' : 'layout'}>
      <nav className="sidebar" aria-label="Main">
        <a className="brand" href="#/flows" aria-label="Switchboard: all flows">
          <Logo size={30} />
          <span className="sidebar-label">Switchboard</span>
        </a>
        <WorkspaceSwitcher compact={compact} />
        <ul>
          {visibleSections(access).map((section) => (
            <li key={section.label}>
              <a
                href={routeHref(section.route)}
                aria-current={section.match.includes(route.page) ? 'page' : undefined}
                title={compact ? `${section.label}${section.unread && unread ? ` (${unread} unread)` : ''}` : undefined}
              >
                <Icon name={section.icon} size={18} />
                <span className="sidebar-label">{section.label}</span>
                {section.unread && unread ? (
                  <span className="sidebar-badge" data-testid="unread-alerts">
                    {unread}
                    <span className="visually-hidden"> unread alerts</span>
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <a href="/api/docs" target="_blank" rel="noreferrer" title={compact ? 'API docs' : undefined}>
            <span className="sidebar-label">API docs</span>
            {compact ? <Icon name="braces" size={18} label="API docs" /> : null}
          </a>
          {allows(access, 'POST', '/api/admin/queues/link') ? (
            <button type="button" className="link-button" onClick={openQueueBoard} title={compact ? 'Queues' : 'The job queue (bull-board), for the engine\'s operator'}>
              <span className="sidebar-label">Queues</span>
              {compact ? <Icon name="list-checks" size={18} label="Queues" /> : null}
            </button>
          ) : null}
          {user ? (
            <span className="sidebar-label sidebar-user" title={user.email} data-testid="signed-in-as">
              {user.name}
            </span>
          ) : null}
          <button type="button" className="link-button" onClick={() => void signOut()} title={compact ? 'Sign out' : undefined}>
            <span className="sidebar-label">Sign out</span>
            {compact ? <Icon name="log-out" size={18} label="Sign out" /> : null}
          </button>
        </div>
      </nav>
      <main className="page">{children}</main>
    </div>
  );
}

/**
 * Opens the queue board (`/admin/queues`) in a new tab. A page cannot send the API key as a
 * header, so the engine hands out a one-time sign-in link, which sets the board's cookie. The
 * tab is opened at once (a tab opened after the request would be taken for a popup) and sent
 * to the link when it comes.
 */
async function openQueueBoard(): Promise<void> {
  const tab = window.open('about:blank', '_blank');
  try {
    const link = await api.post('/api/admin/queues/link');
    if (tab) tab.location.href = link.url;
    else window.location.href = link.url;
  } catch (error) {
    tab?.close();
    window.alert(error instanceof ApiError ? error.message : 'The queue board could not be opened.');
  }
}
