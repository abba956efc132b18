import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { metaError, type ProviderName } from '../../adapters/whatsapp/provider-errors';
import { isUnavailable } from '../../common/unavailable';
import { LOGGER } from '../../runtime/tokens';
import { ConnectionsService, type ResolvedConnection } from '../connections/connections.service';
import { ContactsRepository } from '../conversations/contacts.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesRepository } from '../messages/messages.repository';
import { TemplatesService } from '../templates/templates.service';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { parseAisensyWebhook } from './parsing/aisensy-webhook';
import type { InboundItem } from './parsing/inbound-item';
import { parseMetaWebhook } from './parsing/meta-webhook';
import { WebhookDeliveriesRepository, type StoredDelivery } from './webhook-deliveries.repository';
import { storableCopy } from '../../persistence/json-param';

/** Meta's code for "the user stopped marketing messages from this business". */
const STOPPED_MARKETING = 131050;

/**
 * Processes what providers tell us, from the queue: every message, status, template update and
 * error of a (batched) webhook delivery. Each item is idempotent — messages by the provider's
 * id, statuses by id and status — so a redelivered webhook or a retried job changes nothing.
 */
@Injectable()
export class InboundProcessor {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly connections: ConnectionsService,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly templates: TemplatesService,
  ) {}

  /**
   * Processes a stored delivery (the webhook job). A failure that is not Postgres or Redis
   * being unreachable counts as a try and is thrown so the job is retried; at the last try the
   * delivery is parked as `failed` with its error (listed by `GET /api/webhook-deliveries`,
   * retried by hand), instead of being queued again by every sweep for ever.
   */
  async processDelivery(deliveryId: string): Promise<void> {
    const delivery = await this.deliveries.load(deliveryId);
    if (!delivery || delivery.status !== 'received') return;
    try {
      await this.process(delivery);
    } catch (error) {
      if (isUnavailable(error)) throw error;
      const recorded = await this.deliveries.recordFailure(deliveryId, error instanceof Error ? error.message : String(error));
      if (recorded?.status === 'failed') {
        this.logger.error({ deliveryId, attempts: recorded.attempts, err: error }, 'webhook delivery failed for good; parked as failed');
        return;
      }
      throw error;
    }
  }

  private async process(delivery: StoredDelivery): Promise<void> {
    const workspace = { id: delivery.workspaceId, name: delivery.workspaceName };
    const connection = await this.connections.resolve(workspace.id, delivery.connectionId);
    if (!connection) {
      await this.deliveries.finish(delivery.id, 'failed', 'the connection was deleted');
      return;
    }
    let body: unknown;
    try {
      // NUL characters and lone surrogates would make every store of it fail, for ever.
      body = storableCopy(JSON.parse(delivery.body));
    } catch {
      await this.deliveries.finish(delivery.id, 'failed', 'the body is not JSON');
      return;
    }
    const items = delivery.provider === 'whatsapp.aisensy' ? parseAisensyWebhook(body) : parseMetaWebhook(body);
    for (const item of items) await this.handle(workspace, connection, item);
    await this.deliveries.finish(delivery.id, 'processed', null);
  }

  /** Handles one item (the sandbox's inbound route calls this directly). */
  async handle(workspace: WorkspaceRef, connection: ResolvedConnection, item: InboundItem) {
    switch (item.kind) {
      case 'message':
        return this.conversations.receive(workspace, connection, item);
      case 'status': {
        const failure = item.errors[0];
        const error =
          item.status === 'failed' && failure?.code != null
            ? metaError(failure.code, failure.message ?? failure.title, { provider: providerName(connection.provider), httpStatus: null }).toJSON()
            : null;
        const moved = await this.messages.applyStatus(connection.id, item.providerMessageId, item.status, item.timestamp, item.errors, error);
        if (item.errors.some((failure) => failure.code === STOPPED_MARKETING) && (moved?.customer_phone ?? item.recipient)) {
          await this.contacts.optOut(workspace.id, moved?.customer_phone ?? item.recipient!, `whatsapp:${STOPPED_MARKETING}`);
        }
        return undefined;
      }
      case 'template_status':
        return this.templates.applyStatus(connection.id, item.name, item.language, item.event);
      case 'error':
        this.logger.warn({ connectionId: connection.id, code: item.code, message: item.message }, 'the provider reported an error');
        return undefined;
    }
  }
}

function providerName(provider: string): ProviderName {
  return provider === 'whatsapp.heltar' ? 'heltar' : provider === 'whatsapp.aisensy' ? 'aisensy' : 'meta';
}
