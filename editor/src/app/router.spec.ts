import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from './router';

describe('hash routes', () => {
  it.each<[string, Route]>([
    ['', { page: 'flows' }],
    ['#/flows', { page: 'flows' }],
    ['#/flows/abc', { page: 'flow', flowId: 'abc' }],
    ['#/flows/abc/runs/r1', { page: 'flow', flowId: 'abc', runId: 'r1' }],
    ['#/connections', { page: 'connections' }],
    ['#/api-keys', { page: 'api-keys' }],
    ['#/sandbox/c1', { page: 'sandbox', connectionId: 'c1' }],
    ['#/conversations/x', { page: 'conversations', conversationId: 'x' }],
    ['#/inbox', { page: 'inbox' }],
    ['#/inbox/alerts', { page: 'inbox', tab: 'alerts' }],
    ['#/inbox/tasks', { page: 'inbox', tab: 'tasks' }],
    ['#/inbox/elsewhere', { page: 'inbox' }],
    ['#/emails', { page: 'emails' }],
    ['#/emails/e%201', { page: 'emails', emailId: 'e 1' }],
    ['#/audit', { page: 'audit' }],
    ['#/nowhere', { page: 'flows' }],
  ])('%s → %j and back', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});
