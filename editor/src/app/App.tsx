import { useEffect } from 'react';
import { ApiKeysPage } from '../features/api-keys/ApiKeysPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { ConversationsPage } from '../features/conversations/ConversationsPage';
import { EmailsPage } from '../features/emails/EmailsPage';
import { FlowListPage } from '../features/flows/FlowListPage';
import { FlowPage } from '../features/flows/FlowPage';
import { InboxPage } from '../features/inbox/InboxPage';
import { SandboxPage } from '../features/sandbox/SandboxPage';
import { useCatalog } from '../store/catalog-store';
import { useSession } from '../store/session-store';
import { ErrorState, Loading } from '../ui/States';
import { Layout } from './Layout';
import { useRoute } from './router';
import { SignIn } from './SignIn';

/** Signed out: the sign-in form. Signed in: the page of the current route, once the node catalog is loaded. */
export function App() {
  const apiKey = useSession((state) => state.apiKey);
  const route = useRoute();
  const catalog = useCatalog();

  useEffect(() => {
    if (apiKey) void catalog.load();
  }, [apiKey, catalog]);

  if (!apiKey) return <SignIn />;
  return (
    <Layout route={route}>
      {catalog.status === 'error' ? (
        <ErrorState message={catalog.error ?? 'The node catalog could not be loaded.'} onRetry={() => {
            useCatalog.setState({ status: 'idle' });
            void catalog.load();
          }} />
      ) : catalog.status !== 'ready' ? (
        <Loading label="Loading the node catalog…" />
      ) : route.page === 'flows' ? (
        <FlowListPage />
      ) : route.page === 'flow' ? (
        <FlowPage key={route.flowId} flowId={route.flowId} runId={route.runId} />
      ) : route.page === 'connections' ? (
        <ConnectionsPage />
      ) : route.page === 'api-keys' ? (
        <ApiKeysPage />
      ) : route.page === 'sandbox' ? (
        <SandboxPage connectionId={route.connectionId} />
      ) : route.page === 'inbox' ? (
        <InboxPage tab={route.tab ?? 'tasks'} />
      ) : route.page === 'emails' ? (
        <EmailsPage emailId={route.emailId} />
      ) : route.page === 'audit' ? (
        <AuditPage />
      ) : (
        <ConversationsPage conversationId={route.conversationId} />
      )}
    </Layout>
  );
}
