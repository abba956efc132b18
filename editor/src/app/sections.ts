import { allows, type Access } from '../store/permissions';
import type { Route } from './router';

export interface Section {
  label: string;
  icon: string;
  route: Route;
  match: Route['page'][];
  unread?: true;
  /** The call the section's page is about, when not every member may make it. */
  needs?: [method: string, path: string];
}

/** A section shows when the session may call its `needs` (the admin pages); the rest show to every member. */
const SECTIONS: Section[] = [
  { label: 'Flows', icon: 'zap', route: { page: 'flows' }, match: ['flows', 'flow'] },
  { label: 'Activity', icon: 'activity', route: { page: 'activity' }, match: ['activity'] },
  { label: 'Analytics', icon: 'chart-column', route: { page: 'analytics' }, match: ['analytics'] },
  { label: 'Inbox', icon: 'inbox', route: { page: 'inbox' }, match: ['inbox'], unread: true },
  { label: 'Connections', icon: 'webhook', route: { page: 'connections' }, match: ['connections'] },
  { label: 'API keys', icon: 'key', route: { page: 'api-keys' }, match: ['api-keys'], needs: ['GET', '/api/api-keys'] },
  { label: 'Sandbox', icon: 'message-circle', route: { page: 'sandbox' }, match: ['sandbox'] },
  { label: 'Conversations', icon: 'messages-square', route: { page: 'conversations' }, match: ['conversations'] },
  { label: 'Campaigns', icon: 'megaphone', route: { page: 'campaigns' }, match: ['campaigns'] },
  { label: 'Emails', icon: 'mail', route: { page: 'emails' }, match: ['emails'] },
  { label: 'Audit', icon: 'history', route: { page: 'audit' }, match: ['audit'], needs: ['GET', '/api/audit'] },
  // Everyone may read the list (from the workspace menu); the entry is for those who manage it.
  { label: 'Members', icon: 'users', route: { page: 'members' }, match: ['members'], needs: ['POST', '/api/members'] },
];

/** The sections the session may open. */
export function visibleSections(access: Access): Section[] {
  return SECTIONS.filter((section) => !section.needs || allows(access, ...section.needs));
}
