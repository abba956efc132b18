import type { RunSummary } from '../../api/types';

/**
 * The runs list as shown: everything seen so far (the polled first page and the older pages
 * "Load more" fetched), each run at its latest state, newest first. Runs pushed off the first
 * page by new ones stay in view instead of falling into a gap.
 */
export function mergeRuns(known: readonly RunSummary[], incoming: readonly RunSummary[]): RunSummary[] {
  const byId = new Map(known.map((run) => [run.id, run]));
  for (const run of incoming) byId.set(run.id, run);
  return [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
}
