import type { LoopIteration, RunStatus, RunSummary, RunView } from '../../api/types';
import type { StepOverlay } from '../canvas/diagram';
import { stepProvenance } from './ai-provenance';
import { bodyRunCount, bodyTally, loopIterations, loopProgress } from './loop-iterations';

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

/** What the canvas overlays: every node's step status in this run, and for a loop and its body how often they ran. */
export function stepOverlays(run: Pick<RunView, 'steps'>): Record<string, StepOverlay> {
  const overlays: Record<string, StepOverlay> = {};
  const loops = new Map<string, LoopIteration[]>();
  for (const step of run.steps) {
    const iterations = loopIterations(step);
    if (iterations) loops.set(step.nodeId, iterations);
  }
  for (const step of run.steps) {
    const iterations = loops.get(step.nodeId);
    const runs = bodyRunCount(step);
    if (iterations) {
      const { total, failed } = loopProgress(step);
      overlays[step.nodeId] = { status: step.status, repeats: { kind: 'items', count: total ?? iterations.length, failed } };
    } else if (runs !== null && runs > 0) {
      // The loop's iterations tell the items it ran for; the step's own count also has those it was skipped in.
      const loop = loops.get(step.loopId!);
      const tally = loop ? bodyTally(loop, step.nodeId) : { ran: runs, failed: [] };
      overlays[step.nodeId] = tally.ran > 0 ? { status: step.status, repeats: { kind: 'runs', count: tally.ran, failed: tally.failed.length } } : { status: step.status };
    } else overlays[step.nodeId] = { status: step.status };
    if (stepProvenance(step.output)?.offline) overlays[step.nodeId] = { ...overlays[step.nodeId]!, offlineAi: true };
  }
  return overlays;
}

/** Whether two overlay maps say the same (so the canvas is not told twice). */
export function sameOverlays(a: Readonly<Record<string, StepOverlay>> | null, b: Readonly<Record<string, StepOverlay>> | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => sameOverlay(a[key], b[key]));
}

function sameOverlay(a: StepOverlay | undefined, b: StepOverlay | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.status !== b.status || Boolean(a.offlineAi) !== Boolean(b.offlineAi)) return false;
  if (!a.repeats || !b.repeats) return a.repeats === b.repeats;
  return a.repeats.kind === b.repeats.kind && a.repeats.count === b.repeats.count && a.repeats.failed === b.repeats.failed;
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

/**
 * The steps a person would want open first: the failed ones, else the ones that are moving. A
 * step inside a loop is seen through its loop (whose iterations hold its input and output), so
 * the loop opens in its place.
 */
export function initiallyExpanded(run: Pick<RunView, 'steps'>): string[] {
  const open = (statuses: ReadonlySet<string>) => [...new Set(run.steps.filter((step) => statuses.has(step.status)).map((step) => step.loopId ?? step.nodeId))];
  const failed = open(new Set(['failed']));
  if (failed.length > 0) return failed;
  return open(new Set(['running', 'waiting']));
}
