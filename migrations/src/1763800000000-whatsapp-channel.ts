import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WhatsApp as a channel: conversations, contacts (opt-outs), the senders' message templates,
 * raw webhook deliveries (stored before they are processed) and the status events already
 * applied (deduplication). Waitpoints may now belong to a conversation (its inactivity timer)
 * instead of a run.
 */
export class WhatsappChannel1763800000000 implements MigrationInterface {
  name = 'WhatsappChannel1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE conversations (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        customer_phone text NOT NULL,
        customer_name text,
        status text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        last_message_at timestamptz NOT NULL DEFAULT now(),
        last_inbound_at timestamptz,
        inactivity_minutes double precision NOT NULL DEFAULT 30,
        closed_at timestamptz,
        close_reason text,
        first_message_id uuid,
        CONSTRAINT pk_conversations PRIMARY KEY (id)
      )`);
    // One open conversation per sender and customer.
    await db.query(`CREATE UNIQUE INDEX uq_conversations_open ON conversations (connection_id, customer_phone) WHERE status = 'open'`);
    await db.query(`CREATE INDEX ix_conversations_workspace ON conversations (workspace_id, last_message_at)`);

    await db.query(`
      CREATE TABLE contacts (
        workspace_id uuid NOT NULL,
        phone text NOT NULL,
        name text,
        opted_out_at timestamptz,
        opt_out_source text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_contacts PRIMARY KEY (workspace_id, phone)
      )`);

    await db.query(`
      CREATE TABLE message_templates (
        id uuid NOT NULL,
        connection_id uuid NOT NULL,
        name text NOT NULL,
        language text NOT NULL,
        status text NOT NULL,
        category text,
        body text,
        parameter_format text NOT NULL DEFAULT 'positional',
        parameters jsonb NOT NULL DEFAULT '[]',
        external_id text,
        synced_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_message_templates PRIMARY KEY (id),
        CONSTRAINT fk_message_templates_connection FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_message_templates_name ON message_templates (connection_id, name, language)`);

    await db.query(`
      CREATE TABLE webhook_deliveries (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        provider text NOT NULL,
        body text NOT NULL,
        status text NOT NULL,
        error text,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id)
      )`);
    // The sweep finds deliveries stored but never processed.
    await db.query(`CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (received_at) WHERE status = 'received'`);

    await db.query(`
      CREATE TABLE message_statuses (
        connection_id uuid NOT NULL,
        provider_message_id text NOT NULL,
        status text NOT NULL,
        occurred_at timestamptz NOT NULL,
        errors jsonb,
        CONSTRAINT pk_message_statuses PRIMARY KEY (connection_id, provider_message_id, status)
      )`);

    // Delivery statuses only move forward: sent < failed < delivered < read < played (a delivered
    // may follow a failed on multi-device; sent → read without delivered is allowed).
    await db.query(`
      CREATE FUNCTION switchboard_status_rank(status text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE status WHEN 'sent' THEN 1 WHEN 'failed' THEN 2 WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 WHEN 'played' THEN 5 ELSE 0 END
      $$`);

    await db.query(`ALTER TABLE messages ADD COLUMN conversation_id uuid`);
    await db.query(`ALTER TABLE messages ADD COLUMN status_at timestamptz`);
    await db.query(`ALTER TABLE messages ADD COLUMN customer_name text`);
    await db.query(`CREATE INDEX ix_messages_conversation ON messages (conversation_id, created_at) WHERE conversation_id IS NOT NULL`);

    await db.query(`ALTER TABLE waitpoints ALTER COLUMN run_id DROP NOT NULL`);
    await db.query(`ALTER TABLE waitpoints ADD COLUMN conversation_id uuid`);
    await db.query(`ALTER TABLE waitpoints ADD CONSTRAINT fk_waitpoints_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE`);
    // A conversation has at most one open inactivity timer.
    await db.query(`CREATE UNIQUE INDEX uq_waitpoints_open_conversation ON waitpoints (conversation_id) WHERE status = 'waiting' AND conversation_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS uq_waitpoints_open_conversation`);
    await db.query(`ALTER TABLE waitpoints DROP CONSTRAINT IF EXISTS fk_waitpoints_conversation`);
    await db.query(`ALTER TABLE waitpoints DROP COLUMN IF EXISTS conversation_id`);
    await db.query(`DELETE FROM waitpoints WHERE run_id IS NULL`);
    await db.query(`ALTER TABLE waitpoints ALTER COLUMN run_id SET NOT NULL`);
    await db.query(`DROP INDEX IF EXISTS ix_messages_conversation`);
    await db.query(`ALTER TABLE messages DROP COLUMN IF EXISTS customer_name`);
    await db.query(`ALTER TABLE messages DROP COLUMN IF EXISTS status_at`);
    await db.query(`ALTER TABLE messages DROP COLUMN IF EXISTS conversation_id`);
    await db.query(`DROP FUNCTION IF EXISTS switchboard_status_rank(text)`);
    for (const table of ['message_statuses', 'webhook_deliveries', 'message_templates', 'contacts', 'conversations']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
