import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Templates are created in Switchboard, not only synced: a template keeps its components (Meta's
 * format), when it was submitted, why it was rejected, its quality score and when its status last
 * changed. `auto_approve_at` is the sandbox's review: a sandbox template still PENDING then is
 * read as APPROVED, so the approval survives a restart without a timer.
 */
export class TemplateLifecycle1765010000000 implements MigrationInterface {
  name = 'TemplateLifecycle1765010000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE message_templates ADD COLUMN components jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`ALTER TABLE message_templates ADD COLUMN rejection_reason text`);
    await db.query(`ALTER TABLE message_templates ADD COLUMN quality text`);
    await db.query(`ALTER TABLE message_templates ADD COLUMN submitted_at timestamptz`);
    await db.query(`ALTER TABLE message_templates ADD COLUMN status_updated_at timestamptz NOT NULL DEFAULT now()`);
    await db.query(`ALTER TABLE message_templates ADD COLUMN auto_approve_at timestamptz`);
    // Status webhooks name the template by Meta's id first.
    await db.query(`CREATE INDEX ix_message_templates_external_id ON message_templates (external_id) WHERE external_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_message_templates_external_id`);
    for (const column of ['auto_approve_at', 'status_updated_at', 'submitted_at', 'quality', 'rejection_reason', 'components']) {
      await db.query(`ALTER TABLE message_templates DROP COLUMN IF EXISTS ${column}`);
    }
  }
}
