import type { IncomingMessage } from 'node:http';
import { Controller, Inject, Param, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { DEFAULT_RESPONSE_TIMEOUT_MS, WEBHOOK_TOKEN } from '@switchboard/nodes';
import { SECRET_SET_MARKER } from '@switchboard/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import { callerTrace } from '../../common/trace-context';
import { EventIngestor } from '../../execution/event-ingestor';
import { FlowRegistry } from '../../execution/flow-registry';
import { CallerChannel, type CallerWait } from '../../runtime/caller-channel';
import type { EngineConfig } from '../../config/config';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, REDIS } from '../../runtime/tokens';
import { sendAnswer } from '../functions/functions.controller';
import type { TriggerHolder } from '../flows/trigger-claims';
import { WebhookRoutes } from '../flows/webhook-routes';
import { TriggerSecrets } from '../flows/trigger-secrets';
import { Public } from '../workspaces/api-key.guard';
import { judgeSignature, type SignatureRule } from './inbound-signature';
import { RateLimited } from '../workspaces/rate-limit.guard';

/** The largest body `/webhooks/in/:path` takes; forms and CRM callbacks are far smaller. */
export const INBOUND_BODY_LIMIT = 256 * 1024;

/** Route config marking the inbound route, the only one that takes bodies other than JSON. */
const INBOUND_ROUTE = 'switchboard:inboundWebhook';

/** Credentials a caller may send that must not reach the run (and so every step's rendered input). */
const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-signature-256', 'x-signature-timestamp', 'x-api-key']);

