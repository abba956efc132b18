import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { metaError, type ProviderName } from '../../adapters/whatsapp/provider-errors';
import { LOGGER, PG_POOL } from '../../runtime/tokens';
import { ConnectionsService, type ResolvedConnection } from '../connections/connections.service';
import { ContactsRepository } from '../conversations/contacts.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesRepository } from '../messages/messages.repository';
import { TemplatesService } from '../templates/templates.service';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { storableJson } from '../../common/json-input';
import { parseAisensyWebhook } from './parsing/aisensy-webhook';
import type { InboundItem } from './parsing/inbound-item';
import { parseMetaWebhook } from './parsing/meta-webhook';

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
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly connections: ConnectionsService,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly templates: TemplatesService,
  ) {}

  /** Processes a stored delivery (the webhook job). */
  async processDelivery(deliveryId: string): Promise<void> {
    const { rows } = await this.pool.query(
      `SELECT d.id, d.workspace_id, d.connection_id, d.provider, d.body, d.status, w.name AS workspace_name
         FROM webhook_deliveries d JOIN workspaces w ON w.id = d.workspace_id WHERE d.id = $1`,
      [deliveryId],
    );
    const delivery = rows[0];
    if (!delivery || delivery.status === 'processed') return;
    const workspace = { id: delivery.workspace_id as string, name: delivery.workspace_name as string };
    const connection = await this.connections.resolve(workspace.id, delivery.connection_id);
    if (!connection) {
      await this.finish(deliveryId, 'failed', 'the connection was deleted');
      return;
    }
    let body: unknown;
    try {
      // NUL characters and lone surrogates would make every store of it fail, for ever.
      body = storableJson(JSON.parse(delivery.body as string));
    } catch {
      await this.finish(deliveryId, 'failed', 'the body is not JSON');
      return;
    }
    const items = delivery.provider === 'whatsapp.aisensy' ? parseAisensyWebhook(body) : parseMetaWebhook(body);
    for (const item of items) await this.handle(workspace, connection, item);
    await this.finish(deliveryId, 'processed', null);
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

  private async finish(deliveryId: string, status: 'processed' | 'failed', error: string | null): Promise<void> {
    await this.pool.query(`UPDATE webhook_deliveries SET status = $2, error = $3, processed_at = now() WHERE id = $1`, [deliveryId, status, error]);
  }
}

function providerName(provider: string): ProviderName {
  return provider === 'whatsapp.heltar' ? 'heltar' : provider === 'whatsapp.aisensy' ? 'aisensy' : 'meta';
}
