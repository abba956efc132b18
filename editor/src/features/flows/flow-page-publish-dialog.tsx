import type { FlowGraph, GraphProblem } from '@switchboard/shared';
import { useMemo, useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import type { FlowView, WebhookUrls } from '../../api/types';
import { useFlowEditor } from '../../store/flow-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { flowDiff, isEmptyDiff } from './flow-diff';
import { DiffSummary } from './flow-diff-summary';
import { ProblemList } from './flow-page-problems';

/** What the draft is compared with: the graph of a published version, and how we know it. */
export interface PublishBaseline {
  graph: FlowGraph;
  /** "v3", or "you opened this flow" while the live version's own graph is loading. */
  label: string;
}

/**
 * Publishing: what changes compared with the live version (or "first version"), then
 * `POST /publish`. A draft with problems is refused with 422: the problems are listed, each
 * selecting its node.
 */
export function PublishDialog({ flowId, baseline, onClose, onPublished, onSelectNode }: { flowId: string; baseline: PublishBaseline | null; onClose(): void; onPublished(flow: FlowView, graph: FlowGraph): void; onSelectNode(nodeId: string): void }) {
  const graph = useFlowEditor((state) => state.graph);
  const knownProblems = useFlowEditor((state) => state.problems);
  // The versions, and the live one's graph: the draft is compared with what runs now.
  const versions = useResource(async () => {
    const list = (await api.get(`/api/flows/${flowId}/versions`)).versions;
    const live = list.find((version) => version.published);
    const liveGraph = live ? (await api.get(`/api/flows/${flowId}/versions/${live.version}`)).graph : null;
    return { list, live: live && liveGraph ? { graph: liveGraph, label: `v${live.version}` } : null };
  }, [flowId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<GraphProblem[] | null>(null);
  const compared = versions.data ? versions.data.live : baseline;
  const diff = useMemo(() => (compared ? flowDiff(compared.graph, graph) : null), [compared, graph]);
  const latest = versions.data?.list[0]?.version ?? 0;

  const publish = async () => {
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      await useFlowEditor.getState().save();
      const { saveState, saveError } = useFlowEditor.getState();
      if (saveState === 'error') throw new Error(`The draft could not be saved: ${saveError ?? 'unknown error'}`);
      const published = useFlowEditor.getState().graph;
      const result = await api.post(`/api/flows/${flowId}/publish`);
      onPublished(result.flow, published);
      if (result.webhook) useFlowEditor.getState().setNotice(webhookNotice(result.webhook));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 422 && Array.isArray(failure.details)) setRefused(failure.details as GraphProblem[]);
      else setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const select = (nodeId: string) => {
    onSelectNode(nodeId);
    onClose();
  };

  return (
    <Dialog
      open
      title="Publish flow"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void publish()} busy={busy} disabled={versions.loading} data-testid="publish-confirm">
            {versions.loading ? 'Publish' : diff && isEmptyDiff(diff) && latest > 0 ? `Publish v${latest} again` : `Publish as v${latest + 1}`}
          </Button>
        </>
      }
    >
      <div className="publish-dialog" data-testid="publish-dialog">
        <p className="muted">Publishing freezes the draft as a new version. New events start runs on it; runs under way keep the version they started on.</p>
        {versions.loading ? (
          <Loading label="Loading versions…" />
        ) : versions.error ? (
          <ErrorState message={versions.error} onRetry={versions.reload} />
        ) : diff ? (
          <DiffSummary diff={diff} heading={`Changes since ${compared!.label}`} empty={`No changes since ${compared!.label}.`} testId="publish-diff" />
        ) : latest === 0 ? (
          <p className="diff-first">
            <strong>First version.</strong> {graph.nodes.length} step{graph.nodes.length === 1 ? '' : 's'} and {graph.edges.length} link{graph.edges.length === 1 ? '' : 's'} go live.
          </p>
        ) : (
          <p className="diff-first">
            The flow is not published now (latest version v{latest}). The draft — {graph.nodes.length} steps, {graph.edges.length} links — becomes the live version.
          </p>
        )}
        {knownProblems.length > 0 && !refused ? (
          <div className="callout callout-warn" role="note">
            The draft had {knownProblems.length} problem{knownProblems.length === 1 ? '' : 's'} at its last save; publishing will be refused until they are fixed.
          </div>
        ) : null}
        {refused ? (
          <div className="callout callout-bad" role="alert">
            <strong>Not published: {refused.length} problem{refused.length === 1 ? '' : 's'} to fix first.</strong>
            <ProblemList problems={refused} onSelect={select} />
          </div>
        ) : null}
        <FormError message={error} />
      </div>
    </Dialog>
  );
}

/** Where a published webhook flow is called: its token URL, and the token-less one when this workspace holds it. */
function webhookNotice(webhook: WebhookUrls): string {
  return webhook.legacyUrl
    ? `Published. Callers POST to ${webhook.url} (${webhook.legacyUrl} keeps working too).`
    : `Published. Callers POST to ${webhook.url}: the path's short URL /webhooks/in/${webhook.path} belongs to another workspace.`;
}
