import { Inject, Injectable } from '@nestjs/common';
import type { StepErrorInfo } from '@switchboard/shared';
import type { Logger } from 'pino';
import { metaError, type ProviderName } from '../connections/provider-errors';
import { isUnavailable } from '../../common/unavailable';
import { PgExecutionStore } from '../../persistence/pg-execution-store';
import { BullJobQueue } from '../../queue/step-queue';
import { EngineMetrics } from '../../runtime/metrics';
import { LOGGER } from '../../runtime/tokens';
import { ConnectionsService, type ResolvedConnection } from '../connections/connections.service';
import { factsOfQualityUpdate, pairPaceOf } from '../connections/sender-limit-facts';
import { SenderLimits } from '../connections/sender-limits';
import { ContactsRepository } from '../conversations/contacts.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { MessagesRepository, outcomeCorrelation } from '../messages/messages.repository';
import { TemplatesService } from '../templates/templates.service';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { parseAisensyWebhook } from './parsing/aisensy-webhook';
import type { InboundItem } from './parsing/inbound-item';
import { parseMetaWebhook } from './parsing/meta-webhook';
import { WebhookDeliveriesRepository, type StoredDelivery } from './webhook-deliveries.repository';
import { storableCopy } from '../../persistence/json-param';

/** Meta's code for "the user stopped marketing messages from this business". */
const STOPPED_MARKETING = 131050;
/** Meta's code for "too many messages to this customer" (the pair rate). */
const PAIR_RATE_HIT = 131056;

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
    private readonly store: PgExecutionStore,
    private readonly queue: BullJobQueue,
    private readonly metrics: EngineMetrics,
    private readonly limits: SenderLimits,
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
      if (recorded) this.metrics.webhookDelivery(delivery.provider, recorded.status === 'failed' ? 'parked' : 'failed');
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
      this.metrics.webhookDelivery(delivery.provider, 'parked');
      return;
    }
    let body: unknown;
    try {
      // NUL characters and lone surrogates would make every store of it fail, for ever.
      body = storableCopy(JSON.parse(delivery.body));
    } catch {
      await this.deliveries.finish(delivery.id, 'failed', 'the body is not JSON');
      this.metrics.webhookDelivery(delivery.provider, 'parked');
      return;
    }
    const items = delivery.provider === 'whatsapp.aisensy' ? parseAisensyWebhook(body) : parseMetaWebhook(body);
    const owners = new Map<string, ResolvedConnection | null>();
    for (const item of items) {
      const owner = await this.ownerOf(workspace.id, connection, item, owners);
      if (owner) await this.handle(workspace, owner, item);
      else {
        this.metrics.webhookItemsDropped.labels(connection.provider, 'phone_number_id').inc();
        this.logger.warn(
          { deliveryId: delivery.id, connectionId: connection.id, kind: item.kind, phoneNumberId: 'phoneNumberId' in item ? item.phoneNumberId : null },
          "dropped a Meta webhook item for a phone_number_id that no Meta connection of the workspace has",
        );
      }
    }
    await this.deliveries.finish(delivery.id, 'processed', null);
    this.metrics.webhookDelivery(delivery.provider, 'processed');
  }

  /**
   * The connection an item belongs to. One Meta app has one callback URL for all its numbers, so
   * a Meta connection's webhook may carry changes for another `phone_number_id`: such an item goes
   * to the workspace's Meta connection with that number, or nowhere (null) — never to this one,
   * and never to another workspace's. Items without a number (template updates) stay here.
   */
  private async ownerOf(workspaceId: string, connection: ResolvedConnection, item: InboundItem, owners: Map<string, ResolvedConnection | null>): Promise<ResolvedConnection | null> {
    const own = connection.config.phoneNumberId;
    const number = item.kind === 'message' || item.kind === 'status' ? item.phoneNumberId : null;
    if (connection.provider !== 'whatsapp.meta' || typeof own !== 'string' || !number || number === own) return connection;
    if (!owners.has(number)) {
      owners.set(number, await this.connections.metaByNumber(workspaceId, number));
    }
    return owners.get(number) ?? null;
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
        if (item.callbackData) await this.resolveOutcome(workspace, connection, item.callbackData, item.providerMessageId, item.status, error);
        const moved = await this.messages.applyStatus(connection.id, item.providerMessageId, item.status, item.timestamp, item.errors, error);
        if (item.errors.some((failure) => failure.code === STOPPED_MARKETING) && (moved?.customer_phone ?? item.recipient)) {
          await this.contacts.optOut(workspace.id, moved?.customer_phone ?? item.recipient!, `whatsapp:${STOPPED_MARKETING}`);
        }
        // Meta refused it for the pair rate after taking it: the next message to this customer waits longer.
        const customer = moved?.customer_phone ?? item.recipient;
        if (item.status === 'failed' && item.errors.some((failure) => failure.code === PAIR_RATE_HIT) && customer) {
          await this.limits.backOffPair(connection.id, customer, pairPaceOf(connection.config));
        }
        return undefined;
      }
      case 'template_status': {
        const owners = await this.templateOwners(workspace.id, connection, item.wabaId);
        const at = item.at ?? new Date().toISOString();
        const changed = await this.templates.applyStatus(owners, { templateId: item.templateId, name: item.name, language: item.language, event: item.event, reason: item.reason, at });
        if (changed === 0) this.logger.info({ connectionId: connection.id, template: item.name, language: item.language, event: item.event }, 'a template status update named no template of this sender (or was older); ignored');
        return undefined;
      }
      case 'template_quality': {
        const owners = await this.templateOwners(workspace.id, connection, item.wabaId);
        await this.templates.applyQuality(owners, { templateId: item.templateId, name: item.name, language: item.language, quality: item.quality });
        return undefined;
      }
      case 'quality_update':
        // The tier (and so the daily limit of unique customers) or the throughput changed.
        return this.limits.learn(connection.id, factsOfQualityUpdate({ event: item.event, currentLimit: item.currentLimit, maxDaily: item.maxDaily, qualityRating: null }));
      case 'error':
        this.logger.warn({ connectionId: connection.id, code: item.code, message: item.message }, 'the provider reported an error');
        return undefined;
    }
  }

  /**
   * The senders a template change is for. A template belongs to a Meta WhatsApp Business
   * Account, which every number of it shares: the change goes to each Meta connection of the
   * workspace with that WABA (none when the webhook names a WABA none of them has). Other
   * providers' changes are for the connection they came to.
   */
  private async templateOwners(workspaceId: string, connection: ResolvedConnection, wabaId: string | null): Promise<string[]> {
    const own = typeof connection.config.wabaId === 'string' && connection.config.wabaId !== '' ? connection.config.wabaId : null;
    if (connection.provider !== 'whatsapp.meta' || !(wabaId ?? own)) return [connection.id];
    return this.connections.metaIdsByWaba(workspaceId, (wabaId ?? own)!);
  }

  /**
   * A report naming a send's idempotency key completes the send if its outcome was unknown
   * (its answer timed out, or its worker died before storing it), and wakes the step waiting
   * for it: the step runs again and finds its message sent. Every later report of the message
   * (delivered, read) looks for a waiting step again, so a report that came while the step was
   * still on its way to waiting (between its claim becoming unknown and its waitpoint being
   * stored) is caught up by the next one, or by the step's own alarm at the end of its grace
   * period. Only a send of this connection, in this workspace, is touched.
   */
  private async resolveOutcome(workspace: WorkspaceRef, connection: ResolvedConnection, key: string, providerMessageId: string, status: string, error: StepErrorInfo | null): Promise<void> {
    const completed = await this.messages.resolveOutcome(workspace.id, connection.id, key, providerMessageId, status, error);
    if (completed) this.logger.info({ connectionId: connection.id, key, providerMessageId, status }, 'a status report completed a send whose outcome was unknown');
    // Resolved like a reply (`resumeWaitpoint` runs the step again), once the send's outcome is known.
    const waitpoints = await this.store.outcomeWaitpoints(workspace.id, connection.id, key, outcomeCorrelation(key));
    for (const id of waitpoints) {
      if (await this.store.resolveWaitpoint(id, 'reply')) await this.queue.enqueueResume(id);
    }
  }
}

function providerName(provider: string): ProviderName {
  return provider === 'whatsapp.heltar' ? 'heltar' : provider === 'whatsapp.aisensy' ? 'aisensy' : 'meta';
}
