/**
 * Thrown by `ExecutionStore.writeStep` when the database refused the step's data itself (a
 * value it cannot hold, a constraint), as opposed to being unreachable. Writing the same data
 * again would fail again, so the executor stores the step as failed instead of letting the job
 * be retried (which would run its side effect again).
 */
export class UnstorableWrite extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnstorableWrite';
  }
}
