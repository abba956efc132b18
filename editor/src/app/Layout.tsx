import type { ReactNode } from 'react';
import { useSession } from '../store/session-store';
import { Icon } from '../features/canvas/Icon';
import { badgeCount } from '../features/inbox/alert-list';
import { useAlertFeed, useUnreadAlerts } from '../features/inbox/alerts-store';
import { Logo } from './Logo';
import { routeHref, type Route } from './router';

const SECTIONS: Array<{ label: string; icon: string; route: Route; match: Route['page'][]; unread?: true }> = [
  { label: 'Flows', icon: 'zap', route: { page: 'flows' }, match: ['flows', 'flow'] },
  { label: 'Inbox', icon: 'inbox', route: { page: 'inbox' }, match: ['inbox'], unread: true },
  { label: 'Connections', icon: 'webhook', route: { page: 'connections' }, match: ['connections'] },
  { label: 'Sandbox', icon: 'message-circle', route: { page: 'sandbox' }, match: ['sandbox'] },
  { label: 'Conversations', icon: 'messages-square', route: { page: 'conversations' }, match: ['conversations'] },
  { label: 'Emails', icon: 'mail', route: { page: 'emails' }, match: ['emails'] },
];

/**
 * The frame around every page: the navigation on the left, the page on the right. On the
 * flow page the navigation shrinks to icons, so the canvas has the room at 1280×800. It is
 * mounted while signed in, so it holds the live alerts stream that feeds the Inbox's badge.
 */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const signOut = useSession((state) => state.signOut);
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
        <ul>
          {SECTIONS.map((section) => (
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
          <button type="button" className="link-button" onClick={signOut} title={compact ? 'Sign out' : undefined}>
            <span className="sidebar-label">Sign out</span>
            {compact ? <Icon name="log-out" size={18} label="Sign out" /> : null}
          </button>
        </div>
      </nav>
      <main className="page">{children}</main>
    </div>
  );
}
