import type { EmailView } from '../../api/types';
import { routeHref } from '../../app/router';
import { RelativeTime } from '../runs/RelativeTime';
import { DeliveryBadge } from './DeliveryBadge';
import { recipientsLine, subjectText } from './email-format';

/** Emails, newest first; each row opens the email, the selected one is marked as current. */
export function EmailList({ emails, selectedId }: { emails: readonly EmailView[]; selectedId?: string }) {
  return (
    <ul className="email-list" aria-label="Emails">
      {emails.map((email) => (
        <li key={email.id}>
          <a className="email-row" href={routeHref({ page: 'emails', emailId: email.id })} aria-current={email.id === selectedId ? 'page' : undefined} data-testid="email-row" data-email-id={email.id}>
            <span className="email-row-top">
              <strong className="email-row-subject">
                {subjectText(email)}
                {email.isTest ? <span className="badge badge-test" title="From a test run">test</span> : null}
              </strong>
              <span className="email-row-time">
                <RelativeTime iso={email.createdAt} />
              </span>
            </span>
            <span className="email-row-bottom">
              <span className="email-row-to" title={email.to.join(', ')}>
                To {recipientsLine(email.to)}
              </span>
              <DeliveryBadge delivery={email.delivery} />
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
