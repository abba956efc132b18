import { randomUUID } from 'node:crypto';
import type { RetryPolicy, StepErrorInfo } from '@switchboard/shared';
import type { CompiledFlow } from './compiled-flow';
import type { ExecutionLogger } from './ports';
import type { StepWrite } from './types';
import { retryDelayMs } from './wake-up';

export interface FailedAttempt {
  flow: CompiledFlow;
  /** The step as this attempt leaves it (input, warnings, attempt, start), without its status. */
  recorded: Omit<StepWrite, 'status'>;
  error: StepErrorInfo;
  attempt: number;
  policy: RetryPolicy;
  now: Date;
  finishedAt: string;
}

/**
 * What a failed attempt comes to. A retryable error with attempts left: the step stays
 * `running` with its error and a `retry` waitpoint at `backoffMs` doubled per earlier failure
 * (`retryDelayMs`), for attempt + 1. Otherwise the step fails: down its `error` edge when it
 * has one (the error becomes its output), else it fails the run — except inside a loop, where
 * the failure is the item's and the loop goes on.
 */
export function afterFailedAttempt({ flow, recorded, error, attempt, policy, now, finishedAt }: FailedAttempt, logger: ExecutionLogger): StepWrite {
  const nodeId = recorded.nodeId;
  if (error.retryable && attempt < policy.attempts) {
    const wakeAt = new Date(now.getTime() + retryDelayMs(policy, attempt));
    logger.warn({ runId: recorded.runId, stepId: nodeId, attempt, code: error.code, retryAt: wakeAt.toISOString() }, 'step failed, will retry');
    return { ...recorded, status: 'running', error, waitpoint: { id: randomUUID(), kind: 'retry', wakeAt: wakeAt.toISOString(), attempt: attempt + 1 } };
  }
  const onErrorEdge = flow.hasErrorEdge(nodeId);
  const failRun = !onErrorEdge && !recorded.scope;
  logger.warn({ runId: recorded.runId, stepId: nodeId, attempt, code: error.code, message: error.message }, onErrorEdge ? 'step failed, following its error edge' : 'step failed, run fails');
  return {
    ...recorded,
    status: 'failed',
    error,
    finishedAt,
    ...(onErrorEdge ? { handle: 'error', output: { error: { code: error.code, message: error.message } } } : { failRun }),
  };
}
