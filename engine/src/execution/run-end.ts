import type { StepErrorInfo } from '@switchboard/shared';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutorDeps } from './executor-deps';
import type { LoadedRun, RunStatus, StepWrite } from './types';

export type RunEndDeps = Pick<ExecutorDeps, 'logger' | 'services' | 'callers'>;

/**
 * What happens once a step's write ended its run (the store decides: `remaining` reached zero,
 * or the step failed the run): a caller still waiting on the run hears its status, and a run
 * that failed for good (no `error` edge took the failure, not a test run) raises the team's alert.
 */
export class RunEnd {
  constructor(private readonly deps: RunEndDeps) {}

  async finished(run: LoadedRun, flow: CompiledFlow, status: RunStatus, write: StepWrite): Promise<void> {
    this.deps.logger.debug({ runId: run.id, status }, 'run finished');
    if (flow.callerWaits && this.deps.callers) await this.deps.callers.runFinished(run.id, status);
    if (status === 'failed' && write.failRun && write.error) await this.announceFailure(run, flow, write.nodeId, write.error);
  }

  private async announceFailure(run: LoadedRun, flow: CompiledFlow, nodeId: string, error: StepErrorInfo): Promise<void> {
    const { services, logger } = this.deps;
    if (!services || run.isTest) return;
    try {
      await services.runFailed({ workspaceId: run.workspaceId, runId: run.id, flowId: run.flowId, flowName: flow.version.name, nodeId, error });
    } catch (thrown) {
      logger.error({ runId: run.id, err: thrown }, 'could not raise the alert for a failed run');
    }
  }
}
