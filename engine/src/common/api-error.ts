/**
 * Errors the API reports, by code. Domain and module code throws these (or a subclass per
 * module); only the exception filter turns a code into an HTTP status, through
 * `API_ERROR_STATUS`, which must name every code.
 */
export const API_ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  GRAPH_INVALID: 422,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** One invalid field of a request: `field` is a dotted path into the body (`graph.nodes[0].id`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  /** When the caller may try again (`Retry-After`, in whole seconds), for 429 and 503. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Too many requests: try again after `waitMs`. */
  static rateLimited(message: string, waitMs: number): ApiError {
    const error = new ApiError('RATE_LIMITED', message);
    error.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    return error;
  }

  static notFound(what: string, id: string): ApiError {
    return new ApiError('NOT_FOUND', `${what} ${id} was not found`);
  }

  static invalid(details: FieldProblem[]): ApiError {
    const summary = details.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    return new ApiError('INVALID_INPUT', `Invalid request: ${summary}`, details);
  }
}
