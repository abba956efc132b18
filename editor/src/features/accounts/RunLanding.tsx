import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { routeHref } from '../../app/router';
import { useSession } from '../../store/session-store';
import { ErrorState, Loading } from '../../ui/States';

/**
 * `#/runs/<runId>?w=<workspaceId>`: the link in a conversation's `conversation_url` and in
 * alert and task e-mails. Moves the tab to the run's workspace when the person is a member
 * there, then replaces itself with the run's view on its flow (Back skips this page).
 */
export function RunLanding({ runId, workspaceId }: { runId: string; workspaceId?: string }) {
  const me = useSession((state) => state.me);
  const switchWorkspace = useSession((state) => state.switchWorkspace);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const elsewhere = Boolean(workspaceId && me?.user && me.workspace?.id !== workspaceId);
  const member = Boolean(workspaceId && me?.workspaces.some((workspace) => workspace.id === workspaceId));

  useEffect(() => {
    if (elsewhere) {
      if (member) switchWorkspace(workspaceId!, routeHref({ page: 'run', runId, workspaceId }));
      return;
    }
    let cancelled = false;
    setError(null);
    api.get(`/api/runs/${encodeURIComponent(runId)}`).then(
      (run) => {
        if (!cancelled) window.location.replace(routeHref({ page: 'flow', flowId: run.flowId, runId: run.id }));
      },
      (failure: unknown) => !cancelled && setError(errorMessage(failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [runId, workspaceId, elsewhere, member, switchWorkspace, attempt]);

  if (elsewhere && !member) {
    return (
      <div className="page-content">
        <ErrorState message="This run is in a workspace you are not a member of. Ask one of its admins to invite you." />
      </div>
    );
  }
  if (error) {
    return (
      <div className="page-content">
        <ErrorState message={error} onRetry={() => setAttempt((value) => value + 1)} />
        <a href={routeHref({ page: 'flows' })}>Back to all flows</a>
      </div>
    );
  }
  return <Loading label="Opening the run…" />;
}
