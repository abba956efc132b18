import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ApiError } from '../../common/api-error';
import { callerTrace } from '../../common/trace-context';
import { voicePlatform } from '../../adapters/voice/platforms';
import type { VoiceDelivery } from '../../adapters/voice/voice-platform';
import { outboundFetch } from '../../adapters/outbound/outbound-fetch';
import { OutboundPolicy } from '../../adapters/outbound/outbound-policy';
import type { EngineConfig } from '../../config/config';
import { EventIngestor } from '../../execution/event-ingestor';
import { storableCopy } from '../../persistence/json-param';
import { CONFIG } from '../../runtime/tokens';
import { ConnectionsService } from '../connections/connections.service';
import { Public } from '../workspaces/api-key.guard';
import { RateLimited } from '../workspaces/rate-limit.guard';

/** A platform's API re-fetch (Synthflow's call) must not hold the webhook past the platforms' 5–10 s. */
const REFETCH_TIMEOUT_MS = 4_000;

/**
 * `POST /webhooks/voice/:connectionId`: an AI voice platform's own post-call webhook (Vapi,
 * Retell, Bland, Synthflow, ElevenLabs, CallKaro, Autocalls). The connection says which
 * platform; its adapter verifies the delivery the platform's way (401 and nothing stored when it
 * fails) and reads it: a call becomes a `call.completed` event through the same ingestion as
 * `POST /api/events`, source `voice:<platform>`, id `<connection id>:<platform call id>:<event
 * kind>`, so the same delivery twice starts nothing new (200, `duplicate: true`); anything else
 * (`call_started`, transcript updates, audio) is answered 200 `{ ignored }`. What the platform
 * sent is kept with the event (`events.raw`, by event kind), credentials removed. Answered as
 * soon as the event is stored (200, new or duplicate): the platforms give up after 5 to 10 seconds.
 */
@ApiExcludeController()
@Controller('webhooks/voice')
export class VoiceWebhooksController {
  private readonly outbound: OutboundPolicy;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly ingestor: EventIngestor,
    private readonly dataSource: DataSource,
    @Inject(CONFIG) config: EngineConfig,
  ) {
    // The operator's policy: the platforms' APIs are public hosts (a private address is refused).
    this.outbound = new OutboundPolicy(config.OUTBOUND_ALLOW);
  }

  @Public()
  @RateLimited('webhooks')
  @Post(':connectionId')
  @HttpCode(200)
  async receive(@Param('connectionId') connectionId: string, @Req() request: FastifyRequest) {
    const connection = await this.connections.resolveAny(connectionId);
    const platform = connection ? voicePlatform(connection.provider) : undefined;
    // Unknown, another kind of connection, or a platform without an adapter: the same 404, naming nothing else.
    if (!connection || !platform) throw ApiError.notFound('Voice webhook', connectionId);

    const delivery: VoiceDelivery = {
      raw: (request as unknown as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0),
      body: request.body,
      headers: singleValues(request.headers),
      query: singleValues(request.query as Record<string, unknown>),
    };
    const verdict = await platform.verify(delivery, connection.config, Date.now(), (url, headers) => this.fetchJson(url, headers));
    if (!verdict.ok) throw new ApiError('UNAUTHORIZED', `The ${platform.title} webhook is not verified: ${verdict.reason}`);

    let event;
    try {
      event = platform.read(delivery, connection.config);
    } catch (error) {
      throw ApiError.invalid([{ field: 'body', message: `not a ${platform.title} post-call webhook: ${(error as Error).message}` }]);
    }
    if (event.kind === 'ignored') return { ignored: event.reason };

    const [workspace] = (await this.dataSource.query(`SELECT id, name FROM workspaces WHERE id = $1`, [connection.workspaceId])) as Array<{ id: string; name: string }>;
    if (!workspace) throw ApiError.notFound('Voice webhook', connectionId);
    const platformName = connection.provider.replace(/^voice\./, '');
    const source = `voice:${platformName}`;
    const data = { ...event.data, platform: { name: platformName, event: event.kind, connectionId: connection.id } };
    const result = await this.ingestor.ingest(
      workspace,
      { type: 'call.completed', source, id: `${connection.id}:${event.dedupeKey}`, occurredAt: event.data.call.endedAt ?? undefined, data },
      { trace: callerTrace(request.headers) },
    );
    // Kept for debugging next to any other kind of delivery of the same call (Retell's analysis on its call_ended event).
    await this.dataSource.query(
      `UPDATE events SET raw = COALESCE(raw, '{}'::jsonb) || jsonb_build_object($4::text, $5::jsonb) WHERE workspace_id = $1 AND source = $2 AND external_id = $3`,
      [workspace.id, source, result.eventId, event.kind, JSON.stringify(storableCopy(platform.redact(delivery.body) ?? null))],
    );
    // 200 either way: some platforms count only 200 as delivered.
    return result.duplicate ? { eventId: result.eventId, duplicate: true, runs: result.runs } : { eventId: result.eventId, runs: result.runs };
  }

  /** A GET of a platform's API (Synthflow's call re-fetch), under the outbound policy, bounded in time. */
  private async fetchJson(url: string, headers: Record<string, string>): Promise<unknown> {
    const { response } = await outboundFetch(this.outbound.operator(), new URL(url), {
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(REFETCH_TIMEOUT_MS),
      maxRedirects: 3,
      crossOrigin: 'refuse',
      service: 'the voice platform',
    });
    if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}`);
    return response.json();
  }
}

/** Headers or query values as single strings (the first of a repeated one), header names lower case. */
function singleValues(values: Record<string, unknown> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name.toLowerCase()] = first;
  }
  return out;
}
