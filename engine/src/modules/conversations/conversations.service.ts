import { randomUUID } from 'node:crypto';
import { replyCorrelation } from '@switchboard/nodes';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ConversationDetail, ConversationView } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import { EventIngestor } from '../../execution/event-ingestor';
import { FlowRegistry } from '../../execution/flow-registry';
import type { StoredWaitpoint } from '../../execution/types';
import { withTransaction } from '../../persistence/checked-out';
import { PgExecutionStore } from '../../persistence/pg-execution-store';
import { BullJobQueue } from '../../queue/step-queue';
import { LOGGER, PG_POOL } from '../../runtime/tokens';
import type { ResolvedConnection } from '../connections/connections.service';
import { MessagesRepository } from '../messages/messages.repository';
import type { InboundItem } from '../webhooks/parsing/inbound-item';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ContactsRepository } from './contacts.repository';
import { optOutIntent } from './opt-out';

type InboundMessageItem = Extract<InboundItem, { kind: 'message' }>;

const DEFAULT_INACTIVITY_MINUTES = 30;
const WINDOW_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReceivedMessage {
  messageId: string;
  conversationId: string;
  /** The provider had delivered this message before (a redelivered webhook). */
  duplicate: boolean;
  runs: Array<{ runId: string; flowId: string }>;
}

/**
 * Conversations: one per sender and customer while it is open. A customer's message opens one
 * (`conversation.started`) or continues it, refreshes the 24-hour window, pushes the
 * inactivity timer back, records STOP and START, and emits `whatsapp.message_received`. When
 * the timer fires, or someone closes it, the conversation ends (`conversation.ended`, with
 * the transcript). The timer is a waitpoint with a BullMQ alarm, like every wait.
 */
