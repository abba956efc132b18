import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { withTransaction } from '../../persistence/checked-out';
import { LOGGER, PG_POOL } from '../../runtime/tokens';
import { ContactsRepository } from '../conversations/contacts.repository';

/** What one batch of a prune removed. */
export interface Pruned {
  /** Rows of the table the batch walks (its size decides whether another batch follows). */
  rows: number;
  /** Rows of other tables that went with them, by table. */
  also?: Record<string, number>;
}

/**
 * `OFFSET 0` in a rule's subquery keeps Postgres from turning it into an anti-join: the prune
 * then walks the age index from its oldest entry and probes each row's rule by primary key or
 * index until it has a batch, instead of hashing the whole other table when it guesses that
 * few old rows pass (rows a rule keeps stay few: those of runs under way, open conversations).
 */
const PER_ROW = 'OFFSET 0';

/** A run still under way keeps what it wrote and what it may still read. */
const RUN_UNDER_WAY = (runId: string) => `EXISTS (SELECT 1 FROM runs r WHERE r.id = ${runId} AND r.finished_at IS NULL ${PER_ROW})`;

/**
 * A conversation is kept while it is open, while its last message is newer than the cutoff
 * (the 24-hour window and replies belong to recent conversations), or while its end has not
 * been carried out (the sweep still emits its `conversation.ended` with the transcript).
 */
const CONVERSATION_KEPT = `(c.status = 'open' OR c.last_message_at >= $1 OR c.ended_event_at IS NULL)`;

/**
 * The prunes of `RETENTION_DAYS`, one per table of customer data. Each takes the oldest rows
 * before the cutoff (`$1`) through an index on their age, at most `$2` of them, so one batch is
 * a short statement whatever the table's size; rows a rule keeps are skipped, not rescanned
 * from a table scan. Runs, their events and steps are pruned by the execution store.
 */
