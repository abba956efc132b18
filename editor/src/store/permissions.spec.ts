import type { MeView } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { accessOf, allows, assignableRoles, refusal } from './permissions';

const person = (role: MeView['role']): MeView => ({
  user: { id: 'u1', email: 'ana@example.com', name: 'Ana Ruiz' },
  apiKey: null,
  workspace: { id: 'w1', name: 'Clinic' },
  role,
  workspaces: [],
  csrfToken: 'c',
});

const key = (scopes: NonNullable<MeView['apiKey']>['scopes']): MeView => ({
  user: null,
  apiKey: { id: 'k1', name: 'Deploy', scopes },
  workspace: { id: 'w1', name: 'Clinic' },
  role: null,
  workspaces: [],
  csrfToken: null,
});

describe('what a session may do', () => {
  it('lets a viewer read and keep presence, but not publish, save, test or delete flows', () => {
    const viewer = accessOf(person('viewer'));
    expect(allows(viewer, 'GET', '/api/flows/:id')).toBe(true);
    expect(allows(viewer, 'POST', '/api/flows/:id/presence')).toBe(true);
    for (const [method, path] of [
      ['POST', '/api/flows/:id/publish'],
      ['POST', '/api/flows/:id/unpublish'],
      ['PUT', '/api/flows/:id'],
      ['DELETE', '/api/flows/:id'],
      ['POST', '/api/flows/:id/test'],
    ] as const) {
      expect(allows(viewer, method, path)).toBe(false);
    }
    expect(refusal(viewer, 'POST', '/api/flows/:id/publish', 'publish')).toBe("Viewers can't publish");
  });

  it('lets an editor change flows but not connections, keys, members or the audit log', () => {
    const editor = accessOf(person('editor'));
    expect(refusal(editor, 'POST', '/api/flows/:id/publish', 'publish')).toBeUndefined();
    expect(allows(editor, 'POST', '/api/connections/:id/test')).toBe(true);
    expect(refusal(editor, 'POST', '/api/connections', 'add connections')).toBe("Editors can't add connections");
    expect(allows(editor, 'GET', '/api/api-keys')).toBe(false);
    expect(allows(editor, 'GET', '/api/audit')).toBe(false);
    expect(allows(editor, 'POST', '/api/members')).toBe(false);
    expect(allows(editor, 'GET', '/api/members')).toBe(true);
  });

  it('leaves the workspace itself to its owners', () => {
    expect(allows(accessOf(person('admin')), 'PATCH', '/api/workspace')).toBe(false);
    expect(allows(accessOf(person('owner')), 'PATCH', '/api/workspace')).toBe(true);
    expect(allows(accessOf(person('admin')), 'GET', '/api/audit')).toBe(true);
  });

  it('reads an API key’s scopes as the engine does', () => {
    expect(allows(accessOf(key(['admin'])), 'DELETE', '/api/api-keys/:id')).toBe(true);
    const reader = accessOf(key(['read']));
    expect(allows(reader, 'GET', '/api/flows')).toBe(true);
    expect(allows(reader, 'GET', '/api/api-keys')).toBe(false);
    expect(refusal(reader, 'POST', '/api/flows/:id/publish', 'publish')).toBe("This API key can't publish");
    expect(allows(accessOf(key(['events:write'])), 'POST', '/api/events')).toBe(true);
    expect(allows(accessOf(key(['events:write'])), 'GET', '/api/flows')).toBe(false);
  });

  it('allows nothing without a session or a workspace', () => {
    expect(allows(accessOf(null), 'GET', '/api/flows')).toBe(false);
    expect(allows(accessOf(person(null)), 'GET', '/api/flows')).toBe(false);
  });

  it('offers the owner role to owners only', () => {
    expect(assignableRoles(accessOf(person('owner')))).toContain('owner');
    expect(assignableRoles(accessOf(person('admin')))).toEqual(['viewer', 'editor', 'admin']);
    expect(assignableRoles(accessOf(person('editor')))).toEqual([]);
    expect(assignableRoles(accessOf(key(['admin'])))).toContain('owner');
    expect(assignableRoles(accessOf(key(['read'])))).toEqual([]);
  });
});
