/**
 * Thrown by a port when a side effect must wait: the step is not failed and spends no attempt;
 * it waits durably (a waitpoint and its alarm) until `until`, then runs again.
 * - `rate`: a sender's send rate is used up; the step runs again holding the slot it was given.
 * - `limit`: another of the provider's limits holds the step back (the pace of messages to one
 *   customer, a daily limit of customers); it runs again and takes its send slot then.
 * - `outcome`: the provider may or may not have taken the side effect (a timeout after the
 *   request was written, a crash before the answer was stored). The step waits for the
 *   provider's own report, which resolves the waitpoint found by `correlation`; at `until`
 *   (the connection's grace period) it runs again with `outcomeDue`, and the port applies
 *   the connection's policy for outcomes that stayed unknown.
 */
export class StepDeferral extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
    readonly kind: 'rate' | 'limit' | 'outcome' = 'rate',
    /** How the report that ends an `outcome` wait finds its waitpoint. */
    readonly correlation?: string,
  ) {
    super(reason);
    this.name = 'StepDeferral';
  }
}

/**
 * Thrown by the executor when another execution holds the step's lease (the same job was
 * handed to two workers): nothing was executed; the job is retried later by the queue, and
 * then finds the step stored by the holder or the lease expired.
 */
export class StepLeaseHeld extends Error {
  constructor(readonly runId: string, readonly nodeId: string, readonly scope: string) {
    super(`step ${nodeId}${scope ? `#${scope}` : ''} of run ${runId} is being executed by another worker`);
    this.name = 'StepLeaseHeld';
  }
}
