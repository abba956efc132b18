import { describe, expect, it } from 'vitest';
import { scopeAllows } from './api-key-scopes';

describe('what a scope allows', () => {
  it('lets an admin key call anything', () => {
    for (const [method, path] of [['DELETE', '/api/flows/:id'], ['POST', '/api/api-keys'], ['GET', '/api/runs']]) expect(scopeAllows(['admin'], method!, path!)).toBe(true);
  });

  it('lets a read key call GET routes only, never the keys', () => {
    expect(scopeAllows(['read'], 'GET', '/api/runs/:id')).toBe(true);
    expect(scopeAllows(['read'], 'HEAD', '/api/flows')).toBe(true);
    expect(scopeAllows(['read'], 'POST', '/api/flows')).toBe(false);
    expect(scopeAllows(['read'], 'POST', '/api/events')).toBe(false);
    expect(scopeAllows(['read'], 'GET', '/api/api-keys')).toBe(false);
  });

  it('lets an events:write key send events and invoke functions, nothing else', () => {
    expect(scopeAllows(['events:write'], 'POST', '/api/events')).toBe(true);
    expect(scopeAllows(['events:write'], 'POST', '/api/functions/:name/invoke')).toBe(true);
    expect(scopeAllows(['events:write'], 'GET', '/api/functions')).toBe(false);
    expect(scopeAllows(['events:write'], 'POST', '/api/flows/:id/run')).toBe(false);
    expect(scopeAllows(['read', 'events:write'], 'GET', '/api/functions')).toBe(true);
    expect(scopeAllows([], 'GET', '/api/runs')).toBe(false);
  });
});
