import { Inject, Injectable } from '@nestjs/common';
import type { CustomerErasure } from '@switchboard/shared';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { withTransaction } from '../../persistence/checked-out';
import { PgExecutionStore } from '../../persistence/pg-execution-store';
import { ClusterBus } from '../../runtime/cluster-bus';
import { EngineMetrics } from '../../runtime/metrics';
import { LOGGER, PG_POOL } from '../../runtime/tokens';
import { ContactsRepository } from './contacts.repository';

/** What erasing one customer removed, by table (the contract's `CustomerErasure`). */
export type Erasure = CustomerErasure;

/** The customer an event is about; the same expression as the `ix_events_customer` index. */
const EVENT_CUSTOMER = `COALESCE(data -> 'customer' ->> 'phone', data ->> 'from')`;

/**
 * Erases one customer of one workspace (`DELETE /api/contacts/:phone`), in one transaction:
 * - runs about them (their trigger event's `customer.phone` or WhatsApp `from` is the number)
 *   are cancelled if still under way, then keep their status and timings but lose their data:
 *   the event's data, every step's input, output and warnings, error messages, the AI-extracted
 *   variables and the waits' payloads; the e-mails, tasks and alerts those runs made go;
 * - other finished runs that messaged them (a broadcast) lose the steps and events that mention
 *   the number; one still under way is left to finish (retention removes it later);
 * - their messages with delivery statuses, conversations, the AI's memory of them (an AI
 *   customer identifier equal to the number) and the raw webhook deliveries that carry it go;
 * - their contact goes, unless they opted out: then only the opt-out fact stays.
 * Erasing again finds nothing and answers zeros.
 */
@Injectable()
export class CustomerErasureService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly contacts: ContactsRepository,
    private readonly bus: ClusterBus,
    private readonly metrics: EngineMetrics,
    private readonly store: PgExecutionStore,
  ) {}

  /** `phone` is in E.164 (`+14155551234`). */
  async erase(workspaceId: string, phone: string): Promise<Erasure> {
    const digits = phone.replace(/^\+/, '');
    // Numbers as the engine stores them (E.164) and as callers may have sent them (digits only).
    const forms = [phone, digits];
    const { erasure, changedRuns } = await withTransaction(
      this.pool,
      (error) => this.logger.warn({ err: error }, 'erasure: its Postgres connection failed'),
      (client) => this.eraseIn(client, workspaceId, phone, forms, digits),
    );
    this.metrics.run('cancelled', erasure.erased.cancelledRuns);
    for (const runId of changedRuns) await this.bus.runChanged(runId);
    this.logger.info({ workspaceId, customer: maskPhone(phone), ...erasure.erased, optOutKept: erasure.optOutKept }, "erased a customer's data");
    return erasure;
  }

  private async eraseIn(client: PoolClient, workspaceId: string, phone: string, forms: string[], digits: string): Promise<{ erasure: Erasure; changedRuns: string[] }> {
    const count = async (sql: string, values: unknown[]) => (await client.query(sql, values)).rowCount ?? 0;

    // Runs about this customer.
    const events = (
      await client.query<{ id: string }>(`SELECT id FROM events WHERE workspace_id = $1 AND ${EVENT_CUSTOMER} = ANY($2::text[]) AND ${EVENT_CUSTOMER} IS NOT NULL`, [workspaceId, forms])
    ).rows.map((row) => row.id);
    const runIds = (await client.query<{ id: string }>(`SELECT id FROM runs WHERE event_id = ANY($1::uuid[]) AND workspace_id = $2`, [events, workspaceId])).rows.map((row) => row.id);
    // Those under way are cancelled as `POST /api/runs/:id/cancel` cancels them, in this transaction.
    const cancelled = await this.store.cancelRuns(runIds, client);
    await this.store.eraseRunData(events, runIds, client);
    const emails = await count(`DELETE FROM emails WHERE run_id = ANY($1::uuid[]) AND workspace_id = $2`, [runIds, workspaceId]);
    const tasks = await count(`DELETE FROM tasks WHERE run_id = ANY($1::uuid[]) AND workspace_id = $2`, [runIds, workspaceId]);
    const alerts = await count(`DELETE FROM alerts WHERE run_id = ANY($1::uuid[]) AND workspace_id = $2`, [runIds, workspaceId]);

    // Finished runs that only messaged this customer: what mentions the number.
    const others = (
      await client.query<{ id: string }>(
        `SELECT DISTINCT r.id FROM messages m JOIN runs r ON r.id = m.run_id
          WHERE m.workspace_id = $1 AND m.customer_phone = ANY($2::text[]) AND r.finished_at IS NOT NULL AND NOT (r.id = ANY($3::uuid[]))`,
        [workspaceId, forms, runIds],
      )
    ).rows.map((row) => row.id);
    const blankedRuns = new Set(await this.store.eraseMentions(others, digits, client));

    // Their messages and everything else kept about them.
    const messages = await client.query<{ connection_id: string; provider_message_id: string | null }>(
      `DELETE FROM messages WHERE workspace_id = $1 AND customer_phone = ANY($2::text[]) RETURNING connection_id, provider_message_id`,
      [workspaceId, forms],
    );
    const sent = messages.rows.filter((row) => row.provider_message_id !== null);
    const messageStatuses = await count(
      `DELETE FROM message_statuses s USING unnest($1::uuid[], $2::text[]) AS m(connection_id, provider_message_id)
        WHERE s.connection_id = m.connection_id AND s.provider_message_id = m.provider_message_id`,
      [sent.map((row) => row.connection_id), sent.map((row) => row.provider_message_id)],
    );
    const conversations = await count(`DELETE FROM conversations WHERE workspace_id = $1 AND customer_phone = ANY($2::text[])`, [workspaceId, forms]);
    const aiConversations = await count(`DELETE FROM ai_conversations WHERE workspace_id = $1 AND customer_identifier = ANY($2::text[])`, [workspaceId, forms]);
    // Meta and the BSPs write the number as digits; deliveries still to be processed stay (they may hold other customers' messages).
    const webhookDeliveries = await count(`DELETE FROM webhook_deliveries WHERE workspace_id = $1 AND status <> 'received' AND strpos(body, $2) > 0`, [workspaceId, digits]);
    // A campaign's recipient row holds the number, name and attributes; a pending one would still be sent to.
    await client.query(`DELETE FROM campaign_recipients r USING campaigns c WHERE c.id = r.campaign_id AND c.workspace_id = $1 AND r.phone = ANY($2::text[])`, [workspaceId, forms]);
    const forgotten = await this.contacts.forgetUnused(client, forms.map((form) => ({ workspaceId, phone: form })));
    const optedOut = await client.query(`SELECT 1 FROM contacts WHERE workspace_id = $1 AND phone = ANY($2::text[]) AND opted_out_at IS NOT NULL`, [workspaceId, forms]);

    return {
      erasure: {
        phone,
        erased: {
          messages: messages.rowCount ?? 0,
          messageStatuses,
          conversations,
          contacts: forgotten.deleted,
          aiConversations,
          runs: runIds.length + blankedRuns.size,
          cancelledRuns: cancelled,
          emails,
          tasks,
          alerts,
          webhookDeliveries,
        },
        optOutKept: (optedOut.rowCount ?? 0) > 0,
      },
      changedRuns: [...runIds, ...blankedRuns],
    };
  }
}

/** The number as a log may show it: country code and last two digits (`+41•••••••67`). */
export function maskPhone(phone: string): string {
  return phone.length <= 5 ? '•••' : `${phone.slice(0, 3)}${'•'.repeat(phone.length - 5)}${phone.slice(-2)}`;
}