@Injectable()
export class RetentionRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly contacts: ContactsRepository,
  ) {}

  /**
   * Messages older than the cutoff, with their delivery statuses, unless their conversation is
   * kept, a run under way sent them (its outcome may still arrive) or one resumed on them; then
   * the contacts of whom nothing is left. One transaction, so no contact outlives its messages
   * because the process stopped between the two.
   */
  messages(before: Date, limit: number): Promise<Pruned> {
    return this.inTransaction(async (client) => {
      const { rows } = await client.query<{ workspace_id: string; customer_phone: string; messages: number; statuses: number }>(
        `WITH doomed AS (
           SELECT m.id FROM messages m
            WHERE m.created_at < $1
              AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id AND ${CONVERSATION_KEPT} ${PER_ROW})
              AND NOT ${RUN_UNDER_WAY('m.run_id')}
              AND NOT EXISTS (SELECT 1 FROM waitpoints w JOIN runs r ON r.id = w.run_id
                               WHERE (w.payload ->> 'messageId') = m.id::text AND w.resolution = 'reply' AND r.finished_at IS NULL ${PER_ROW})
            ORDER BY m.created_at LIMIT $2),
         gone AS (
           DELETE FROM messages m USING doomed d WHERE m.id = d.id
           RETURNING m.workspace_id, m.customer_phone, m.connection_id, m.provider_message_id),
         statuses AS (
           DELETE FROM message_statuses s USING gone g
            WHERE s.connection_id = g.connection_id AND s.provider_message_id = g.provider_message_id
           RETURNING 1)
         SELECT workspace_id, customer_phone, count(*)::int AS messages, (SELECT count(*) FROM statuses)::int AS statuses
           FROM gone GROUP BY workspace_id, customer_phone`,
        [before, limit],
      );
      const forgotten = await this.contacts.forgetUnused(client, rows.map((row) => ({ workspaceId: row.workspace_id, phone: row.customer_phone })), before);
      return {
        rows: rows.reduce((sum, row) => sum + row.messages, 0),
        also: { messageStatuses: rows[0]?.statuses ?? 0, contacts: forgotten.deleted },
      };
    });
  }

  /** Closed conversations that went quiet before the cutoff and have no message left; then the contacts of whom nothing is left. */
  conversations(before: Date, limit: number): Promise<Pruned> {
    return this.inTransaction(async (client) => {
      const { rows } = await client.query<{ workspace_id: string; customer_phone: string }>(
        `DELETE FROM conversations c
          WHERE c.id IN (
                  SELECT v.id FROM conversations v
                   WHERE v.status = 'closed' AND v.last_message_at < $1 AND v.ended_event_at IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = v.id ${PER_ROW})
                   ORDER BY v.last_message_at LIMIT $2)
            AND NOT ${CONVERSATION_KEPT}
          RETURNING c.workspace_id, c.customer_phone`,
        [before, limit],
      );
      const forgotten = await this.contacts.forgetUnused(client, rows.map((row) => ({ workspaceId: row.workspace_id, phone: row.customer_phone })), before);
      return { rows: rows.length, also: { contacts: forgotten.deleted } };
    });
  }

  /** Delivery statuses of messages that never were stored here, or are gone (those of pruned messages went with them). */
  async messageStatuses(before: Date, limit: number): Promise<Pruned> {
    return this.count(
      `DELETE FROM message_statuses s USING (
         SELECT o.connection_id, o.provider_message_id, o.status FROM message_statuses o
          WHERE o.occurred_at < $1
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.connection_id = o.connection_id AND m.provider_message_id = o.provider_message_id ${PER_ROW})
          ORDER BY o.occurred_at LIMIT $2) d
        WHERE s.connection_id = d.connection_id AND s.provider_message_id = d.provider_message_id AND s.status = d.status`,
      before,
      limit,
    );
  }

  /** The AI's memory of a customer: turns older than the cutoff. */
  aiTurns(before: Date, limit: number): Promise<Pruned> {
    return this.count(`DELETE FROM ai_turns WHERE id IN (SELECT id FROM ai_turns WHERE created_at < $1 ORDER BY created_at LIMIT $2)`, before, limit);
  }

  /** AI conversations not used since the cutoff whose turns are gone. */
  aiConversations(before: Date, limit: number): Promise<Pruned> {
    return this.count(
      `DELETE FROM ai_conversations a
        WHERE a.id IN (
                SELECT o.id FROM ai_conversations o
                 WHERE o.updated_at < $1 AND NOT EXISTS (SELECT 1 FROM ai_turns t WHERE t.conversation_id = o.id ${PER_ROW})
                 ORDER BY o.updated_at LIMIT $2)
          AND a.updated_at < $1`,
      before,
      limit,
    );
  }

  /** E-mails (their full HTML) older than the cutoff, but those of a run under way (a retried step finds its claim). */
  emails(before: Date, limit: number): Promise<Pruned> {
    return this.count(
      `DELETE FROM emails WHERE id IN (
         SELECT e.id FROM emails e WHERE e.created_at < $1 AND NOT ${RUN_UNDER_WAY('e.run_id')} ORDER BY e.created_at LIMIT $2)`,
      before,
      limit,
    );
  }

  /** Tasks done before the cutoff. An open task is work still to do, not history: it stays whatever its age. */
  tasks(before: Date, limit: number): Promise<Pruned> {
    return this.count(
      `DELETE FROM tasks t
        WHERE t.id IN (
                SELECT o.id FROM tasks o WHERE o.status = 'done' AND o.completed_at < $1 AND NOT ${RUN_UNDER_WAY('o.run_id')}
                 ORDER BY o.completed_at LIMIT $2)
          AND t.status = 'done'`,
      before,
      limit,
    );
  }

  /** Team alerts older than the cutoff, read or not. */
  alerts(before: Date, limit: number): Promise<Pruned> {
    return this.count(
      `DELETE FROM alerts WHERE id IN (
         SELECT a.id FROM alerts a WHERE a.created_at < $1 AND NOT ${RUN_UNDER_WAY('a.run_id')} ORDER BY a.created_at LIMIT $2)`,
      before,
      limit,
    );
  }

  /** Raw provider deliveries (they hold the customers' messages) received before the cutoff; one not yet processed stays. */
  webhookDeliveries(before: Date, limit: number): Promise<Pruned> {
    return this.count(
      `DELETE FROM webhook_deliveries d
        WHERE d.id IN (SELECT o.id FROM webhook_deliveries o WHERE o.received_at < $1 AND o.status <> 'received' ORDER BY o.received_at LIMIT $2)
          AND d.status <> 'received'`,
      before,
      limit,
    );
  }

  private async count(sql: string, before: Date, limit: number): Promise<Pruned> {
    const { rowCount } = await this.pool.query(sql, [before, limit]);
    return { rows: rowCount ?? 0 };
  }

  private inTransaction(work: (client: Pick<Pool, 'query'>) => Promise<Pruned>): Promise<Pruned> {
    return withTransaction(this.pool, (error) => this.logger.warn({ err: error }, 'retention: its Postgres connection failed'), work);
  }
}
