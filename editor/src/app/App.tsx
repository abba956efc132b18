import { lazy, Suspense, useEffect } from 'react';
import { ActivityPage } from '../features/activity/ActivityPage';
import { AuthFrame } from '../features/accounts/AuthFrame';
import { InvitationPage } from '../features/accounts/InvitationPage';
import { NewWorkspaceButton } from '../features/accounts/NewWorkspaceButton';
import { ResetPasswordPage } from '../features/accounts/ResetPasswordPage';
import { RunLanding } from '../features/accounts/RunLanding';
import { SetupPage } from '../features/accounts/SetupPage';
import { ApiKeysPage } from '../features/api-keys/ApiKeysPage';
import { AuditPage } from '../features/audit/AuditPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { ConversationsPage } from '../features/conversations/ConversationsPage';
import { EmailsPage } from '../features/emails/EmailsPage';
import { FlowListPage } from '../features/flows/FlowListPage';
import { FlowPage } from '../features/flows/FlowPage';
import { InboxPage } from '../features/inbox/InboxPage';
import { MembersPage } from '../features/members/MembersPage';
import { SandboxPage } from '../features/sandbox/SandboxPage';
import { CampaignsPage } from '../features/campaigns/CampaignsPage';
import { useCatalog } from '../store/catalog-store';
import { useSession } from '../store/session-store';
import { Button } from '../ui/Button';
import { ErrorState, Loading } from '../ui/States';
import { Layout } from './Layout';
import { navigate, useRoute } from './router';
import { SignIn } from './SignIn';

/** The analytics page brings the chart library: loaded when it is first opened, not with the editor. */
const AnalyticsPage = lazy(() => import('../features/analytics/AnalyticsPage'));

/**
 * Until the engine said who this is: a spinner. The links the engine e-mails (setup,
 * invitation, password reset) open with or without a session. Signed out: the sign-in page
 * over the route, which shows once signed in (a link lands). Signed in: the route's page, once
 * the node catalog is loaded.
 */
export function App() {
  const status = useSession((state) => state.status);
  const me = useSession((state) => state.me);
  const route = useRoute();
  const catalog = useCatalog();
  const signedIn = status === 'signed-in';

  useEffect(() => {
    void useSession.getState().start();
  }, []);

  useEffect(() => {
    if (signedIn) void catalog.load();
  }, [signedIn, catalog]);

  useEffect(() => {
    if (signedIn && route.page === 'sign-in') navigate({ page: 'flows' });
  }, [signedIn, route.page]);

  if (route.page === 'setup') return <SetupPage token={route.token} />;
  if (route.page === 'reset') return <ResetPasswordPage token={route.token} />;
  if (status === 'loading') return <Loading label="Loading…" />;
  if (status === 'unreachable') {
    return <ErrorState message={useSession.getState().error ?? 'The engine could not be reached.'} onRetry={() => void useSession.getState().start()} />;
  }
  if (route.page === 'invite') return <InvitationPage token={route.token} />;
  if (!signedIn || !me) return <SignIn error={route.page === 'sign-in' ? route.error : undefined} />;
  if (route.page === 'sign-in') return <Loading />;
  if (!me.workspace) return <NoWorkspace />;
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
      ) : route.page === 'activity' ? (
        <ActivityPage initial={{ eventId: route.eventId, phone: route.phone, callId: route.callId }} />
      ) : route.page === 'run' ? (
        <RunLanding runId={route.runId} workspaceId={route.workspaceId} />
      ) : route.page === 'connections' ? (
        <ConnectionsPage key={route.add ?? ''} add={route.add} />
      ) : route.page === 'api-keys' ? (
        <ApiKeysPage />
      ) : route.page === 'members' ? (
        <MembersPage />
      ) : route.page === 'sandbox' ? (
        <SandboxPage connectionId={route.connectionId} phone={route.phone} />
      ) : route.page === 'inbox' ? (
        <InboxPage tab={route.tab ?? 'tasks'} />
      ) : route.page === 'emails' ? (
        <EmailsPage emailId={route.emailId} />
      ) : route.page === 'audit' ? (
        <AuditPage />
      ) : route.page === 'analytics' ? (
        <Suspense fallback={<Loading label="Loading analytics…" />}>
          <AnalyticsPage />
        </Suspense>
      ) : route.page === 'campaigns' ? (
        <CampaignsPage key={route.campaignId ?? ''} campaignId={route.campaignId} />
      ) : (
        <ConversationsPage conversationId={route.conversationId} />
      )}
    </Layout>
  );
}

/** A person who belongs to no workspace (they left their last one): make one, or wait for an invitation. */
function NoWorkspace() {
  const signOut = useSession((state) => state.signOut);
  return (
    <AuthFrame title="No workspace yet" intro="You are not a member of any workspace. Create one, or open the invitation link someone sent you.">
      <NewWorkspaceButton />
      <Button onClick={() => void signOut()}>Sign out</Button>
    </AuthFrame>
  );
}
