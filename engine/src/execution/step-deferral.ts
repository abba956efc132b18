/**
 * Thrown by a port when a side effect must wait (a sender's send rate is used up): the step
 * is not failed and spends no attempt; it waits durably (a waitpoint and its alarm) until
 * `until`, then runs again holding the slot it was given.
 */
export class StepDeferral extends Error {
  constructor(
    readonly until: Date,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'StepDeferral';
  }
}
