import type { AlertView } from '../../api/types';

/**
 * The alerts as the Inbox shows them: the loaded page and the alerts the live stream delivered,
 * each once at its latest state, newest first. Pure, so the merge rules are tested alone.
 */

function newestFirst(a: AlertView, b: AlertView): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** `known` with `incoming` merged in: an alert seen twice (a reload after a live event) is kept once, as `incoming` has it. */
export function mergeAlerts(known: readonly AlertView[], incoming: readonly AlertView[]): AlertView[] {
  const byId = new Map(known.map((alert) => [alert.id, alert]));
  for (const alert of incoming) byId.set(alert.id, alert);
  return [...byId.values()].sort(newestFirst);
}

/** One alert as the engine answered a PATCH; the list is unchanged when it does not hold it. */
export function replaceAlert(alerts: readonly AlertView[], updated: AlertView): AlertView[] {
  return alerts.some((alert) => alert.id === updated.id) ? alerts.map((alert) => (alert.id === updated.id ? updated : alert)) : [...alerts];
}

export function unreadCount(alerts: readonly AlertView[]): number {
  return alerts.reduce((count, alert) => (alert.readAt === null ? count + 1 : count), 0);
}

/** The count on a badge: `99+` past 99, nothing at 0. */
export function badgeCount(count: number): string | null {
  if (count <= 0) return null;
  return count > 99 ? '99+' : String(count);
}

/** Who an alert is for, in words. */
export function recipientsText(recipients: AlertView['recipients']): string {
  if (recipients === 'all' || recipients.length === 0) return 'everyone';
  return recipients.join(', ');
}

/** An `alert` event's data as an AlertView, or null when it is not one (a malformed event is skipped, not fatal). */
export function parseAlertEvent(data: string): AlertView | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const alert = value as Partial<AlertView>;
  if (typeof alert.id !== 'string' || typeof alert.message !== 'string' || typeof alert.createdAt !== 'string') return null;
  return {
    id: alert.id,
    message: alert.message,
    recipients: alert.recipients === 'all' || Array.isArray(alert.recipients) ? alert.recipients : 'all',
    kind: alert.kind === 'run_failed' ? 'run_failed' : 'flow',
    runId: typeof alert.runId === 'string' ? alert.runId : null,
    flowId: typeof alert.flowId === 'string' ? alert.flowId : null,
    isTest: alert.isTest === true,
    createdAt: alert.createdAt,
    readAt: typeof alert.readAt === 'string' ? alert.readAt : null,
  };
}