@Injectable()
export class ConversationsService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly messages: MessagesRepository,
    private readonly contacts: ContactsRepository,
    private readonly ingestor: EventIngestor,
    private readonly flows: FlowRegistry,
    private readonly store: PgExecutionStore,
    private readonly queue: BullJobQueue,
  ) {}

  /** Handles a customer's message (idempotent: a redelivery stores nothing new and starts nothing twice). */
  async receive(workspace: WorkspaceRef, connection: ResolvedConnection, item: InboundMessageItem): Promise<ReceivedMessage> {
    const inactivityMinutes = await this.inactivityMinutes(workspace.id, connection.id);
    const { conversation, message } = await withTransaction(
      this.pool,
      (error) => this.logger.warn({ err: error }, 'the connection of an inbound message transaction failed'),
      async (client) => {
        const conversationId = await this.openConversation(client, workspace.id, connection.id, item, inactivityMinutes);
        const message = await this.messages.insertInbound(
          {
            workspaceId: workspace.id,
            connectionId: connection.id,
            conversationId,
            customerPhone: item.from,
            customerName: item.name,
            body: item.text,
            providerMessageId: item.providerMessageId,
            receivedAt: item.timestamp,
            mediaId: item.media?.id ?? null,
            mediaMimeType: item.media?.mimeType ?? null,
          },
          client,
        );
        const { rows } = await client.query<{ id: string; first_message_id: string | null; last_inbound_at: Date; inactivity_minutes: number }>(
          `UPDATE conversations SET
             first_message_id = COALESCE(first_message_id, $2),
             customer_name = COALESCE($3, customer_name),
             last_message_at = GREATEST(last_message_at, $4::timestamptz),
             last_inbound_at = GREATEST(COALESCE(last_inbound_at, $4::timestamptz), $4::timestamptz),
             inactivity_minutes = $5
           WHERE id = $1
           RETURNING id, first_message_id, last_inbound_at, inactivity_minutes`,
          [conversationId, message.id, item.name, item.timestamp, inactivityMinutes],
        );
        const updated = rows[0]!;
        // The inactivity timer, a waitpoint the execution store owns, moves in the same transaction.
        const timer = await this.store.setConversationTimer(updated.id, new Date(updated.last_inbound_at.getTime() + updated.inactivity_minutes * 60_000), client);
        return { conversation: { id: updated.id, first_message_id: updated.first_message_id, waitpoint_id: timer.id, wake_at: timer.wakeAt }, message };
      },
    );
    // A later alarm for the moved timer; the earlier one finds it not yet due and does nothing.
    await this.queue.armAlarm(conversation.waitpoint_id, new Date(conversation.wake_at), 'conversation');

    const intent = optOutIntent(item.text);
    if (intent === 'stop') await this.contacts.optOut(workspace.id, item.from, `keyword:${item.text.trim().slice(0, 40)}`);
    if (intent === 'start') await this.contacts.optIn(workspace.id, item.from);
    await this.contacts.remember(workspace.id, item.from, item.name);

    // Events are idempotent by id, so a redelivered message re-emits them harmlessly (a crash
    // between storing the message and emitting them loses nothing).
    const data = {
      connectionId: connection.id,
      conversationId: conversation.id,
      from: item.from,
      name: item.name,
      text: item.text,
      type: item.type,
      messageId: message.id,
      timestamp: item.timestamp,
      // Only for a tapped button or picked row, so text-only flows see the data they always did.
      ...(item.reply ? { reply: item.reply } : {}),
      // Likewise only for their message types (CONTRACT "Event data"): `{{trigger.media.id}}` is sendable on this sender.
      ...(item.media ? { media: item.media } : {}),
      ...(item.location ? { location: item.location } : {}),
      ...(item.reaction ? { reaction: item.reaction } : {}),
      ...(item.contacts ? { contacts: item.contacts } : {}),
    };
    // A run waiting for this customer's reply takes the message; the triggers do not see it.
    const resumed = await this.resumeWaitingRuns(workspace.id, connection.id, item.from, message, data);
    if (resumed.length > 0) return { messageId: message.id, conversationId: conversation.id, duplicate: !message.created, runs: resumed };

    const runs: Array<{ runId: string; flowId: string }> = [];
    if (conversation.first_message_id === message.id) {
      const started = await this.ingestor.ingest(workspace, {
        type: 'conversation.started',
        source: 'whatsapp',
        id: `${item.providerMessageId}:conversation.started`,
        occurredAt: item.timestamp,
        data: { ...data, firstMessage: item.text },
      });
      runs.push(...started.runs);
    }
    const received = await this.ingestor.ingest(workspace, { type: 'whatsapp.message_received', source: 'whatsapp', id: item.providerMessageId, occurredAt: item.timestamp, data });
    runs.push(...received.runs);
    return { messageId: message.id, conversationId: conversation.id, duplicate: !message.created, runs };
  }

  /**
   * Resolves every `flow.wait_for_reply` waiting for this customer on this sender with the
   * message (a conditional update: a timeout that fired first wins instead) and queues their
   * steps. A redelivered message finds the waits it resolved the first time and queues them
   * again (the job id makes that a no-op), so it never falls through to the triggers.
   */
  private async resumeWaitingRuns(
    workspaceId: string,
    connectionId: string,
    customer: string,
    message: { id: string; created: boolean },
    data: Record<string, unknown>,
  ): Promise<Array<{ runId: string; flowId: string }>> {
    const rows = await this.store.replyWaitpoints(workspaceId, replyCorrelation(connectionId, customer), message);
    const resumed: Array<{ runId: string; flowId: string }> = [];
    const payload = { text: data.text, from: data.from, name: data.name, type: data.type, messageId: data.messageId, conversationId: data.conversationId, timestamp: data.timestamp };
    for (const key of ['reply', 'media', 'location', 'reaction', 'contacts'] as const) if (data[key]) Object.assign(payload, { [key]: data[key] });
    for (const row of rows) {
      const won = row.status === 'waiting' ? await this.store.resolveWaitpoint(row.id, 'reply', payload) : { id: row.id };
      if (!won) continue;
      await this.queue.enqueueResume(row.id);
      resumed.push({ runId: row.runId, flowId: row.flowId });
    }
    return resumed;
  }

  /** A conversation's inactivity alarm: ends it if the customer stayed quiet until the timer. */
  async onInactivityAlarm(waitpointId: string): Promise<void> {
    const waitpoint: StoredWaitpoint | null = await this.store.resolveWaitpoint(waitpointId, 'alarm');
    if (!waitpoint) return;
    const conversationId = await this.store.conversationOfWaitpoint(waitpointId);
    if (conversationId) await this.end(conversationId, 'inactivity');
  }

  /** A workspace's conversations, the most recently active first. */
  async list(workspaceId: string, filter: { connectionId?: string; status?: 'open' | 'closed'; customer?: string; limit: number }): Promise<ConversationView[]> {
    const { rows } = await this.pool.query(
      `SELECT c.*, (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id) AS message_count
         FROM conversations c
        WHERE c.workspace_id = $1 AND ($2::uuid IS NULL OR c.connection_id = $2) AND ($3::text IS NULL OR c.status = $3) AND ($4::text IS NULL OR c.customer_phone = $4)
        ORDER BY c.last_message_at DESC LIMIT $5`,
      [workspaceId, filter.connectionId ?? null, filter.status ?? null, filter.customer ?? null, filter.limit],
    );
    return rows.map(toConversationView);
  }

  /** A conversation with its messages; not found outside the workspace. */
  async detail(workspaceId: string, id: string): Promise<ConversationDetail> {
    const { rows } = UUID.test(id) ? await this.pool.query('SELECT * FROM conversations WHERE id = $1 AND workspace_id = $2', [id, workspaceId]) : { rows: [] };
    if (!rows[0]) throw ApiError.notFound('Conversation', id);
    const messages = await this.messages.ofConversation(id);
    return { ...toConversationView({ ...rows[0], message_count: messages.length }), messages };
  }

  /** Closes a conversation by hand (`POST /api/conversations/:id/close`). */
  async close(workspaceId: string, id: string): Promise<void> {
    const { rows } = await this.pool.query('SELECT status FROM conversations WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
    if (!rows[0]) throw ApiError.notFound('Conversation', id);
    if (rows[0].status !== 'open') throw new ApiError('CONFLICT', `Conversation ${id} is already closed`);
    await this.store.cancelConversationTimer(id);
    await this.end(id, 'closed');
  }

  /**
   * Marks the conversation closed (once) and emits `conversation.ended` with the transcript.
   * Called again for a closed conversation (a replayed alarm) it only re-emits the event,
   * which the event id makes a no-op if it was taken in before.
   */
  private async end(conversationId: string, reason: 'inactivity' | 'closed'): Promise<void> {
    await this.pool.query(`UPDATE conversations SET status = 'closed', closed_at = now(), close_reason = $2 WHERE id = $1 AND status = 'open'`, [conversationId, reason]);
    const { rows } = await this.pool.query(
      `SELECT c.*, w.name AS workspace_name FROM conversations c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = $1`,
      [conversationId],
    );
    const conversation = rows[0];
    if (!conversation) return;
    const messages = await this.transcriptOf(conversationId);
    const customer = { phone: conversation.customer_phone as string, name: (conversation.customer_name as string | null) ?? null };
    await this.ingestor.ingest(
      { id: conversation.workspace_id, name: conversation.workspace_name },
      {
        type: 'conversation.ended',
        source: 'conversation',
        id: `${conversationId}:conversation.ended`,
        occurredAt: (conversation.closed_at as Date).toISOString(),
        data: {
          connectionId: conversation.connection_id,
          conversationId,
          customer,
          // The customer's fields at the top level too, as the message events have them.
          from: customer.phone,
          name: customer.name,
          reason: conversation.close_reason,
          startedAt: (conversation.started_at as Date).toISOString(),
          endedAt: (conversation.closed_at as Date).toISOString(),
          inactivityMinutes: conversation.inactivity_minutes,
          messageCount: messages.length,
          transcript: messages.map((message) => ({ role: message.direction === 'inbound' ? 'customer' : 'agent', text: message.text, at: message.at })),
          messages,
          variables: {},
        },
      },
    );
    await this.pool.query(`UPDATE conversations SET ended_event_at = now() WHERE id = $1 AND ended_event_at IS NULL`, [conversationId]);
    this.logger.debug({ conversationId, reason }, 'conversation ended');
  }

  /**
   * Part of the sweep: conversations whose end was decided but not carried out — the timer's
   * alarm resolved and the process stopped before closing it, or it closed and its
   * `conversation.ended` event was never taken in — are ended now (the event id makes it once).
   * Only those decided before `olderThan`, so an end under way is not raced.
   */
  async sweep(olderThan: Date, limit = 500): Promise<number> {
    const { rows } = await this.pool.query<{ id: string; reason: 'inactivity' | 'closed' }>(
      `(SELECT c.id, 'inactivity' AS reason FROM conversations c
         WHERE c.status = 'open'
           AND NOT EXISTS (SELECT 1 FROM waitpoints w WHERE w.conversation_id = c.id AND w.status = 'waiting')
           AND EXISTS (SELECT 1 FROM waitpoints w WHERE w.conversation_id = c.id AND w.status = 'resolved' AND w.resolution = 'alarm' AND w.resolved_at < $1)
         LIMIT $2)
       UNION ALL
       (SELECT c.id, COALESCE(c.close_reason, 'closed') FROM conversations c
         WHERE c.status = 'closed' AND c.ended_event_at IS NULL AND c.closed_at < $1
         ORDER BY c.closed_at LIMIT $2)`,
      [olderThan, limit],
    );
    for (const row of rows) {
      try {
        await this.end(row.id, row.reason);
      } catch (error) {
        this.logger.error({ conversationId: row.id, err: error }, 'sweep: could not end a conversation');
      }
    }
    if (rows.length > 0) this.logger.info({ conversations: rows.length }, 'sweep ended conversations whose end was not carried out');
    return rows.length;
  }

  private async transcriptOf(conversationId: string) {
    const { rows } = await this.pool.query(
      `SELECT id, direction, kind, body, template, parameters, status, created_at FROM messages WHERE conversation_id = $1 ORDER BY created_at, id`,
      [conversationId],
    );
    return rows.map((row) => ({
      id: row.id as string,
      direction: row.direction as 'inbound' | 'outbound',
      text: (row.body as string | null) ?? (row.template ? `[template ${row.template}${Array.isArray(row.parameters) && row.parameters.length ? `: ${row.parameters.join(', ')}` : ''}]` : ''),
      status: row.status as string,
      at: (row.created_at as Date).toISOString(),
    }));
  }

  /** The open conversation of a customer on a sender, or a new one. */
  private async openConversation(
    client: { query: Pool['query'] },
    workspaceId: string,
    connectionId: string,
    item: InboundMessageItem,
    inactivityMinutes: number,
  ): Promise<string> {
    const inserted = await client.query(
      `INSERT INTO conversations (id, workspace_id, connection_id, customer_phone, customer_name, status, started_at, last_message_at, inactivity_minutes)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $6, $7)
       ON CONFLICT (connection_id, customer_phone) WHERE status = 'open' DO NOTHING
       RETURNING id`,
      [randomUUID(), workspaceId, connectionId, item.from, item.name, item.timestamp, inactivityMinutes],
    );
    if (inserted.rows[0]) return inserted.rows[0].id as string;
    const existing = await client.query(`SELECT id FROM conversations WHERE connection_id = $1 AND customer_phone = $2 AND status = 'open' FOR UPDATE`, [
      connectionId,
      item.from,
    ]);
    return existing.rows[0].id as string;
  }

  /** The shortest inactivity of the published `conversation.ended` flows listening to the sender; 30 minutes when none does. */
  private async inactivityMinutes(workspaceId: string, connectionId: string): Promise<number> {
    const flows = await this.flows.publishedFor(workspaceId, 'conversation.ended');
    const minutes = flows
      .map((flow) => flow.triggerConfig as { connectionId?: string; inactivityMinutes?: number })
      .filter((config) => !config.connectionId || config.connectionId === connectionId)
      .map((config) => config.inactivityMinutes ?? DEFAULT_INACTIVITY_MINUTES);
    return minutes.length > 0 ? Math.min(...minutes) : DEFAULT_INACTIVITY_MINUTES;
  }
}

function toConversationView(row: Record<string, any>): ConversationView {
  const lastInbound = row.last_inbound_at as Date | null;
  return {
    id: row.id,
    connectionId: row.connection_id,
    customer: { phone: row.customer_phone, name: row.customer_name },
    status: row.status,
    startedAt: (row.started_at as Date).toISOString(),
    lastMessageAt: (row.last_message_at as Date).toISOString(),
    lastInboundAt: lastInbound?.toISOString() ?? null,
    windowEndsAt: lastInbound ? new Date(lastInbound.getTime() + WINDOW_MS).toISOString() : null,
    inactivityMinutes: row.inactivity_minutes,
    closedAt: row.closed_at?.toISOString() ?? null,
    closeReason: row.close_reason,
    messageCount: row.message_count ?? null,
  };
}
