/**
 * An answer of the API that is not a success: the CONTRACT's error envelope
 * `{ error: { code, message, details? } }` with its status. An answer that is not the envelope
 * (a proxy's HTML page, an empty 502) has the code `UNEXPECTED_RESPONSE` and its text in `details`.
 *
 * @example catch (error) { if (error instanceof SwitchboardApiError && error.code === 'NOT_FOUND') … }
 */
export class SwitchboardApiError extends Error {
  override readonly name = 'SwitchboardApiError';

  constructor(
    /** The HTTP status (400, 401, 404, 409, 422, 429, 503…). */
    readonly status: number,
    /** `INVALID_INPUT`, `UNAUTHORIZED`, `NOT_FOUND`, `CONFLICT`, `RATE_LIMITED`, `UNAVAILABLE`… */
    readonly code: string,
    message: string,
    /** For `INVALID_INPUT`, each bad field: `[{ field, message }]`. */
    readonly details: unknown,
    /** The operation that answered, `METHOD /path` as the operations table names it. */
    readonly operation: string,
    /** Seconds to wait before trying again (`Retry-After` of a 429 or 503), if the answer said. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

/**
 * An answer that does not fit the contract's schema for its operation and status (only with
 * `validateResponses: true`): the engine and the client disagree about the API.
 */
export class SwitchboardContractError extends Error {
  override readonly name = 'SwitchboardContractError';

  constructor(
    readonly operation: string,
    readonly status: number,
    /** Each problem: `runs.0.status: Invalid option…`. */
    readonly problems: string[],
    readonly body: unknown,
  ) {
    super(`${operation} answered ${status} with a body its schema does not describe: ${problems.join('; ')}`);
  }
}
