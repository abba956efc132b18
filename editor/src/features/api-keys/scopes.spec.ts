import { describe, expect, it } from 'vitest';
import { scopeSummary, toggleScope } from './scopes';

describe('API key scopes in the editor', () => {
  it('reads scopes by their labels, an unknown one as it is', () => {
    expect(scopeSummary(['admin'])).toBe('Admin');
    expect(scopeSummary(['read', 'events:write'])).toBe('Read, Send events');
    expect(scopeSummary(['future'])).toBe('future');
  });

  it('switches a scope on and off, keeping the form order', () => {
    expect(toggleScope(['events:write'], 'admin', true)).toEqual(['admin', 'events:write']);
    expect(toggleScope(['admin', 'read'], 'admin', false)).toEqual(['read']);
    expect(toggleScope(['read'], 'read', true)).toEqual(['read']);
  });
});
