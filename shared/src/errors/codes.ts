/**
 * Every error code a step or the API can report, with its retry class.
 * Permanent codes fail a step at once; retryable ones are retried with backoff.
 */
export const ERROR_CODES = {
  // WhatsApp and messaging (CONTRACT "Error codes")
  INVALID_PHONE: 'permanent',
  TEMPLATE_NOT_FOUND: 'permanent',
  TEMPLATE_PARAMS_MISMATCH: 'permanent',
  OUTSIDE_24H_WINDOW: 'permanent',
  MESSAGE_TOO_LONG: 'permanent',
  OPTED_OUT: 'permanent',
  /** Meta held back a marketing message to keep this customer's marketing volume healthy (131049); sending it again soon fails again. */
  MARKETING_LIMIT: 'permanent',
  PROVIDER_AUTH: 'permanent',
  CONFIG_INVALID: 'permanent',
  RECIPIENT_MISSING: 'permanent',
  /** WhatsApp will not deliver to this number now (not on WhatsApp, blocked). */
  RECIPIENT_UNAVAILABLE: 'permanent',
  RATE_LIMITED: 'retryable',
  SENDER_OFFLINE: 'retryable',
  PROVIDER_UNAVAILABLE: 'retryable',
  NETWORK: 'retryable',
  TIMEOUT: 'retryable',
  // Other nodes
  URL_NOT_ALLOWED: 'permanent',
  /** An HTTP answer larger than the engine keeps. */
  HTTP_RESPONSE_TOO_LARGE: 'permanent',
  /** An HTTP answer that should be JSON and is not. */
  HTTP_INVALID_JSON: 'permanent',
  HTTP_STATUS: 'permanent',
  AI_INVALID_OUTPUT: 'retryable',
  /** An email address that cannot be delivered to (a typo, a rendered variable without a value). */
  INVALID_EMAIL: 'permanent',
  /** The mail server refused the message for good (an SMTP 5xx). */
  EMAIL_REJECTED: 'permanent',
  CONNECTION_NOT_FOUND: 'permanent',
  /** A side effect was started by an attempt that crashed before recording its outcome; never re-sent blindly. */
  OUTCOME_UNKNOWN: 'permanent',
  UNKNOWN_NODE_TYPE: 'permanent',
  /** The database refused the step's result itself (not its connection): storing it again would fail again, so the step is not re-run. */
  OUTPUT_NOT_STORABLE: 'permanent',
  INTERNAL: 'retryable',
} as const;

/** One of the known error codes, e.g. `INVALID_PHONE`. */
export type ErrorCode = keyof typeof ERROR_CODES;
/** `permanent` or `retryable`. */
export type RetryClass = (typeof ERROR_CODES)[ErrorCode];

/** True when `code` is one of `ERROR_CODES`. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** The default retry class of a code; an unknown code is treated as retryable (an unexpected failure). */
export function isRetryableCode(code: string): boolean {
  return isErrorCode(code) ? ERROR_CODES[code] === 'retryable' : true;
}

/** What a failed step records: `{ code, message, retryable }` (CONTRACT "HTTP API", runs). */
export interface StepErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
  details?: unknown;
}

/**
 * The error nodes and adapters throw. `retryable` defaults to the code's class but can be
 * set per instance (an HTTP 503 is retryable, a 404 is not, both are `HTTP_STATUS`).
 *
 * @example throw new StepError('INVALID_PHONE', `"${to}" is not a valid phone number`)
 */
export class StepError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(code: ErrorCode | (string & {}), message: string, options: { retryable?: boolean; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StepError';
    this.code = code;
    this.retryable = options.retryable ?? isRetryableCode(code);
    this.details = options.details;
  }

  toJSON(): StepErrorInfo {
    return { code: this.code, message: this.message, retryable: this.retryable, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}

/** Turns anything thrown into the shape a step records. Unknown errors are retryable `INTERNAL`. */
export function toStepErrorInfo(error: unknown): StepErrorInfo {
  if (error instanceof StepError) return error.toJSON();
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message, retryable: true };
  return { code: 'INTERNAL', message: String(error), retryable: true };
}
