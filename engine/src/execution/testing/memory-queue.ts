import type { JobQueue } from '../ports';
import type { StepJob } from '../types';

/**
 * The `JobQueue` in memory, for unit tests of the execution core: it holds what was queued and
 * the tests hand it to the executor. Like the BullMQ queue, a job whose id is still queued is
 * not queued again (step jobs by run, node, scope and attempt; alarms by waitpoint and time).
 */
export class MemoryJobQueue implements JobQueue {
  readonly steps: StepJob[] = [];
  readonly alarms: Array<{ waitpointId: string; wakeAt: Date }> = [];
  readonly resumes: string[] = [];

  async enqueueSteps(jobs: StepJob[]): Promise<void> {
    for (const job of jobs) {
      const queued = this.steps.some((other) => other.runId === job.runId && other.nodeId === job.nodeId && other.scope === job.scope && other.attempt === job.attempt);
      if (!queued) this.steps.push({ ...job });
    }
  }

  async armAlarm(waitpointId: string, wakeAt: Date): Promise<void> {
    const armed = this.alarms.some((alarm) => alarm.waitpointId === waitpointId && alarm.wakeAt.getTime() === wakeAt.getTime());
    if (!armed) this.alarms.push({ waitpointId, wakeAt });
  }

  async enqueueResume(waitpointId: string): Promise<void> {
    if (!this.resumes.includes(waitpointId)) this.resumes.push(waitpointId);
  }

  /** Takes the alarms due at `now`, earliest first. */
  takeDueAlarms(now: Date): string[] {
    const due = this.alarms.filter((alarm) => alarm.wakeAt.getTime() <= now.getTime()).sort((a, b) => a.wakeAt.getTime() - b.wakeAt.getTime());
    for (const alarm of due) this.alarms.splice(this.alarms.indexOf(alarm), 1);
    return due.map((alarm) => alarm.waitpointId);
  }
}
