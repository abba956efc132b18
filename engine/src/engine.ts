import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { catalog, type NodeCatalog } from '@switchboard/nodes';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { ApiError } from './common/api-error';
import { jsonInputProblem } from './common/json-input';
import { endpointsOf } from './common/unavailable';
import type { EngineConfig } from './config/config';
import { migrate } from './database/data-source';
import { completeApiDocument } from './common/api-body';
import { projectRoot } from './infra/data-dir';
import { mountQueueBoard } from './modules/admin/queue-board';
import { AccountsService } from './modules/accounts/accounts.service';
import { WorkspacesService } from './modules/workspaces/workspaces.service';
import { BullJobQueue } from './queue/step-queue';
import { PinoNestLogger } from './runtime/pino-nest-logger';

export interface RunningEngine {
  app: NestFastifyApplication;
  /** The API's base URL (api and all roles). */
  url: string | null;
  /** A worker's `/metrics` and `/health` (worker role with METRICS_PORT). */
  metricsUrl: string | null;
  /** While the first workspace has no owner: the one-time link that makes its owner, to print. */
  setupUrl: string | null;
  close(): Promise<void>;
}

/**
 * Starts an engine on a Postgres and a Redis that are running: applies migrations, creates
 * the default workspace on first start, then serves HTTP (api, all) and/or consumes the step
 * queue (worker, all). `DATABASE_URL`, `REDIS_URL` (or `REDIS_CLUSTER_NODES`) and `ENCRYPTION_KEY` must be set.
 * `options.catalog` replaces the node catalog (tests add fixture nodes).
 */
export async function startEngine(config: EngineConfig, logger: Logger, options: { catalog?: NodeCatalog } = {}): Promise<RunningEngine> {
  await migrate(config.DATABASE_URL!, config.PG_CONNECT_TIMEOUT_MS);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: true,
    // A slow or stalled client cannot hold a connection for ever: the whole request within 30 s,
    // no socket silent for 2 minutes (longer than any in-call function may take to answer).
    requestTimeout: 30_000,
    connectionTimeout: 120_000,
    keepAliveTimeout: 65_000,
    frameworkErrors: routerRefusal,
    clientErrorHandler: clientRefusal,
  });
  acceptJson(adapter);
  acceptParameters(adapter);
  securityHeaders(adapter);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger, options.catalog ?? catalog), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  const editor = config.role === 'worker' ? null : editorDist();
  // Unknown GET paths outside the API get the editor's index.html (its client-side routes).
  app.useGlobalFilters(
    new ApiExceptionFilter(logger, editor ? readFileSync(join(editor, 'index.html'), 'utf8') : null, endpointsOf({ postgres: config.DATABASE_URL, redis: config.REDIS_URL })),
  );

  await app.get(WorkspacesService).bootstrap(config.BOOTSTRAP_API_KEY);

  let url: string | null = null;
  if (config.role !== 'worker') {
    const document = completeApiDocument(SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Switchboard API')
        .setDescription('Workflow automation for AI voice and chat agents. Every /api route takes `Authorization: Bearer <api key>`.')
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    ));
    SwaggerModule.setup('api/docs', app, document);
    mountQueueBoard(app, config, app.get(BullJobQueue).shards);
    if (editor) app.useStaticAssets({ root: editor, prefix: '/', index: ['index.html'] });
    await app.listen({ port: config.PORT, host: config.HOST });
    url = listeningUrl(app, config.PORT);
  } else if (config.METRICS_PORT !== undefined) {
    // A worker's modules have no API controllers: what it serves is /health and /metrics.
    await app.listen({ port: config.METRICS_PORT, host: config.HOST });
  } else {
    await app.init();
  }
  const metricsUrl = url ?? (config.METRICS_PORT !== undefined ? listeningUrl(app, config.METRICS_PORT) : null);
  const setupUrl = config.role === 'worker' ? null : await app.get(AccountsService).setupUrl();
  return { app, url, metricsUrl, setupUrl, close: () => closeWithin(app, config.SHUTDOWN_GRACE_MS, logger) };
}

/** Where the application listens (the port the system chose when `port` is 0). */
function listeningUrl(app: NestFastifyApplication, port: number): string {
  const address = app.getHttpServer().address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
}

/**
 * Closes the application in Nest's order: the worker drains first (its
 * `beforeApplicationShutdown`: no new job, the steps in flight finish within the grace
 * period), then the HTTP server stops accepting and finishes the requests in flight, then the
 * connections close. A request that would keep the server open for ever (an alert stream, a
 * caller waiting on a run) is cut once the grace period is over.
 */
