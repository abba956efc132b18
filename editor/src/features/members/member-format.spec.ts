import type { MemberView } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { memberLabel, memberStatus, roleChoices, sortMembers } from './member-format';

const member = (fields: Partial<MemberView>): MemberView => ({
  id: 'm',
  userId: 'u',
  email: 'a@example.com',
  name: 'Ana',
  role: 'editor',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
  ...fields,
});

describe('the members table', () => {
  it('names an invitation by its address and says when it lapsed', () => {
    const invited = member({ userId: null, name: null, email: 'bo@example.com', status: 'invited', expiresAt: '2026-01-08T00:00:00.000Z' });
    expect(memberLabel(invited)).toBe('bo@example.com');
    expect(memberStatus(invited, Date.parse('2026-01-02T00:00:00Z'))).toBe('Invited');
    expect(memberStatus(invited, Date.parse('2026-01-09T00:00:00Z'))).toBe('Invitation expired');
    expect(memberStatus(member({}))).toBe('Active');
  });

  it('lists members by role, strongest first, then invitations', () => {
    const sorted = sortMembers([
      member({ id: 'i', status: 'invited', role: 'owner', name: null, email: 'z@example.com' }),
      member({ id: 'v', role: 'viewer', name: 'Vera' }),
      member({ id: 'o', role: 'owner', name: 'Olga' }),
      member({ id: 'e2', role: 'editor', name: 'Bea' }),
      member({ id: 'e1', role: 'editor', name: 'Ana' }),
    ]);
    expect(sorted.map((entry) => entry.id)).toEqual(['o', 'e1', 'e2', 'v', 'i']);
  });

  it('offers role changes to admins and owners only, and the owner role to owners only', () => {
    const editor = member({ id: 'e', userId: 'u2', role: 'editor' });
    const owner = member({ id: 'o', userId: 'u3', role: 'owner' });
    expect(roleChoices({ role: 'owner', scopes: null }, editor).roles).toEqual(['viewer', 'editor', 'admin', 'owner']);
    expect(roleChoices({ role: 'admin', scopes: null }, editor).roles).toEqual(['viewer', 'editor', 'admin']);
    expect(roleChoices({ role: 'admin', scopes: null }, owner)).toEqual({ roles: [], refusal: "Only owners change an owner's role" });
    expect(roleChoices({ role: 'viewer', scopes: null }, editor)).toEqual({ roles: [], refusal: "Viewers can't change roles" });
    expect(roleChoices({ role: 'owner', scopes: null }, owner).roles).toContain('admin');
  });
});