type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * `POST /webhooks/in/<token>/<path>` and `POST /webhooks/in/<path>`: starts the published flows
 * whose `webhook.received` trigger listens on the path (which may hold slashes). The URL carries
 * no API key: the workspace is the one whose webhook token leads the URL, or, without a token,
 * the one that first published the path (`webhook_legacy_paths`, held for good). A trigger with
 * a `secret` requires `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, or of
 * `<timestamp>.<raw body>` with `X-Signature-Timestamp` (within five minutes, once). The caller's `Idempotency-Key` is the event id, so a redelivery starts
 * nothing twice. Answers like `POST /api/events` — unless the flow has a Respond step: then the
 * caller waits for it (up to the trigger's `responseTimeoutMs`) and gets its status and body,
 * or, when the run ends without answering or the time passes, the usual 202.
 */
@ApiExcludeController()
@Controller('webhooks/in')
export class InboundWebhooksController implements OnModuleInit {
  constructor(
    private readonly ingestor: EventIngestor,
    private readonly adapterHost: HttpAdapterHost,
    private readonly routes: WebhookRoutes,
    private readonly registry: FlowRegistry,
    private readonly callers: CallerChannel,
    private readonly secrets: TriggerSecrets,
    @Inject(REDIS) private readonly redis: RedisConnection,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /** Routes are registered but the server is not ready yet: parsers may still be added. */
  onModuleInit(): void {
    acceptInboundBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Public()
  @RateLimited('webhooks')
  @Post('*')
  @RouteConfig({ [INBOUND_ROUTE]: true })
  async receive(@Param('*') target: string, @Req() request: RawBodyRequest, @Res() reply: FastifyReply): Promise<void> {
    const startedAt = Date.now();
    // JSON bodies come through the engine-wide parser and its larger limit.
    const raw = request.rawBody ?? Buffer.alloc(0);
    if (raw.length > INBOUND_BODY_LIMIT) throw tooLarge();
    const { token, path } = splitTarget(target);
    const flows = path && path.length <= 100 ? await this.routes.flowsOn(token, path) : [];
    if (flows.length === 0) throw new ApiError('NOT_FOUND', `No published flow listens on /webhooks/in/${token ? '<token>/' : ''}${path}`);
    // One workspace by construction: the token's, or the path's legacy holder.
    const workspace = flows[0]!;
    const remembered = await this.verify(workspace.workspaceId, flows, raw, request);
    const id = header(request, 'idempotency-key')?.trim();
    if (id !== undefined && (id === '' || id.length > 200)) throw ApiError.invalid([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);

    const receivedAt = new Date().toISOString();
    const data = { path, body: request.body === undefined ? {} : request.body, query: { ...(request.query as object) }, headers: forwardedHeaders(request), receivedAt };
    // A flow with a Respond step answers its caller: wait for it (registered before the run is stored).
    const answering = (await this.registry.publishedFor(workspace.workspaceId, 'webhook.received')).find(
      (flow) => flow.callerWaits && flows.some((candidate) => candidate.flowId === flow.version.flowId),
    );
    let wait: CallerWait | undefined;
    const beforeStore = (runs: ReadonlyArray<{ runId: string; flowId: string }>) => {
      const run = runs.find((candidate) => candidate.flowId === answering?.version.flowId);
      if (run) wait = this.callers.expect(run.runId);
    };
    let result;
    try {
      result = await this.ingestor.ingest({ id: workspace.workspaceId, name: workspace.workspaceName }, { type: 'webhook.received', source: `webhook:${path}`, id, occurredAt: receivedAt, data }, { beforeStore, trace: callerTrace(request.headers) });
    } catch (error) {
      wait?.cancel();
      // Not taken in (Postgres unavailable…): the sender may send the same signed request again.
      if (remembered) await this.redis.del(remembered).catch(() => undefined);
      throw error;
    }
    // A duplicate's runs are the first delivery's: the wait registered for a new run is moot.
    if (result.duplicate) wait?.cancel();
    const accepted = result.duplicate ? result : { eventId: result.eventId, runs: result.runs };
    const run = answering && result.runs.find((candidate) => candidate.flowId === answering.version.flowId);
    if (!answering || !run) return void reply.status(result.duplicate ? 200 : 202).send(accepted);

    const timeoutMs = (answering.triggerConfig as { responseTimeoutMs?: number }).responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    if (result.duplicate) {
      // A redelivery: the answer the first delivery's run gave — waited for like the first caller
      // when it is not stored yet (the first caller may have been answered before the step's
      // output was written) — else the usual duplicate answer.
      const late = this.callers.expect(run.runId);
      let stored = await this.callers.stored(run.runId, answering.answeringNodes);
      if (stored) late.cancel();
      else stored = await this.callers.settle(late, run.runId, answering.answeringNodes, timeoutMs - (Date.now() - startedAt));
      if (stored.kind === 'finished') stored = (await this.callers.stored(run.runId, answering.answeringNodes)) ?? stored;
      if (stored.kind === 'answer') return sendAnswer(reply, { status: stored.status, body: stored.body, runId: run.runId });
      return void reply.status(200).send(accepted);
    }
    const outcome = await this.callers.settle(wait!, run.runId, answering.answeringNodes, timeoutMs - (Date.now() - startedAt));
    if (outcome.kind === 'answer') return sendAnswer(reply, { status: outcome.status, body: outcome.body, runId: run.runId });
    void reply.status(202).header('x-run-id', run.runId).send(accepted);
  }

  /**
   * Refuses (401) a request that does not carry what every listening trigger with a secret
   * asks for; an accepted timestamped signature is remembered in Redis until its timestamp
   * leaves the window, so the same request sent again is refused.
   */
  /** Answers the Redis key remembering an accepted timestamped signature, if any. */
  private async verify(workspaceId: string, flows: TriggerHolder[], raw: Buffer, request: FastifyRequest): Promise<string | null> {
    const rules: SignatureRule[] = flows.map(({ config }) => ({
      // The marker of a secret that was never entered again (publishing refuses it) takes no signature at all.
      secret: typeof config.secret === 'string' ? (config.secret === SECRET_SET_MARKER ? '' : this.secrets.openValue(config.secret)) : null,
      requireTimestamp: config.requireTimestamp === true,
    }));
    const verdict = judgeSignature(rules, raw, header(request, 'x-signature-256'), header(request, 'x-signature-timestamp'), Math.floor(Date.now() / 1000));
    if (!verdict.ok) throw new ApiError('UNAUTHORIZED', verdict.message);
    if (!verdict.replay) return null;
    const key = `${this.config.QUEUE_PREFIX}:webhook-signature:${createHash('sha256').update(`${workspaceId}:${verdict.replay.signature}`).digest('hex')}`;
    const first = await this.redis.set(key, '1', 'EX', verdict.replay.ttlSeconds, 'NX');
    if (first !== 'OK') throw new ApiError('UNAUTHORIZED', 'This signed request was received before; sign each delivery with a fresh X-Signature-Timestamp');
    return key;
  }
}

/** `wh_<token>/<path>` → the token and the path; anything else is a token-less path (paths cannot start with `wh_`). */
function splitTarget(target: string): { token: string | null; path: string } {
  const slash = target.indexOf('/');
  const first = slash === -1 ? target : target.slice(0, slash);
  return WEBHOOK_TOKEN.test(first) ? { token: first, path: slash === -1 ? '' : target.slice(slash + 1) } : { token: null, path: target };
}

/**
 * Adds Fastify parsers for form posts (into an object) and any other content type (kept as
 * text), keeping the raw bytes for signatures. The engine is otherwise JSON only, so on every
 * other route they answer 415 as before, without reading the body.
 */
export function acceptInboundBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', inboundParser((raw) => formFields(raw.toString('utf8'))));
  fastify.addContentTypeParser('*', inboundParser((raw) => raw.toString('utf8')));
}

function inboundParser(parse: (raw: Buffer) => unknown) {
  return async (request: FastifyRequest, payload: IncomingMessage): Promise<unknown> => {
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (!config?.[INBOUND_ROUTE]) throw Object.assign(new Error('Unsupported media type'), { statusCode: 415 });
    const raw = await readBody(payload, INBOUND_BODY_LIMIT);
    (request as RawBodyRequest).rawBody = raw;
    return raw.length === 0 ? undefined : parse(raw);
  };
}

/** The body, refused with 413 as soon as it passes `limit` (by its declared length, or while reading). */
async function readBody(payload: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(payload.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `a=1&b=2&b=3` → `{ a: '1', b: ['2', '3'] }`; bracketed names stay flat (`user[name]`). */
function formFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields[name];
    fields[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return fields;
}

/** The request's headers for the run: names lower-case, credentials and anything naming a secret or token left out. */
function forwardedHeaders(request: FastifyRequest): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || DROPPED_HEADERS.has(lower) || lower.includes('secret') || lower.includes('token')) continue;
    headers[lower] = value;
  }
  return headers;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function tooLarge(): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', `The body is larger than ${INBOUND_BODY_LIMIT / 1024} KiB`);
}
