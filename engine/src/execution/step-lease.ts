import { randomUUID } from 'node:crypto';
import type { ExecutorDeps } from './executor-deps';
import { StepLeaseHeld } from './step-deferral';
import { stepKey, type LoadedRun, type StepLease } from './types';

const DEFAULT_STEP_LEASE_MS = 30_000;

export type StepLeaseDeps = Pick<ExecutorDeps, 'store' | 'cache' | 'logger' | 'settings'>;

/**
 * Runs `work` (execute a side-effect step and store it) while holding the step's lease, taken
 * if the step is still in the state this execution loaded (so an execution that lost the race
 * to one that stored the step does not execute it again). Another holder (a job handed to two
 * workers when a BullMQ lock was lost) makes this throw `StepLeaseHeld`, and the queue retries
 * the job. A slow side effect keeps its lease: it is renewed every third of its length. `work`
 * gets the lease to end it with the step's write (`StepWrite.lease`) and says whether it did;
 * otherwise it is ended here.
 */
export async function withStepLease<T>(deps: StepLeaseDeps, run: LoadedRun, nodeId: string, scope: string, work: (lease: StepLease) => Promise<{ result: T; leaseEnded: boolean }>): Promise<T> {
  const { store, cache, logger, settings } = deps;
  const lease: StepLease = { runId: run.id, nodeId, scope, owner: randomUUID() };
  const ms = settings.stepLeaseMs ?? DEFAULT_STEP_LEASE_MS;
  const seen = run.steps.get(stepKey(nodeId, scope));
  if (!(await store.acquireLease(lease, ms, seen ? { status: seen.status, attempt: seen.attempt } : null))) {
    // What this process holds of the run may be stale; the retried job reads it again.
    cache.evict(run.id);
    logger.warn({ runId: run.id, stepId: nodeId, scope }, 'step is held by another execution; its job is retried later');
    throw new StepLeaseHeld(run.id, nodeId, scope);
  }
  const renewal = setInterval(() => {
    store.renewLease(lease, ms).catch((error: unknown) => logger.warn({ runId: run.id, stepId: nodeId, err: error }, 'could not renew the step lease'));
  }, Math.max(100, Math.floor(ms / 3)));
  let ended = false;
  try {
    const { result, leaseEnded } = await work(lease);
    ended = leaseEnded;
    return result;
  } finally {
    clearInterval(renewal);
    if (!ended) await store.releaseLease(lease);
  }
}
