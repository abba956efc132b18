import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook deliveries count their failed tries: a delivery whose processing keeps failing is
 * parked as `failed` (with its last error) after a bounded number, instead of being queued
 * again by every sweep for ever. The failed ones are listed per workspace, newest first.
 */
export class WebhookDeliveryTries1764020000000 implements MigrationInterface {
  name = 'WebhookDeliveryTries1764020000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_deliveries ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await db.query(`CREATE INDEX ix_webhook_deliveries_workspace_status ON webhook_deliveries (workspace_id, status, received_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_webhook_deliveries_workspace_status`);
    await db.query(`ALTER TABLE webhook_deliveries DROP COLUMN attempts`);
  }
}
