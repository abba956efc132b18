import { describe, expect, it } from 'vitest';
import { actorLabel, auditQuery, targetHref, targetLabel } from './audit-format';

describe('audit log view', () => {
  it('asks only for the filters that are set', () => {
    expect(auditQuery({ action: '', actor: '  ' }, 100)).toBe('limit=100');
    expect(auditQuery({ action: 'flow.', actor: ' Deploy bot ' }, 50)).toBe('limit=50&action=flow.&actor=Deploy+bot');
  });

  it('names the actor and the target as a person reads them', () => {
    expect(actorLabel({ kind: 'api_key', id: 'k1', name: 'Deploy bot' })).toBe('API key “Deploy bot”');
    expect(actorLabel({ kind: 'user', id: 'u1', email: 'ana@example.com', name: 'Ana Ruiz' })).toBe('Ana Ruiz (ana@example.com)');
    expect(actorLabel({ kind: 'user', id: 'u1', email: 'ana@example.com', name: '' })).toBe('ana@example.com');
    expect(targetLabel({ kind: 'flow', id: 'f1', name: 'Welcome' })).toBe('flow “Welcome”');
    expect(targetLabel({ kind: 'run', id: '0123456789abcdef' })).toBe('run 01234567');
    expect(targetLabel({ kind: 'api_key', id: 'k1', name: 'Vapi' })).toBe('API key “Vapi”');
  });

  it('links a target that still exists to its page', () => {
    const entry = { id: 'e', at: '2026-01-01T00:00:00.000Z', actor: { kind: 'api_key' as const, id: 'k', name: 'k' }, summary: '' };
    expect(targetHref({ ...entry, action: 'flow.publish', target: { kind: 'flow', id: 'f 1' } })).toBe('#/flows/f%201');
    expect(targetHref({ ...entry, action: 'flow.delete', target: { kind: 'flow', id: 'f1' } })).toBeNull();
    expect(targetHref({ ...entry, action: 'run.retry', target: { kind: 'run', id: 'r1' } })).toBeNull();
    expect(targetHref({ ...entry, action: 'member.invite', target: { kind: 'member', id: 'm1' } })).toBe('#/members');
    expect(targetHref({ ...entry, action: 'member.remove', target: { kind: 'member', id: 'm1' } })).toBeNull();
  });
});
