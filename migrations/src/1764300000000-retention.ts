import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and erasure of customer data. `RETENTION_DAYS` now prunes messages (and their
 * delivery statuses), conversations, AI turns and memories, e-mails, done tasks, alerts and
 * processed webhook deliveries, a bounded batch per sweep: each prune walks one of these
 * indexes from its oldest entry instead of scanning a table. Erasing one customer
 * (`DELETE /api/contacts/:phone`) finds their rows in a workspace by phone, and the rows their
 * runs wrote by run id.
 */
export class Retention1764300000000 implements MigrationInterface {
  name = 'Retention1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Retention: the oldest rows first.
    await db.query(`CREATE INDEX ix_messages_created ON messages (created_at)`);
    await db.query(`CREATE INDEX ix_message_statuses_occurred ON message_statuses (occurred_at)`);
    await db.query(`CREATE INDEX ix_conversations_closed ON conversations (last_message_at) WHERE status = 'closed'`);
    await db.query(`CREATE INDEX ix_ai_turns_created ON ai_turns (created_at)`);
    await db.query(`CREATE INDEX ix_ai_conversations_updated ON ai_conversations (updated_at)`);
    await db.query(`CREATE INDEX ix_emails_created ON emails (created_at)`);
    await db.query(`CREATE INDEX ix_tasks_done ON tasks (completed_at) WHERE status = 'done'`);
    await db.query(`CREATE INDEX ix_alerts_created ON alerts (created_at)`);
    await db.query(`CREATE INDEX ix_webhook_deliveries_processed ON webhook_deliveries (received_at) WHERE status <> 'received'`);
    // A message that resumed a run still under way is kept: found from the message by its id.
    await db.query(`CREATE INDEX ix_waitpoints_reply_message ON waitpoints ((payload ->> 'messageId')) WHERE resolution = 'reply'`);

    // Erasure: one customer of one workspace.
    await db.query(`CREATE INDEX ix_messages_workspace_customer ON messages (workspace_id, customer_phone)`);
    await db.query(`CREATE INDEX ix_conversations_workspace_customer ON conversations (workspace_id, customer_phone)`);
    // The customer an event is about: `customer.phone` (calls, functions, conversation.ended) or `from` (WhatsApp).
    await db.query(`
      CREATE INDEX ix_events_customer ON events (workspace_id, (COALESCE(data -> 'customer' ->> 'phone', data ->> 'from')))
      WHERE COALESCE(data -> 'customer' ->> 'phone', data ->> 'from') IS NOT NULL`);
    await db.query(`CREATE INDEX ix_emails_run ON emails (run_id) WHERE run_id IS NOT NULL`);
    await db.query(`CREATE INDEX ix_tasks_run ON tasks (run_id) WHERE run_id IS NOT NULL`);
    await db.query(`CREATE INDEX ix_alerts_run ON alerts (run_id) WHERE run_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'ix_alerts_run',
      'ix_tasks_run',
      'ix_emails_run',
      'ix_events_customer',
      'ix_conversations_workspace_customer',
      'ix_messages_workspace_customer',
      'ix_waitpoints_reply_message',
      'ix_webhook_deliveries_processed',
      'ix_alerts_created',
      'ix_tasks_done',
      'ix_emails_created',
      'ix_ai_conversations_updated',
      'ix_ai_turns_created',
      'ix_conversations_closed',
      'ix_message_statuses_occurred',
      'ix_messages_created',
    ]) {
      await db.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}
