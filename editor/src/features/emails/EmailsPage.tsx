import { listEmails } from '../../api/notifications';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { usePolled } from '../runs/use-polled';
import { EmailDetail } from './EmailDetail';
import { EmailList } from './EmailList';
import './emails.css';

const PAGE_SIZE = 100;
/** Emails come from runs: the list is fetched again this often while it is shown. */
const EMAILS_POLL_MS = 10_000;

/** Every email the flows sent (or captured): the list on the left, the selected one on the right. */
export function EmailsPage({ emailId }: { emailId?: string }) {
  const list = usePolled(() => listEmails({ limit: PAGE_SIZE }), [], () => EMAILS_POLL_MS);
  const emails = list.data?.emails ?? [];
  const selected = emailId ? emails.find((email) => email.id === emailId) : undefined;

  return (
    <div className="page-content email-page">
      <header className="page-header">
        <div className="email-intro">
          <h1>Emails</h1>
          <p className="muted">
            What your flows’ “Send email” steps sent. <strong>Captured</strong> emails were not sent: no mail server is configured (add an{' '}
            <a href="#/connections">email connection</a> and choose it in the step), so they are kept here to check.
          </p>
        </div>
      </header>
      <div className="email-layout">
        <section className="email-pane" aria-label="Email list">
          {list.error && list.data ? (
            <p className="email-stale" role="status">
              Could not refresh: {list.error}
            </p>
          ) : null}
          {list.loading ? (
            <Loading label="Loading emails…" />
          ) : list.error && !list.data ? (
            <ErrorState message={list.error} onRetry={list.reload} />
          ) : emails.length === 0 ? (
            <EmptyState title="No emails yet">Emails appear here when a flow runs a “Send email” step.</EmptyState>
          ) : (
            <EmailList emails={emails} selectedId={emailId} />
          )}
        </section>
        <section className="email-pane email-pane-detail" aria-label="Email">
          {selected ? (
            <EmailDetail email={selected} />
          ) : emailId && list.data ? (
            <EmptyState title="Email not found">It is not among the latest {PAGE_SIZE} emails. Pick one from the list.</EmptyState>
          ) : emailId && list.loading ? (
            <Loading label="Loading the email…" />
          ) : (
            <EmptyState title="Pick an email">Its recipients, delivery and body show here.</EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
