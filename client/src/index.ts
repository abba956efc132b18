/**
 * `@switchboard/client`: the Switchboard HTTP API for integrations (voice platforms, CRMs) and
 * tests, typed from the operations table of `@switchboard/shared` (`apiOperations`).
 */
export { SwitchboardClient, answerProblems, queryString, type Answer, type CallArgs, type CallOptions, type RawAnswer, type SwitchboardClientOptions } from './client';
export { SwitchboardApiError, SwitchboardContractError } from './errors';
export type { OperationBody, OperationId, OperationQuery, OperationResponse } from '@switchboard/shared';
