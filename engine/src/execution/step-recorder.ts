import type { StepErrorInfo } from '@switchboard/shared';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutorDeps } from './executor-deps';
import type { RunEnd } from './run-end';
import { TERMINAL_RUN_STATUSES, TERMINAL_STEP_STATUSES, type LoadedRun, type StepWrite, type StepWriteResult } from './types';
import { UnstorableWrite } from './unstorable-write';

export type StepRecorderDeps = Pick<ExecutorDeps, 'store' | 'queue' | 'cache' | 'logger' | 'clock'> & { runEnd: RunEnd };

/**
 * Stores a step's outcome — one write that also moves the run's `remaining` counter and status
 * (see `ExecutionStore.writeStep`) — and does what follows from it in this process: the run
 * cache learns the step, a waitpoint's alarm is armed, and a run that ended has its run-end
 * effects. Moving the run on to the next steps is the caller's.
 */
export class StepRecorder {
  constructor(private readonly deps: StepRecorderDeps) {}

  /**
   * @returns the step as stored when the run goes on from it (it resolved and the run is still
   *   under way): the caller advances from it. Null when there is nothing to advance from:
   *   another execution stored the step first, the step waits, or the run ended.
   */
  async record(run: LoadedRun, flow: CompiledFlow, outcome: StepWrite): Promise<StepWrite | null> {
    const { store, queue, cache, logger, runEnd } = this.deps;
    let write = outcome;
    let stored: StepWriteResult;
    try {
      stored = await store.writeStep(write);
    } catch (thrown) {
      if (!(thrown instanceof UnstorableWrite) || write.error?.code === 'OUTPUT_NOT_STORABLE') throw thrown;
      write = this.notStorable(flow, write, thrown);
      stored = await store.writeStep(write);
    }
    logger.debug({ runId: run.id, stepId: write.nodeId, status: write.status, applied: stored.applied }, 'step stored');
    if (!stored.applied) {
      // Another execution stored this step first: what this process holds of the run is stale.
      cache.evict(run.id);
      return null;
    }
    cache.recorded(write, stored.runStatus);
    if (write.waitpoint?.wakeAt && stored.waitpointStored) await queue.armAlarm(write.waitpoint.id, new Date(write.waitpoint.wakeAt));
    if (stored.runStatus && TERMINAL_RUN_STATUSES.has(stored.runStatus)) {
      await runEnd.finished(run, flow, stored.runStatus, write);
      return null;
    }
    return TERMINAL_STEP_STATUSES.has(write.status) ? write : null;
  }

  /**
   * The step failed `OUTPUT_NOT_STORABLE` in place of a write the database refused for its data:
   * written again, the same data would be refused again, and the job's retry would run the
   * node's side effect again. The failure carries none of the refused values.
   */
  notStorable(flow: CompiledFlow, write: StepWrite, thrown: UnstorableWrite): StepWrite {
    const error: StepErrorInfo = { code: 'OUTPUT_NOT_STORABLE', message: `The step's result could not be stored, so the step is not run again: ${thrown.message}`, retryable: false };
    const onErrorEdge = flow.hasErrorEdge(write.nodeId);
    this.deps.logger.error({ runId: write.runId, stepId: write.nodeId, err: thrown.cause ?? thrown }, 'the database refused a step write; the step fails');
    return {
      runId: write.runId,
      nodeId: write.nodeId,
      scope: write.scope,
      nodeType: write.nodeType,
      attempt: write.attempt,
      startedAt: write.startedAt,
      status: 'failed',
      error,
      lease: write.lease,
      finishedAt: this.deps.clock.now().toISOString(),
      ...(onErrorEdge ? { handle: 'error', output: { error: { code: error.code, message: error.message } } } : { failRun: !write.scope }),
    };
  }
}
