import { describe, expect, it } from 'vitest';
import { authHeaders } from './client';

describe('what a request carries', () => {
  const cookie = { apiKey: null, csrfToken: 'csrf1', workspaceId: 'w1' };

  it('sends the CSRF token on changes only, and the tab’s workspace on every call', () => {
    expect(authHeaders('GET', '/api/flows', cookie)).toEqual({ 'x-workspace': 'w1' });
    expect(authHeaders('POST', '/api/flows/f1/publish', cookie)).toEqual({ 'x-workspace': 'w1', 'x-csrf-token': 'csrf1' });
    expect(authHeaders('DELETE', '/api/members/m1', cookie)).toEqual({ 'x-workspace': 'w1', 'x-csrf-token': 'csrf1' });
  });

  it('signs in and out in no workspace', () => {
    expect(authHeaders('POST', '/api/auth/login', cookie)).toEqual({ 'x-csrf-token': 'csrf1' });
    expect(authHeaders('POST', '/api/auth/login', { apiKey: null, csrfToken: null, workspaceId: 'w1' })).toEqual({});
  });

  it('sends an API key alone, and a key being checked instead of the session’s', () => {
    expect(authHeaders('POST', '/api/events', { apiKey: 'sb_1', csrfToken: null, workspaceId: null })).toEqual({ authorization: 'Bearer sb_1' });
    expect(authHeaders('GET', '/api/me', cookie, 'sb_2')).toEqual({ authorization: 'Bearer sb_2' });
  });
});
