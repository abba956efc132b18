import { routeHref } from '../../app/router';
import { RunLink } from '../conversations/RunLink';

/** "View run" for something a run made: a plain link when its flow is known, else the run is looked up on click. */
export function ViewRunLink({ runId, flowId }: { runId: string; flowId: string | null }) {
  if (!flowId) return <RunLink runId={runId} />;
  return <a href={routeHref({ page: 'flow', flowId, runId })}>View run</a>;
}
