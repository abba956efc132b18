import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, API_ERROR_STATUS } from '../../common/api-error';
import type { EngineConfig } from '../../config/config';
import type { StepQueueShard } from '../../queue/step-queue';
import { EngineMetrics } from '../../runtime/metrics';
import { RateBuckets } from '../../runtime/rate-buckets';
import { authFailure } from '../workspaces/rate-limit.guard';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { AdminSessions, SESSION_COOKIE } from './admin-sessions';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Mounts bull-board, read-only, at `/admin/queues` for the engine's operator (see
 * `AdminSessions`): a request gets in with `Authorization: Bearer <operator's API key>` or the
 * board's cookie, which `GET /admin/queues/login?ticket=…` sets from a one-time link
 * (`POST /api/admin/queues/link`). Only GET and HEAD reach the board: retrying, cleaning or
 * emptying jobs by hand would go around the sweep, which rebuilds jobs from Postgres.
 */
export function mountQueueBoard(app: NestFastifyApplication, config: EngineConfig, shards: StepQueueShard[]): void {
  const sessions = app.get(AdminSessions);
  const workspaces = app.get(WorkspacesService);
  const buckets = app.get(RateBuckets);
  const metrics = app.get(EngineMetrics);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const secure = config.PUBLIC_URL.startsWith('https:');

  fastify.get(`${QUEUE_BOARD_PATH}/login`, async (request, reply) => {
    const ticket = (request.query as Record<string, unknown>).ticket;
    const session = typeof ticket === 'string' && ticket.length < 1000 ? await sessions.redeem(ticket) : null;
    if (!session) return refuse(reply, new ApiError('UNAUTHORIZED', 'This sign-in link is not valid, has expired or was used already; ask POST /api/admin/queues/link for a new one'));
    const cookie = [`${SESSION_COOKIE}=${session.cookie}`, `Path=${QUEUE_BOARD_PATH}`, `Max-Age=${session.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
    return reply.header('set-cookie', cookie.join('; ')).header('cache-control', 'no-store').redirect(`${QUEUE_BOARD_PATH}/`, 303);
  });

  const board = new FastifyAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    // Each shard's queue is named `steps`; several are told apart by their number (`3of6 steps`).
    queues: shards.map((shard) => new BullMQAdapter(shard.queue, { readOnlyMode: true, prefix: shards.length > 1 ? `${shard.index}of${shards.length} ` : '' })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Switchboard queues', hideDocsLink: true } },
  });

  // Not awaited: awaiting would load every plugin and route queued so far now, before Nest sets
  // its error handler at init, and they would keep Fastify's default one.
  void fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(reply, new ApiError('FORBIDDEN', 'The queue board is read-only'));
      const problem = await allowed(request);
      if (problem) return refuse(reply, problem);
    });
    // bull-board answers its refusals in its own shape; the API answers every refusal in the envelope.
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode < 400 || inEnvelope(payload)) return payload;
      const status = reply.statusCode;
      const code = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status < 500 ? 'INVALID_INPUT' : 'INTERNAL';
      void reply.header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({ error: { code, message: `The queue board answered ${status}: ${boardMessage(payload) ?? 'no reason given'}` } });
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });

  /** Null when the request is the operator's; else the error to answer with. */
  async function allowed(request: FastifyRequest): Promise<ApiError | null> {
    const header = request.headers.authorization;
    if (typeof header === 'string') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const key = match ? await workspaces.identify(match[1]!) : null;
      if (!key) return authFailure(buckets, config, request.ip, new ApiError('UNAUTHORIZED', 'The API key is not valid'), metrics);
      // The board can retry and remove jobs: an admin key's, as POST /api/admin/queues/link is.
      if (!key.scopes.includes('admin')) return new ApiError('FORBIDDEN', 'The queue board needs an admin key');
      return (await sessions.isOperator(key.workspace)) ? null : operatorOnly();
    }
    const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
    const workspaceId = cookie ? sessions.sessionWorkspace(cookie) : null;
    if (workspaceId) return (await sessions.isOperator({ id: workspaceId, name: '' })) ? null : operatorOnly();
    return new ApiError(
      'UNAUTHORIZED',
      'The queue board needs "Authorization: Bearer <api key>" of the engine\'s first workspace, or a sign-in link from POST /api/admin/queues/link (opened in the browser)',
    );
  }
}

function operatorOnly(): ApiError {
  return new ApiError('FORBIDDEN', "The queue board shows every workspace's jobs; only an API key of the engine's first workspace may open it");
}

/** Answers in the API's error envelope (the board's routes are Fastify's, not Nest's: the exception filter does not see them). */
function refuse(reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterSeconds) void reply.header('retry-after', String(error.retryAfterSeconds));
  return reply
    .status(API_ERROR_STATUS[error.code])
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify({ error: { code: error.code, message: error.message } }));
}

function inEnvelope(payload: unknown): boolean {
  if (typeof payload !== 'string') return false;
  try {
    const error = (JSON.parse(payload) as { error?: { code?: unknown } }).error;
    return typeof error?.code === 'string';
  } catch {
    return false;
  }
}

/** What bull-board said (`{ error }` or `{ message }`), shortened. */
function boardMessage(payload: unknown): string | undefined {
  if (typeof payload !== 'string') return undefined;
  try {
    const body = JSON.parse(payload) as { error?: unknown; message?: unknown };
    const said = [body.error, body.message].filter((part): part is string => typeof part === 'string').join(': ');
    return said ? said.slice(0, 300) : undefined;
  } catch {
    return payload.slice(0, 300) || undefined;
  }
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}
