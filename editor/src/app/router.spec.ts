import { describe, expect, it } from 'vitest';
import { isPublicRoute, legacyLink, oidcStartHref, parseRoute, returnRoute, routeHref, type Route } from './router';

describe('hash routes', () => {
  it.each<[string, Route]>([
    ['', { page: 'flows' }],
    ['#/flows', { page: 'flows' }],
    ['#/flows/abc', { page: 'flow', flowId: 'abc' }],
    ['#/flows/abc/runs/r1', { page: 'flow', flowId: 'abc', runId: 'r1' }],
    ['#/activity', { page: 'activity' }],
    ['#/activity?eventId=evt%201', { page: 'activity', eventId: 'evt 1' }],
    ['#/activity?phone=%2B14155550100&callId=c1', { page: 'activity', phone: '+14155550100', callId: 'c1' }],
    ['#/connections', { page: 'connections' }],
    ['#/connections?add=ai.openai_compatible', { page: 'connections', add: 'ai.openai_compatible' }],
    ['#/api-keys', { page: 'api-keys' }],
    ['#/sandbox/c1', { page: 'sandbox', connectionId: 'c1' }],
    ['#/sandbox/c1?phone=%2B14155550100', { page: 'sandbox', connectionId: 'c1', phone: '+14155550100' }],
    ['#/conversations/x', { page: 'conversations', conversationId: 'x' }],
    ['#/inbox', { page: 'inbox' }],
    ['#/inbox/alerts', { page: 'inbox', tab: 'alerts' }],
    ['#/inbox/tasks', { page: 'inbox', tab: 'tasks' }],
    ['#/inbox/elsewhere', { page: 'inbox' }],
    ['#/emails', { page: 'emails' }],
    ['#/emails/e%201', { page: 'emails', emailId: 'e 1' }],
    ['#/audit', { page: 'audit' }],
    ['#/analytics', { page: 'analytics' }],
    ['#/campaigns', { page: 'campaigns' }],
    ['#/campaigns/c-1', { page: 'campaigns', campaignId: 'c-1' }],
    ['#/members', { page: 'members' }],
    ['#/runs/r1', { page: 'run', runId: 'r1' }],
    ['#/runs/r1?w=w1', { page: 'run', runId: 'r1', workspaceId: 'w1' }],
    ['#/sign-in', { page: 'sign-in' }],
    ['#/sign-in?error=The%20provider%20said%20no', { page: 'sign-in', error: 'The provider said no' }],
    ['#/setup/tok_123', { page: 'setup', token: 'tok_123' }],
    ['#/invite/tok-456', { page: 'invite', token: 'tok-456' }],
    ['#/reset/tok789', { page: 'reset', token: 'tok789' }],
    ['#/nowhere', { page: 'flows' }],
  ])('%s → %j and back', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(parseRoute(routeHref(route))).toEqual(route);
  });
});

describe('links that land', () => {
  it('opens a link’s page without a session only for signing in and the e-mailed account links', () => {
    expect(['#/sign-in', '#/setup/t', '#/invite/t', '#/reset/t'].map((hash) => isPublicRoute(parseRoute(hash)))).toEqual([true, true, true, true]);
    expect(['#/flows/f', '#/runs/r?w=w', '#/members'].map((hash) => isPublicRoute(parseRoute(hash)))).toEqual([false, false, false]);
  });

  it('reads an account link without its token as the sign-in page', () => {
    expect(parseRoute('#/invite')).toEqual({ page: 'sign-in' });
    expect(parseRoute('#/runs')).toEqual({ page: 'flows' });
  });

  it('sends single sign-on back to the page the link pointed at', () => {
    expect(returnRoute('#/runs/r1?w=w1')).toBe('/runs/r1?w=w1');
    expect(returnRoute('#/flows/f1/runs/r1')).toBe('/flows/f1/runs/r1');
    expect(returnRoute('#/sign-in?error=x')).toBe('/flows');
    expect(returnRoute('')).toBe('/flows');
    expect(oidcStartHref('#/runs/r1?w=w1')).toBe('/api/auth/oidc/start?return=%2Fruns%2Fr1%3Fw%3Dw1');
  });

  it('rewrites an old run link (a path) to its hash route', () => {
    expect(legacyLink('/runs/r1', '')).toBe('/#/runs/r1');
    expect(legacyLink('/runs/r1/', '?w=w1')).toBe('/#/runs/r1?w=w1');
    expect(legacyLink('/switchboard/runs/r%201', '')).toBe('/switchboard/#/runs/r%201');
    expect(legacyLink('/', '')).toBeNull();
    expect(legacyLink('/api/runs', '')).toBeNull();
    expect(legacyLink('/api/runs/r1', '')).toBeNull();
    expect(legacyLink('/runs/r1/steps', '')).toBeNull();
  });
});
