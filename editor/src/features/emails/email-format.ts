import type { EmailView } from '../../api/types';

export interface DeliveryInfo {
  label: string;
  /** A sentence for the tooltip and the detail view. */
  hint: string;
  tone: 'good' | 'warn' | 'bad' | 'muted';
}

export const CAPTURED_NOTE = 'Not sent: no mail server is configured (neither for the whole engine nor as an email connection in the step), so it was kept here instead.';

const DELIVERY: Record<string, DeliveryInfo> = {
  sent: { label: 'Sent', hint: 'Handed to the SMTP server for delivery.', tone: 'good' },
  captured: { label: 'Captured', hint: CAPTURED_NOTE, tone: 'warn' },
  failed: { label: 'Failed', hint: 'The SMTP server refused it or could not be reached.', tone: 'bad' },
  pending: { label: 'Sending', hint: 'Being handed to the SMTP server.', tone: 'muted' },
};

/** An email's delivery in words, with a tone for its badge; an unknown value is shown as it is. */
export function deliveryInfo(delivery: string): DeliveryInfo {
  return DELIVERY[delivery] ?? { label: delivery, hint: '', tone: 'muted' };
}

/**
 * The recipients on one line: the first `max` addresses and how many more.
 *
 * @example recipientsLine(['a@x.com', 'b@x.com', 'c@x.com']) // "a@x.com, b@x.com +1"
 */
export function recipientsLine(to: readonly string[], max = 2): string {
  if (to.length === 0) return '(no recipients)';
  const shown = to.slice(0, max).join(', ');
  return to.length > max ? `${shown} +${to.length - max}` : shown;
}

/** The subject, or a placeholder for an empty one. */
export function subjectText(email: Pick<EmailView, 'subject'>): string {
  return email.subject.trim() === '' ? '(no subject)' : email.subject;
}
