import type { BulkRunResult, RunCustomer, RunSummary } from '@switchboard/shared';
import { isRunUnfinished } from './run-status';

/** Who a run is about, as a row shows it: "Alex Carter (+14155551234)", the number alone, or null. */
export function customerLabel(customer: RunCustomer | null | undefined): string | null {
  if (!customer) return null;
  if (customer.name && customer.phone) return `${customer.name} (${customer.phone})`;
  return customer.name ?? customer.phone ?? null;
}

/** Which bulk actions apply to the selected runs: retry a failed or cancelled run, cancel an unfinished one. */
export function bulkActionsFor(runs: ReadonlyArray<Pick<RunSummary, 'status'>>): { retry: number; cancel: number } {
  let retry = 0;
  let cancel = 0;
  for (const run of runs) {
    if (run.status === 'failed' || run.status === 'cancelled') retry += 1;
    if (isRunUnfinished(run.status)) cancel += 1;
  }
  return { retry, cancel };
}

/** A bulk action's outcome in words: how many went through, and each failure with its run and reason. */
export function bulkOutcome(action: 'retry' | 'cancel', result: BulkRunResult): { summary: string; failures: string[] } {
  const done = result.results.filter((item) => item.ok).length;
  const failures = result.results.filter((item) => !item.ok).map((item) => `Run ${item.runId.slice(0, 8)}: ${item.error?.message ?? 'failed'}`);
  const verb = action === 'retry' ? 'Retried' : 'Cancelled';
  return { summary: `${verb} ${done} of ${result.results.length} run${result.results.length === 1 ? '' : 's'}.`, failures };
}
