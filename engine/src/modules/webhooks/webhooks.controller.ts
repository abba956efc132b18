import { randomUUID } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-error';
import { BullJobQueue } from '../../queue/step-queue';
import type { Logger } from 'pino';
import { EngineMetrics } from '../../runtime/metrics';
import { LOGGER } from '../../runtime/tokens';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { ConnectionsService, type ResolvedConnection } from '../connections/connections.service';
import { Public } from '../workspaces/api-key.guard';
import { metaHandshake, verifyAisensySignature, verifyMetaSignature, verifySharedSecret } from './parsing/verify';

/** The header Heltar is set up to send with every webhook (Heltar signs nothing; see the README). */
export const HELTAR_SECRET_HEADER = 'x-switchboard-secret';

/**
 * `GET/POST /webhooks/whatsapp/:connectionId`: the providers' own webhook formats. A POST is
 * verified (Meta's X-Hub-Signature-256 over the raw body, Heltar's static header secret,
 * AiSensy's signature), stored raw, answered 200 at once and processed from the queue.
 */
@ApiExcludeController()
@Controller('webhooks/whatsapp')
export class WebhooksController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly queue: BullJobQueue,
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: EngineMetrics,
  ) {}

  /** Meta's subscription handshake (and Heltar's, which copies it). */
  @Public()
  @Get(':connectionId')
  async verify(@Param('connectionId') connectionId: string, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const connection = await this.connection(connectionId);
    const token = (connection.config.verifyToken ?? connection.config.webhookSecret) as string | undefined;
    const handshake = token ? metaHandshake(query, token) : { ok: false as const };
    if (!handshake.ok) {
      await reply.status(403).header('content-type', 'application/json').send({ error: { code: 'FORBIDDEN', message: 'The verify token does not match' } });
      return;
    }
    await reply.status(200).header('content-type', 'text/plain').send(handshake.challenge);
  }

  @Public()
  @Post(':connectionId')
  @HttpCode(200)
  async receive(@Param('connectionId') connectionId: string, @Req() request: FastifyRequest) {
    const connection = await this.connection(connectionId);
    const raw = (request as unknown as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    if (!this.authentic(connection, request, raw)) throw new ApiError('UNAUTHORIZED', 'The webhook signature or secret is missing or wrong');
    const id = randomUUID();
    await this.deliveries.insertReceived({ id, workspaceId: connection.workspaceId, connectionId: connection.id, provider: connection.provider, body: raw.toString('utf8') });
    this.metrics.webhookDelivery(connection.provider, 'received');
    // Stored is received: should the queue not take the job now (Redis unreachable), the
    // webhook sweep queues deliveries left unprocessed, and the provider must not send it again.
    await this.queue.enqueueWebhook(id).catch((error: unknown) => this.logger.warn({ deliveryId: id, err: error }, 'webhook stored, but not queued; the sweep will queue it'));
    return { received: true };
  }

  private authentic(connection: ResolvedConnection, request: FastifyRequest, raw: Buffer): boolean {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const secret = (name: string) => connection.config[name] as string | undefined;
    switch (connection.provider) {
      case 'whatsapp.meta':
        return verifyMetaSignature(raw, header('x-hub-signature-256'), secret('appSecret') ?? '');
      case 'whatsapp.heltar': {
        const bearer = header('authorization')?.replace(/^Bearer\s+/i, '');
        return verifySharedSecret(header(HELTAR_SECRET_HEADER) ?? bearer, secret('webhookSecret') ?? '');
      }
      case 'whatsapp.aisensy':
        return verifyAisensySignature(raw, header('x-aisensy-signature'), secret('webhookSecret') ?? '');
      default:
        return false;
    }
  }

  private async connection(connectionId: string): Promise<ResolvedConnection> {
    const connection = await this.connections.resolveAny(connectionId);
    if (!connection || connection.provider === 'whatsapp.sandbox' || !connection.provider.startsWith('whatsapp.')) {
      throw ApiError.notFound('WhatsApp webhook', connectionId);
    }
    return connection;
  }
}
