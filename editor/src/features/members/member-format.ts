import type { MemberView, Role } from '@switchboard/shared';
import { assignableRoles, ROLE_LABELS, type Access } from '../../store/permissions';

/** Who a member is, as the table reads: their name, else (an invitation) the address. */
export function memberLabel(member: MemberView): string {
  return member.name ?? member.email;
}

/** "Active", or for an invitation "Invited" and whether it lapsed. */
export function memberStatus(member: MemberView, now: number = Date.now()): string {
  if (member.status === 'active') return 'Active';
  if (member.expiresAt && Date.parse(member.expiresAt) <= now) return 'Invitation expired';
  return 'Invited';
}

/** Members first (owners, admins, editors, viewers), then invitations; by name or address within. */
export function sortMembers(members: readonly MemberView[]): MemberView[] {
  const rank = (member: MemberView) => (member.status === 'active' ? 0 : 1) * 10 + (3 - ['viewer', 'editor', 'admin', 'owner'].indexOf(member.role));
  return [...members].sort((a, b) => rank(a) - rank(b) || memberLabel(a).localeCompare(memberLabel(b)));
}

/**
 * The roles the role select offers `actor` for `member`, or why it is not offered: only
 * owners change an owner's role (or make an owner). The last owner's own change is the
 * engine's to refuse (409), with its message.
 */
export function roleChoices(actor: Access, member: MemberView): { roles: Role[]; refusal?: string } {
  const roles = assignableRoles(actor);
  if (roles.length === 0) return { roles: [], refusal: `${actor.role ? `${ROLE_LABELS[actor.role]}s` : 'This API key'} can't change roles` };
  if (!roles.includes(member.role)) return { roles: [], refusal: "Only owners change an owner's role" };
  return { roles };
}