async function closeWithin(app: NestFastifyApplication, graceMs: number, logger: Logger): Promise<void> {
  const server = app.getHttpServer() as Server;
  const cut = setTimeout(() => {
    logger.warn({ graceMs }, 'requests still open when the shutdown grace period ended are cut');
    server.closeAllConnections();
  }, graceMs);
  cut.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}

/** Routes that take events from other systems: text Postgres cannot hold is made storable, not refused. */
const INGEST_PATHS = ['/api/events', '/webhooks/'];

/**
 * JSON bodies keep their raw bytes (`request.rawBody`, for webhook signatures) and an empty
 * body counts as none, so `POST /api/flows/:id/publish` with a JSON content type and no body works.
 */
function acceptJson(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  // JSON only: any other content type is answered 415 (the webhooks that need another add it).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as unknown as { rawBody: Buffer }).rawBody = body;
    if (body.length === 0) return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return done(Object.assign(new Error('the body is not valid JSON'), { statusCode: 400 }), undefined);
    }
    // A provider's webhook is stored as it came (its raw bytes) and made storable when it is
    // processed. What a user sends is refused, naming the field, when it is hostile or when
    // Postgres could not store it — but an event's data (a transcript with a stray NUL) is
    // stored as Postgres can hold it rather than lose the call.
    if (request.url.startsWith('/webhooks/whatsapp/')) return done(null, parsed);
    const problem = jsonInputProblem(parsed, { checkText: !INGEST_PATHS.some((prefix) => request.url.startsWith(prefix)) });
    if (problem) return done(ApiError.invalid([problem]), undefined);
    done(null, parsed);
  });
}

/** The longest path parameter the router takes (Fastify's default); ids, names and phone numbers are far shorter. */
const MAX_PARAM_LENGTH = 100;

/**
 * The router's own refusals — a percent-escape that is malformed or not UTF-8 (`/api/flows/%`,
 * `%ED%A0%80`), a path parameter past its length — in the error envelope like every other 400.
 */
function routerRefusal(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`
      : 'the path has a malformed percent-escape or one that is not UTF-8';
  void reply
    .status(400)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ error: { code: 'INVALID_INPUT', message: `Invalid request: ${message}`, details: [{ field: 'path', message }] } }));
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request — headers or a request line past
 * Node's size limit (431), a client too slow to send its request (408), bytes that are not HTTP
 * (400) — answered in the error envelope too, then the connection is closed.
 */
function clientRefusal(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'the request line and headers are longer than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'REQUEST_TIMEOUT', 'the request was not sent completely in time']
        : [400, 'Bad Request', 'INVALID_INPUT', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message: `Invalid request: ${message}` } });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * Path parameters and query strings reach queries as text: one Postgres cannot hold (a NUL, a
 * lone surrogate) or a key that names the prototype is refused with 400 naming it, on every
 * route, before any handler looks it up.
 */
function acceptParameters(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('preValidation', async (request, reply) => {
    for (const [part, values] of [['path', request.params], ['query', request.query]] as const) {
      const problem = jsonInputProblem(values);
      if (!problem) continue;
      // `path.id`, `query.limit`; the wildcard of `/webhooks/in/*` is the path itself.
      const error = ApiError.invalid([{ field: problem.field === '*' ? 'path' : `${part}.${problem.field}`, message: problem.message }]);
      // Answered here, not thrown: routes Nest does not serve (Swagger UI's files, the queue
      // board) have Fastify's or their own error handler, which would answer 500.
      return reply
        .status(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }));
    }
  });
}

/**
 * Every answer says `nosniff`; the editor's pages may not be framed by another site and load
 * scripts only from this origin (e-mail previews render in a sandboxed frame).
 */
function securityHeaders(adapter: FastifyAdapter): void {
  adapter.getInstance().addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !request.url.startsWith('/api/docs')) {
      void reply.header('content-security-policy', EDITOR_CSP).header('x-frame-options', 'DENY').header('referrer-policy', 'same-origin');
    }
    return payload;
  });
}

const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob: data: about:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The built editor's folder, when `pnpm build` has built it. */
function editorDist(): string | null {
  const root = join(projectRoot(), 'editor', 'dist');
  return existsSync(join(root, 'index.html')) ? root : null;
}
