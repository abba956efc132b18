import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { MessageView, SandboxCustomer, StepErrorInfo } from '@switchboard/shared';
import type { Pool } from 'pg';
import { Batcher } from '../../execution/batcher';
import { hotStatement } from '../../persistence/hot-statement';
import { jsonParam } from '../../persistence/json-param';
import { EngineMetrics } from '../../runtime/metrics';
import type { EngineConfig } from '../../config/config';
import { CONFIG, PG_POOL } from '../../runtime/tokens';

export interface OutboundMessage {
  /** The claim's id, when the caller chose it (to recognise its own claim later). */
  id?: string;
  workspaceId: string;
  connectionId: string;
  customerPhone: string;
  customerName?: string;
  kind: 'template' | 'text';
  template?: string;
  language?: string;
  parameters?: unknown;
  body?: string;
  /** `pending` for a claim made before calling the provider; a final status when the claim is the send (sandbox). */
  status: string;
  providerMessageId?: string;
  runId?: string;
  nodeId?: string;
  /** Run + node (+ scope) of the sending step; a second claim with the same key gets the first message back. */
  idempotencyKey: string;
}

export interface ClaimedMessage {
  id: string;
  providerMessageId: string | null;
  customerPhone: string;
  status: string;
  /** False when the key was already stored: an earlier attempt made this message. */
  created: boolean;
}

/** The correlation of the waitpoint of a send whose outcome is unknown; the provider's report names the key. */
export function outcomeCorrelation(idempotencyKey: string): string {
  return `outcome:${idempotencyKey}`;
}

/** A pool or a client inside a transaction. */
export type Queryable = Pick<Pool, 'query'>;

export interface InboundMessage {
  workspaceId: string;
  connectionId: string;
  conversationId: string;
  customerPhone: string;
  customerName: string | null;
  body: string;
  providerMessageId: string;
  receivedAt: string;
  /** A media message's Meta media id and MIME type, kept so the file can be sent on (see the migration MessageMedia). */
  mediaId?: string | null;
  mediaMimeType?: string | null;
}

/** Messages, claimed in batches by the send steps and written by the inbound handlers. */
@Injectable()
export class MessagesRepository {
  private readonly outbound: Batcher<OutboundMessage, ClaimedMessage>;

  private readonly namedStatements: boolean;

  constructor(@Inject(PG_POOL) private readonly pool: Pool, metrics: EngineMetrics, @Inject(CONFIG) config: EngineConfig) {
    this.namedStatements = config.PG_POOLER !== 'transaction';
    this.outbound = new Batcher((messages) => this.claimMany(messages), { maxBatch: 300, observe: metrics.batcher('insert_message') });
  }

  /**
   * Stores an outbound message under its idempotency key before the provider is called (or,
   * for the sandbox, as the send itself). A key stored before returns that message instead.
   * The message joins the customer's open conversation on that sender, if there is one.
   */
  claim(message: OutboundMessage): Promise<ClaimedMessage> {
    return this.outbound.add(message);
  }

