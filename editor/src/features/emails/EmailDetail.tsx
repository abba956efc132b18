import type { EmailView } from '../../api/types';
import { RelativeTime } from '../runs/RelativeTime';
import { ViewRunLink } from '../runs/ViewRunLink';
import { DeliveryBadge } from './DeliveryBadge';
import { CAPTURED_NOTE, subjectText } from './email-format';

/**
 * One email: who it went to, how it was delivered, and its HTML body. The body is rendered in a
 * sandboxed frame (no scripts, forms or same-origin access), never in the page itself.
 */
export function EmailDetail({ email }: { email: EmailView }) {
  const subject = subjectText(email);
  return (
    <article className="email-detail" aria-labelledby="email-detail-heading" data-testid="email-detail">
      <header className="email-detail-head">
        <div className="email-detail-title">
          <h2 id="email-detail-heading">{subject}</h2>
          <DeliveryBadge delivery={email.delivery} />
          {email.isTest ? <span className="badge badge-test" title="From a test run">test</span> : null}
        </div>
        <dl className="email-facts">
          <dt>From</dt>
          <dd>{email.from}</dd>
          <dt>To</dt>
          <dd>{email.to.join(', ') || <span className="muted">no recipients</span>}</dd>
          <dt>When</dt>
          <dd>
            <RelativeTime iso={email.createdAt} />
          </dd>
          {email.messageId ? (
            <>
              <dt>Message-ID</dt>
              <dd>
                <code>{email.messageId}</code>
              </dd>
            </>
          ) : null}
          {email.runId || email.nodeId ? (
            <>
              <dt>Sent by</dt>
              <dd>
                {email.nodeId ? (
                  <>
                    step <code>{email.nodeId}</code>
                  </>
                ) : (
                  'a run'
                )}
                {email.runId ? (
                  <>
                    {' · '}
                    <ViewRunLink runId={email.runId} flowId={email.flowId} />
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
        {email.delivery === 'captured' ? (
          <p className="email-note" role="note">
            {CAPTURED_NOTE}
          </p>
        ) : null}
        {email.error ? (
          <p className="email-error" role="note">
            {email.error}
          </p>
        ) : null}
      </header>
      <iframe key={email.id} className="email-frame" title={`Body of “${subject}”`} sandbox="" srcDoc={email.html} referrerPolicy="no-referrer" />
      <details className="email-source">
        <summary>HTML source</summary>
        <pre className="code email-source-code" tabIndex={0}>
          {email.html}
        </pre>
      </details>
    </article>
  );
}
