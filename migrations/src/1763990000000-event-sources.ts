import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Event ids are unique per source, not per workspace: an inbound webhook's Idempotency-Key
 * (which anyone who knows the URL sends) can no longer claim the id of a call posted to
 * `/api/events`, a WhatsApp message or a schedule's tick. Earlier events count as the API's.
 */
export class EventSources1763990000000 implements MigrationInterface {
  name = 'EventSources1763990000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN source text NOT NULL DEFAULT 'api'`);
    await db.query(`CREATE UNIQUE INDEX uq_events_workspace_source_external ON events (workspace_id, source, external_id)`);
    await db.query(`DROP INDEX uq_events_workspace_external`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNIQUE INDEX uq_events_workspace_external ON events (workspace_id, external_id)`);
    await db.query(`DROP INDEX uq_events_workspace_source_external`);
    await db.query(`ALTER TABLE events DROP COLUMN source`);
  }
}
