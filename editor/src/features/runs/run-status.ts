import type { RunStatus, RunSummary, RunView, StepStatus } from '../../api/types';

/** Run statuses after which nothing about a run changes any more (until someone retries it). */
const UNFINISHED: ReadonlySet<RunStatus> = new Set(['queued', 'running', 'waiting']);

export function isRunUnfinished(status: RunStatus): boolean {
  return UNFINISHED.has(status);
}

/** How often the open run is fetched again: every second while it moves, never once it is done. */
export const RUN_POLL_MS = 1_000;
/** The runs list: every 2 s while a run is unfinished; every 5 s otherwise, so new runs show up. */
export const RUN_LIST_ACTIVE_POLL_MS = 2_000;
export const RUN_LIST_IDLE_POLL_MS = 5_000;

/** The delay before fetching a run again, or null to stop (a finished run does not change). */
export function runPollDelay(run: Pick<RunSummary, 'status'> | undefined): number | null {
  if (!run) return RUN_POLL_MS;
  return isRunUnfinished(run.status) ? RUN_POLL_MS : null;
}

export function runListPollDelay(runs: ReadonlyArray<Pick<RunSummary, 'status'>> | undefined): number {
  return runs?.some((run) => isRunUnfinished(run.status)) ? RUN_LIST_ACTIVE_POLL_MS : RUN_LIST_IDLE_POLL_MS;
}

/** What the canvas overlays: every node's step status in this run. */
export function stepStatuses(run: Pick<RunView, 'steps'>): Record<string, StepStatus> {
  const statuses: Record<string, StepStatus> = {};
  for (const step of run.steps) statuses[step.nodeId] = step.status;
  return statuses;
}

/** Whether two status maps say the same (so the canvas is not told twice). */
export function sameStatuses(a: Record<string, StepStatus> | null, b: Record<string, StepStatus> | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/** A run's duration: as stored once it finished, else how long it has been going. */
export function runElapsedMs(run: Pick<RunSummary, 'status' | 'createdAt' | 'durationMs'>, now: number = Date.now()): number | null {
  if (run.durationMs !== null) return run.durationMs;
  if (!isRunUnfinished(run.status)) return null;
  const created = Date.parse(run.createdAt);
  return Number.isNaN(created) ? null : Math.max(0, now - created);
}

/** The run statuses in words, for screen readers and tooltips. */
export const RUN_STATUS_WORDS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The steps a person would want open first: the failed ones, else the one that is moving. */
export function initiallyExpanded(run: Pick<RunView, 'steps'>): string[] {
  const failed = run.steps.filter((step) => step.status === 'failed').map((step) => step.nodeId);
  if (failed.length > 0) return failed;
  return run.steps.filter((step) => step.status === 'running' || step.status === 'waiting').map((step) => step.nodeId);
}
