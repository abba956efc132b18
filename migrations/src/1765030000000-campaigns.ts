import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Broadcast campaigns. Contacts get tags and attributes (set by flows and the API) so a
 * campaign's audience can be a segment of them. A campaign sends one approved template to its
 * recipients; each recipient is a row that the dispatcher turns into a run when it is due
 * (`FOR UPDATE SKIP LOCKED`, so several workers never start one twice), paced under the
 * sender's rate. A recipient's send status is read from its run's message.
 */
export class Campaigns1765030000000 implements MigrationInterface {
  name = 'Campaigns1765030000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE contacts ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE contacts ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE TABLE campaigns (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        connection_id uuid NOT NULL,
        template text NOT NULL,
        language text NOT NULL,
        parameters jsonb NOT NULL DEFAULT '[]',
        flow_id uuid NOT NULL,
        status text NOT NULL,
        send_at timestamptz,
        time_zone text,
        total integer NOT NULL DEFAULT 0,
        last_dispatch_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT pk_campaigns PRIMARY KEY (id),
        CONSTRAINT fk_campaigns_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE,
        CONSTRAINT ck_campaigns_status CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'))
      )`);
    await db.query(`CREATE INDEX ix_campaigns_workspace_created ON campaigns (workspace_id, created_at)`);
    await db.query(`CREATE INDEX ix_campaigns_active ON campaigns (status) WHERE status IN ('scheduled', 'running')`);
    await db.query(`
      CREATE TABLE campaign_recipients (
        campaign_id uuid NOT NULL,
        phone text NOT NULL,
        name text,
        attributes jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        run_id uuid,
        error_code text,
        started_at timestamptz,
        CONSTRAINT pk_campaign_recipients PRIMARY KEY (campaign_id, phone),
        CONSTRAINT fk_campaign_recipients_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE,
        CONSTRAINT ck_campaign_recipients_status CHECK (status IN ('pending', 'skipped_opted_out', 'started', 'cancelled'))
      )`);
    await db.query(`CREATE INDEX ix_campaign_recipients_due ON campaign_recipients (campaign_id, due_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX ix_campaign_recipients_run ON campaign_recipients (run_id) WHERE run_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS campaign_recipients`);
    await db.query(`DROP TABLE IF EXISTS campaigns`);
    await db.query(`ALTER TABLE contacts DROP COLUMN IF EXISTS attributes`);
    await db.query(`ALTER TABLE contacts DROP COLUMN IF EXISTS tags`);
  }
}
