import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/flows/…`): the engine serves the editor as static files at `/`, and a hash
 * never reaches the server, so every route works on reload without server rules.
 */
export type Route =
  | { page: 'flows' }
  | { page: 'flow'; flowId: string; runId?: string }
  /** What each event did to each flow; `eventId`/`phone`/`callId` open it searched (the link "Send a test event" follows). */
  | { page: 'activity'; eventId?: string; phone?: string; callId?: string }
  /** `add`: open the new-connection form on that provider ("connect an AI model" links here). */
  | { page: 'connections'; add?: string }
  | { page: 'api-keys' }
  /** The simulator; `phone` opens that customer's chat ("View in simulator"). */
  | { page: 'sandbox'; connectionId?: string; phone?: string }
  | { page: 'conversations'; conversationId?: string }
  | { page: 'inbox'; tab?: InboxTab }
  | { page: 'emails'; emailId?: string }
  | { page: 'audit' }
  /** The delivery funnel of the WhatsApp messages flows send. */
  | { page: 'analytics' }
  | { page: 'members' }
  /** Broadcasts; `campaignId` opens one's progress and recipients. */
  | { page: 'campaigns'; campaignId?: string }
  /** A run link (`conversation_url`, alert and task e-mails): lands on the run's view, in workspace `workspaceId` when given. */
  | { page: 'run'; runId: string; workspaceId?: string }
  // Pages for the signed out: they render without the navigation.
  | { page: 'sign-in'; error?: string }
  | { page: 'setup'; token: string }
  | { page: 'invite'; token: string }
  | { page: 'reset'; token: string };

/** The pages that open without a session (the links the engine e-mails or prints, and signing in). */
export type PublicRoute = Extract<Route, { page: 'sign-in' | 'setup' | 'invite' | 'reset' }>;

export function isPublicRoute(route: Route): route is PublicRoute {
  return route.page === 'sign-in' || route.page === 'setup' || route.page === 'invite' || route.page === 'reset';
}

/** The sections of the Inbox page; tasks when the route names none. */
export type InboxTab = 'tasks' | 'alerts';

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  switch (parts[0]) {
    case 'flows':
      if (parts[1]) return { page: 'flow', flowId: parts[1], ...(parts[2] === 'runs' && parts[3] ? { runId: parts[3] } : {}) };
      return { page: 'flows' };
    case 'activity': {
      const route: Route = { page: 'activity' };
      for (const key of ['eventId', 'phone', 'callId'] as const) {
        const value = query.get(key);
        if (value) route[key] = value;
      }
      return route;
    }
    case 'connections': {
      const add = query.get('add');
      return { page: 'connections', ...(add ? { add } : {}) };
    }
    case 'api-keys':
      return { page: 'api-keys' };
    case 'sandbox':
    {
      const phone = query.get('phone');
      return { page: 'sandbox', ...(parts[1] ? { connectionId: parts[1] } : {}), ...(phone ? { phone } : {}) };
    }
    case 'conversations':
      return { page: 'conversations', ...(parts[1] ? { conversationId: parts[1] } : {}) };
    case 'inbox':
      return { page: 'inbox', ...(parts[1] === 'tasks' || parts[1] === 'alerts' ? { tab: parts[1] } : {}) };
    case 'emails':
      return { page: 'emails', ...(parts[1] ? { emailId: parts[1] } : {}) };
    case 'audit':
      return { page: 'audit' };
    case 'analytics':
      return { page: 'analytics' };
    case 'members':
      return { page: 'members' };
    case 'campaigns':
      return { page: 'campaigns', ...(parts[1] ? { campaignId: parts[1] } : {}) };
    case 'runs': {
      if (!parts[1]) return { page: 'flows' };
      const workspaceId = query.get('w');
      return { page: 'run', runId: parts[1], ...(workspaceId ? { workspaceId } : {}) };
    }
    case 'sign-in': {
      const error = query.get('error');
      return { page: 'sign-in', ...(error ? { error } : {}) };
    }
    case 'setup':
    case 'invite':
    case 'reset':
      return parts[1] ? { page: parts[0], token: parts[1] } : { page: 'sign-in' };
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
    case 'activity': {
      const query = new URLSearchParams();
      for (const key of ['eventId', 'phone', 'callId'] as const) if (route[key]) query.set(key, route[key]);
      return `#/activity${query.size ? `?${query}` : ''}`;
    }
    case 'connections':
      return `#/connections${route.add ? `?add=${encodeURIComponent(route.add)}` : ''}`;
    case 'api-keys':
      return '#/api-keys';
    case 'sandbox':
      return `#/sandbox${route.connectionId ? `/${encodeURIComponent(route.connectionId)}` : ''}${route.phone ? `?${new URLSearchParams({ phone: route.phone })}` : ''}`;
    case 'conversations':
      return `#/conversations${route.conversationId ? `/${encodeURIComponent(route.conversationId)}` : ''}`;
    case 'inbox':
      return `#/inbox${route.tab ? `/${route.tab}` : ''}`;
    case 'emails':
      return `#/emails${route.emailId ? `/${encodeURIComponent(route.emailId)}` : ''}`;
    case 'audit':
      return '#/audit';
    case 'analytics':
      return '#/analytics';
    case 'members':
      return '#/members';
    case 'campaigns':
      return `#/campaigns${route.campaignId ? `/${encodeURIComponent(route.campaignId)}` : ''}`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.runId)}${route.workspaceId ? `?${new URLSearchParams({ w: route.workspaceId })}` : ''}`;
    case 'sign-in':
      return `#/sign-in${route.error ? `?${new URLSearchParams({ error: route.error })}` : ''}`;
    case 'setup':
    case 'invite':
    case 'reset':
      return `#/${route.page}/${encodeURIComponent(route.token)}`;
  }
}

/**
 * Where single sign-on comes back to (`/#<return>`): the page the person was on, so a link
 * lands after signing in; the flows when that was the sign-in page itself.
 */
export function returnRoute(hash: string): string {
  const route = parseRoute(hash);
  return isPublicRoute(route) ? '/flows' : routeHref(route).slice(1);
}

/** The link that starts single sign-on (OpenID Connect) and comes back to the current page. */
export function oidcStartHref(hash: string): string {
  return `/api/auth/oidc/start?return=${encodeURIComponent(returnRoute(hash))}`;
}

/**
 * Links written before the editor moved to hash routes name a run as a path
 * (`https://host/runs/<id>`); the engine serves the editor there. Returns the URL that route
 * has now (`/#/runs/<id>`, keeping the query as the route's), or null for any other path.
 *
 * @example legacyLink('/runs/r1', '?w=w1') // '/#/runs/r1?w=w1'
 */
export function legacyLink(pathname: string, search: string): string | null {
  if (pathname.startsWith('/api/')) return null;
  const match = /^(.*?)\/runs\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  const workspaceId = new URLSearchParams(search).get('w');
  return `${match[1]}/${routeHref({ page: 'run', runId: decodeURIComponent(match[2]!), ...(workspaceId ? { workspaceId } : {}) })}`;
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