  /** A workspace's messages (both directions, with their delivery status), newest first. */
  async list(workspaceId: string, filter: { runId?: string; conversationId?: string; connectionId?: string; limit: number }): Promise<MessageView[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM messages
        WHERE workspace_id = $1 AND ($2::uuid IS NULL OR run_id = $2) AND ($3::uuid IS NULL OR conversation_id = $3) AND ($4::uuid IS NULL OR connection_id = $4)
        ORDER BY created_at DESC LIMIT $5`,
      [workspaceId, filter.runId ?? null, filter.conversationId ?? null, filter.connectionId ?? null, filter.limit],
    );
    return rows.map(toMessageView);
  }

  /** A conversation's messages, oldest first. */
  async ofConversation(conversationId: string): Promise<MessageView[]> {
    const { rows } = await this.pool.query(`SELECT * FROM messages WHERE conversation_id = $1 ORDER BY created_at`, [conversationId]);
    return rows.map(toMessageView);
  }

  /** A failed attempt's claim, taken again by the next attempt. */
  async reclaim(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE messages SET status = 'pending', error = NULL, updated_at = now() WHERE id = $1 AND status = 'failed'`, [id]);
    return rowCount === 1;
  }

  /**
   * A claim whose send may or may not have reached the provider becomes `unknown` (from
   * `pending`); returns the claim as it is now, which a provider's report may have completed.
   */
  async markUnknown(id: string): Promise<{ id: string; providerMessageId: string | null; customerPhone: string; status: string } | null> {
    const { rows } = await this.pool.query(
      `WITH moved AS (
         UPDATE messages SET status = 'unknown', updated_at = now() WHERE id = $1 AND status = 'pending'
         RETURNING id, provider_message_id, customer_phone, status)
       SELECT * FROM moved
       UNION ALL
       SELECT id, provider_message_id, customer_phone, status FROM messages WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM moved)`,
      [id],
    );
    const row = rows[0];
    return row ? { id: row.id, providerMessageId: row.provider_message_id, customerPhone: row.customer_phone, status: row.status } : null;
  }

  /** An unknown claim taken again to send on purpose (the connection's `resend` policy). */
  async reclaimUnknown(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE messages SET status = 'pending', updated_at = now() WHERE id = $1 AND status IN ('pending', 'unknown')`, [id]);
    return rowCount === 1;
  }

  /**
   * A provider's status report that names a send's idempotency key (Meta's
   * `biz_opaque_callback_data`, Heltar's `refId`) completes that send's claim if its outcome was
   * still unknown, on that connection of that workspace: it gets the provider's message id and
   * status. Returns whether a claim was completed.
   */
  async resolveOutcome(workspaceId: string, connectionId: string, idempotencyKey: string, providerMessageId: string, status: string, error: StepErrorInfo | null): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE messages SET provider_message_id = $4, status = $5, status_at = now(), updated_at = now(), error = CASE WHEN $5 = 'failed' THEN $6::jsonb ELSE error END
        WHERE idempotency_key = $3 AND connection_id = $2 AND workspace_id = $1 AND direction = 'outbound' AND status IN ('pending', 'unknown')`,
      [workspaceId, connectionId, idempotencyKey, providerMessageId, status, error ? jsonParam(error) : null],
    );
    return rowCount === 1;
  }

  /**
   * Records the provider's id and status of a sent message. A status webhook may have beaten
   * the provider's answer here: the furthest status already received for that id wins.
   */
  async markSent(id: string, providerMessageId: string, status: string): Promise<void> {
    await this.pool.query(
      `UPDATE messages m SET provider_message_id = $2, status_at = now(), updated_at = now(),
              status = COALESCE((SELECT s.status FROM message_statuses s
                                  WHERE s.connection_id = m.connection_id AND s.provider_message_id = $2
                                    AND switchboard_status_rank(s.status) > switchboard_status_rank($3)
                                  ORDER BY switchboard_status_rank(s.status) DESC LIMIT 1), $3)
        WHERE id = $1`,
      [id, providerMessageId, status],
    );
  }

  /**
   * Applies a delivery status once (statuses are deduplicated by message and status) and only
   * forward. Returns the message it moved, if any, with its run.
   */
  async applyStatus(connectionId: string, providerMessageId: string, status: string, at: string, errors: unknown, error: StepErrorInfo | null) {
    const { rows } = await this.pool.query(
      `WITH fresh AS (
         INSERT INTO message_statuses (connection_id, provider_message_id, status, occurred_at, errors)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1)
       UPDATE messages SET status = $3, status_at = $4, updated_at = now(), error = CASE WHEN $3 = 'failed' THEN $6::jsonb ELSE error END
        WHERE connection_id = $1 AND provider_message_id = $2 AND EXISTS (SELECT 1 FROM fresh)
          AND switchboard_status_rank(status) < switchboard_status_rank($3)
        RETURNING id, workspace_id, customer_phone, run_id`,
      [connectionId, providerMessageId, status, at, jsonParam(errors ?? null), error ? jsonParam(error) : null],
    );
    return (rows[0] as { id: string; workspace_id: string; customer_phone: string; run_id: string | null } | undefined) ?? null;
  }

  async markFailed(id: string, error: StepErrorInfo): Promise<void> {
    await this.pool.query(`UPDATE messages SET status = 'failed', error = $2, status_at = now(), updated_at = now() WHERE id = $1`, [id, jsonParam(error)]);
  }

  /** Lets a manual retry of a run send again, on purpose, what an attempt may or may not have sent. */
  async releaseUnknown(runId: string, nodeIds: string[], db: { query(text: string, values: unknown[]): Promise<unknown> } = this.pool): Promise<void> {
    await db.query(
      `UPDATE messages SET status = 'failed', updated_at = now() WHERE run_id = $1 AND node_id = ANY($2::text[]) AND direction = 'outbound' AND status IN ('pending', 'unknown')`,
      [runId, nodeIds],
    );
  }

  /** Stores an inbound message once per provider message id; `created` is false for a redelivery. */
  async insertInbound(message: InboundMessage, db: Queryable = this.pool): Promise<{ id: string; created: boolean }> {
    const id = randomUUID();
    const { rows } = await db.query(
      `INSERT INTO messages (id, workspace_id, connection_id, conversation_id, direction, customer_phone, customer_name, kind, body, provider_message_id, status, status_at, created_at, updated_at, media_id, media_mime_type)
       VALUES ($1, $2, $3, $4, 'inbound', $5, $6, 'text', $7, $8, 'received', $9, $9, now(), $10, $11)
       ON CONFLICT (connection_id, provider_message_id) WHERE provider_message_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        id,
        message.workspaceId,
        message.connectionId,
        message.conversationId,
        message.customerPhone,
        message.customerName,
        message.body,
        message.providerMessageId,
        message.receivedAt,
        message.mediaId ?? null,
        message.mediaMimeType ?? null,
      ],
    );
    if (rows[0]) return { id, created: true };
    const existing = await db.query('SELECT id FROM messages WHERE connection_id = $1 AND provider_message_id = $2', [message.connectionId, message.providerMessageId]);
    return { id: existing.rows[0].id as string, created: false };
  }

  /** When the customer last wrote on this connection (the start of the 24-hour window). */
  async lastInboundAt(connectionId: string, customerPhone: string): Promise<Date | null> {
    const { rows } = await this.pool.query(
      `SELECT max(created_at) AS at FROM messages WHERE connection_id = $1 AND customer_phone = $2 AND direction = 'inbound'`,
      [connectionId, customerPhone],
    );
    return (rows[0]?.at as Date | null) ?? null;
  }

  /**
   * Everyone who received or sent messages on a sender, as a phone's chat list shows them: the
   * latest message first; `unread` counts the customer's messages after the sender's last one
   * to them. At most `limit` customers.
   */
  async customersOf(workspaceId: string, connectionId: string, limit = 500): Promise<SandboxCustomer[]> {
    const { rows } = await this.pool.query(
      `WITH latest AS (
         SELECT DISTINCT ON (customer_phone) customer_phone, created_at, direction, body, template
           FROM messages WHERE workspace_id = $1 AND connection_id = $2
          ORDER BY customer_phone, created_at DESC, id DESC)
       SELECT l.customer_phone, l.created_at, l.direction, l.body, l.template,
              (SELECT customer_name FROM messages n
                WHERE n.connection_id = $2 AND n.customer_phone = l.customer_phone AND n.customer_name IS NOT NULL
                ORDER BY n.created_at DESC LIMIT 1) AS customer_name,
              (SELECT count(*)::integer FROM messages i
                WHERE i.connection_id = $2 AND i.customer_phone = l.customer_phone AND i.direction = 'inbound'
                  AND i.created_at > COALESCE((SELECT max(o.created_at) FROM messages o
                                                WHERE o.connection_id = $2 AND o.customer_phone = l.customer_phone AND o.direction = 'outbound'), '-infinity')) AS unread
         FROM latest l
        ORDER BY l.created_at DESC
        LIMIT $3`,
      [workspaceId, connectionId, limit],
    );
    return rows.map((row) => ({
      phone: row.customer_phone as string,
      name: (row.customer_name as string | null) ?? null,
      lastMessageAt: (row.created_at as Date).toISOString(),
      lastText: (row.body as string | null) ?? (row.template ? `Template "${row.template as string}"` : null),
      lastDirection: row.direction as 'inbound' | 'outbound',
      unread: row.unread as number,
    }));
  }

  private async claimMany(messages: OutboundMessage[]): Promise<ClaimedMessage[]> {
    const rows = messages.map((message) => ({
      id: message.id ?? randomUUID(),
      workspace_id: message.workspaceId,
      connection_id: message.connectionId,
      customer_phone: message.customerPhone,
      customer_name: message.customerName ?? null,
      kind: message.kind,
      template: message.template ?? null,
      language: message.language ?? null,
      parameters: message.parameters ?? null,
      body: message.body ?? null,
      status: message.status,
      provider_message_id: message.providerMessageId ?? null,
      run_id: message.runId ?? null,
      node_id: message.nodeId ?? null,
      idempotency_key: message.idempotencyKey,
    }));
    const { rows: inserted } = await this.pool.query(
      hotStatement(
        this.namedStatements,
        'claim_outbound_messages',
        `INSERT INTO messages (id, workspace_id, connection_id, conversation_id, direction, customer_phone, customer_name, kind, template, language, parameters, body, status, status_at, provider_message_id, run_id, node_id, idempotency_key)
       SELECT x.id, x.workspace_id, x.connection_id,
              (SELECT c.id FROM conversations c WHERE c.connection_id = x.connection_id AND c.customer_phone = x.customer_phone AND c.status = 'open'),
              'outbound', x.customer_phone, x.customer_name, x.kind, x.template, x.language, x.parameters, x.body, x.status, now(), x.provider_message_id, x.run_id, x.node_id, x.idempotency_key
         FROM json_to_recordset($1::json) AS x(id uuid, workspace_id uuid, connection_id uuid, customer_phone text, customer_name text, kind text, template text, language text,
              parameters jsonb, body text, status text, provider_message_id text, run_id uuid, node_id text, idempotency_key text)
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING id, idempotency_key, provider_message_id, customer_phone, status`,
        [jsonParam(rows)],
      ),
    );
    const byKey = new Map(inserted.map((row) => [row.idempotency_key as string, { ...row, created: true }]));
    const missing = messages.filter((message) => !byKey.has(message.idempotencyKey)).map((message) => message.idempotencyKey);
    if (missing.length > 0) {
      const { rows: existing } = await this.pool.query(
        'SELECT id, idempotency_key, provider_message_id, customer_phone, status FROM messages WHERE idempotency_key = ANY($1::text[])',
        [missing],
      );
      for (const row of existing) byKey.set(row.idempotency_key as string, { ...row, created: false });
    }
    return messages.map((message) => {
      const row = byKey.get(message.idempotencyKey);
      if (!row) throw new Error(`message ${message.idempotencyKey} was neither stored nor found`);
      return { id: row.id, providerMessageId: row.provider_message_id, customerPhone: row.customer_phone, status: row.status, created: row.created };
    });
  }
}

function toMessageView(row: Record<string, any>): MessageView {
  return {
    id: row.id,
    connectionId: row.connection_id,
    direction: row.direction,
    customer: row.customer_phone,
    customerName: row.customer_name,
    conversationId: row.conversation_id,
    kind: row.kind,
    template: row.template,
    language: row.language,
    parameters: row.kind === 'template' ? row.parameters : null,
    text: row.body,
    interactive: row.kind === 'text' ? (stored(row.parameters, 'interactive') as MessageView['interactive']) : null,
    media: row.kind === 'text' ? (stored(row.parameters, 'media') as MessageView['media']) : null,
    providerMessageId: row.provider_message_id,
    status: row.status,
    error: row.error,
    runId: row.run_id,
    nodeId: row.node_id,
    createdAt: (row.created_at as Date).toISOString(),
    statusAt: (row.status_at as Date | null)?.toISOString() ?? null,
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

/** What a text message's `parameters` keeps of an interactive or media send (`{ interactive: … }`), or null. */
function stored(parameters: unknown, key: 'interactive' | 'media'): unknown {
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) return null;
  return (parameters as Record<string, unknown>)[key] ?? null;
}
