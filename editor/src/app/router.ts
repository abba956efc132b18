import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/flows/…`): the engine serves the editor as static files at `/`, and a hash
 * never reaches the server, so every route works on reload without server rules.
 */
export type Route =
  | { page: 'flows' }
  | { page: 'flow'; flowId: string; runId?: string }
  | { page: 'connections' }
  | { page: 'api-keys' }
  | { page: 'sandbox'; connectionId?: string }
  | { page: 'conversations'; conversationId?: string }
  | { page: 'inbox'; tab?: InboxTab }
  | { page: 'emails'; emailId?: string }
  | { page: 'audit' };

/** The sections of the Inbox page; tasks when the route names none. */
export type InboxTab = 'tasks' | 'alerts';

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'flows':
      if (parts[1]) return { page: 'flow', flowId: parts[1], ...(parts[2] === 'runs' && parts[3] ? { runId: parts[3] } : {}) };
      return { page: 'flows' };
    case 'connections':
      return { page: 'connections' };
    case 'api-keys':
      return { page: 'api-keys' };
    case 'sandbox':
      return { page: 'sandbox', ...(parts[1] ? { connectionId: parts[1] } : {}) };
    case 'conversations':
      return { page: 'conversations', ...(parts[1] ? { conversationId: parts[1] } : {}) };
    case 'inbox':
      return { page: 'inbox', ...(parts[1] === 'tasks' || parts[1] === 'alerts' ? { tab: parts[1] } : {}) };
    case 'emails':
      return { page: 'emails', ...(parts[1] ? { emailId: parts[1] } : {}) };
    case 'audit':
      return { page: 'audit' };
    default:
      return { page: 'flows' };
  }
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'flows':
      return '#/flows';
    case 'flow':
      return `#/flows/${encodeURIComponent(route.flowId)}${route.runId ? `/runs/${encodeURIComponent(route.runId)}` : ''}`;
    case 'connections':
      return '#/connections';
    case 'api-keys':
      return '#/api-keys';
    case 'sandbox':
      return `#/sandbox${route.connectionId ? `/${encodeURIComponent(route.connectionId)}` : ''}`;
    case 'conversations':
      return `#/conversations${route.conversationId ? `/${encodeURIComponent(route.conversationId)}` : ''}`;
    case 'inbox':
      return `#/inbox${route.tab ? `/${route.tab}` : ''}`;
    case 'emails':
      return `#/emails${route.emailId ? `/${encodeURIComponent(route.emailId)}` : ''}`;
    case 'audit':
      return '#/audit';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route).slice(1);
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/** The current route; re-renders when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
