import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { API_ERROR_STATUS, ApiError, type ApiErrorCode } from './api-error';
import { sqlState } from '../persistence/pg-errors';
import { unavailableDependency, type Dependency, type Endpoints } from './unavailable';

/** What a 503 asks the caller to wait before trying again. */
const RETRY_AFTER_SECONDS = 5;

const DEPENDENCY_NAME: Record<Dependency, string> = { postgres: 'The database (PostgreSQL)', redis: 'The queue (Redis)' };

const STATUS_CODE: Record<number, ApiErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'INVALID_INPUT',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Every error leaves the API as `{ error: { code, message, details? } }` with its status. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** The editor's index.html, served for unknown GET paths outside the API (client-side routes). */
    private readonly editorIndex: string | null = null,
    /** Where the engine's Postgres and Redis listen: their socket errors are 503s, another server's are not. */
    private readonly endpoints: Endpoints = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const { status, body } = this.describe(exception);
    if (status === 404 && this.editorIndex && isEditorRoute(http.getRequest<FastifyRequest>())) {
      void reply.status(200).header('content-type', 'text/html; charset=utf-8').send(this.editorIndex);
      return;
    }
    if (status === 503) {
      // Not a bug: a dependency cannot do the work now, and the caller is told to come back.
      this.logger.warn({ err: exception, dependency: (body.details as { dependency?: string } | undefined)?.dependency }, 'request refused: a dependency is unavailable');
    } else if (status >= 500) this.logger.error({ err: exception }, 'request failed');
    // 429 and 503 say when to come back.
    const retryAfter = exception instanceof ApiError && exception.retryAfterSeconds !== undefined ? exception.retryAfterSeconds : status === 503 ? RETRY_AFTER_SECONDS : undefined;
    if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ error: body }));
  }

  private describe(exception: unknown): { status: number; body: { code: string; message: string; details?: unknown } } {
    if (exception instanceof ApiError) {
      const body = { code: exception.code, message: exception.message, ...(exception.details === undefined ? {} : { details: exception.details }) };
      return { status: API_ERROR_STATUS[exception.code], body };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 415) return { status, body: { code: 'INVALID_INPUT', message: UNSUPPORTED_MEDIA_TYPE } };
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return { status, body: { code: STATUS_CODE[status] ?? 'INTERNAL', message: Array.isArray(message) ? message.join('; ') : String(message) } };
    }
    // Fastify's own errors (invalid JSON, body too large, wrong content type) carry a statusCode.
    const fastify = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastify?.statusCode === 'number' && fastify.statusCode < 500) {
      const status = fastify.statusCode;
      const message =
        status === 413
          ? 'The request body is too large'
          : status === 415
            ? UNSUPPORTED_MEDIA_TYPE
            : `Invalid request: ${fastify.message ?? 'malformed body'}`;
      return { status, body: { code: STATUS_CODE[status] ?? 'INVALID_INPUT', message } };
    }
    // Postgres or Redis unreachable, out of disk, read-only, too slow: the request was fine and
    // will succeed when retried (an event with the same id is never stored twice).
    const dependency = unavailableDependency(exception, this.endpoints);
    if (dependency) {
      const message = `${DEPENDENCY_NAME[dependency]} is unavailable right now, so this request could not be completed. Retry in ${RETRY_AFTER_SECONDS} seconds; retrying with the same event id or Idempotency-Key is safe.`;
      return { status: 503, body: { code: 'UNAVAILABLE', message, details: { dependency } } };
    }
    const vanished = foreignKeyConflict(exception);
    if (vanished) return { status: 409, body: { code: 'CONFLICT', ...vanished } };
    return { status: 500, body: { code: 'INTERNAL', message: 'Something went wrong on our side; the error was logged' } };
  }
}

/**
 * A foreign key Postgres refused while a request was handled: what it refers to was deleted
 * meanwhile (a sender removed while a template was being created for it), or what it deletes
 * came to be used. A race with another request, answered as the conflict it is, naming the field.
 */
export function foreignKeyConflict(exception: unknown): { message: string; details: { field: string } } | null {
  const error = exception as { detail?: unknown; driverError?: { detail?: unknown } } | undefined;
  const code = sqlState(exception) ?? sqlState(error?.driverError);
  const detail = error?.detail ?? error?.driverError?.detail;
  if (code !== '23503' || typeof detail !== 'string') return null;
  const match = /^Key \(([a-z_]+)\)=\(.*\) is (not present in|still referenced from) table "([a-z_]+)"/.exec(detail);
  if (!match) return null;
  const [, column, relation, table] = match as unknown as [string, string, string, string];
  const field = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const thing = table.replace(/_/g, ' ').replace(/s$/, '');
  const message =
    relation === 'not present in'
      ? `${field}: the ${thing} it names was deleted while this request was handled`
      : `${field}: it is still used by a ${thing}, added while this request was handled`;
  return { message, details: { field } };
}

const UNSUPPORTED_MEDIA_TYPE = 'Send the body as JSON with content-type: application/json';

const API_PREFIXES = ['/api', '/webhooks', '/health', '/metrics', '/admin'];

function isEditorRoute(request: FastifyRequest): boolean {
  const path = (request.url ?? '').split('?')[0] ?? '';
  return request.method === 'GET' && !API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
