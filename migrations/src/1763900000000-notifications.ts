import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AI and post-call notifications: AI conversations with their turns (the memory of
 * `ai.generate_reply`), emails (sent or captured), tasks and team alerts. Each row a step
 * writes carries the step's idempotency key, so a retried step never writes it twice. Runs
 * keep the `{{dyn_*}}` values extracted for them.
 */
export class Notifications1763900000000 implements MigrationInterface {
  name = 'Notifications1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ai_conversations (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        customer_identifier text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_ai_conversations PRIMARY KEY (id)
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_ai_conversations_customer ON ai_conversations (workspace_id, customer_identifier)`);

    await db.query(`
      CREATE TABLE ai_turns (
        id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        role text NOT NULL,
        text text NOT NULL,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_ai_turns PRIMARY KEY (id),
        CONSTRAINT fk_ai_turns_conversation FOREIGN KEY (conversation_id) REFERENCES ai_conversations (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_ai_turns_conversation ON ai_turns (conversation_id, created_at)`);
    await db.query(`CREATE UNIQUE INDEX uq_ai_turns_idempotency_key ON ai_turns (idempotency_key, role) WHERE idempotency_key IS NOT NULL`);

    await db.query(`
      CREATE TABLE emails (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        connection_id uuid,
        "from" text NOT NULL,
        "to" jsonb NOT NULL,
        subject text NOT NULL,
        html text NOT NULL,
        delivery text NOT NULL,
        error text,
        message_id text,
        run_id uuid,
        flow_id uuid,
        node_id text,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_emails PRIMARY KEY (id)
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_emails_idempotency_key ON emails (idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await db.query(`CREATE INDEX ix_emails_workspace_created ON emails (workspace_id, created_at)`);

    await db.query(`
      CREATE TABLE tasks (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        priority text NOT NULL,
        status text NOT NULL DEFAULT 'open',
        assignee text,
        run_id uuid,
        flow_id uuid,
        conversation_id text,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_tasks PRIMARY KEY (id)
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_tasks_idempotency_key ON tasks (idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await db.query(`CREATE INDEX ix_tasks_workspace_status ON tasks (workspace_id, status, created_at)`);

    await db.query(`
      CREATE TABLE alerts (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        message text NOT NULL,
        recipients jsonb NOT NULL,
        kind text NOT NULL,
        run_id uuid,
        flow_id uuid,
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT pk_alerts PRIMARY KEY (id)
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_alerts_idempotency_key ON alerts (idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await db.query(`CREATE INDEX ix_alerts_workspace_created ON alerts (workspace_id, created_at)`);

    await db.query(`ALTER TABLE runs ADD COLUMN dynamic_variables jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE runs DROP COLUMN dynamic_variables`);
    for (const table of ['alerts', 'tasks', 'emails', 'ai_turns', 'ai_conversations']) await db.query(`DROP TABLE ${table}`);
  }
}
