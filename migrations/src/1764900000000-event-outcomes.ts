import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activity: what each event did to every published flow of its type, stored with the event as
 * it was decided (`outcomes`: `[{ flowId, versionId, version, name, started, runId?, reason? }]`),
 * and how often its id was delivered again (`duplicates`, `last_duplicate_at`), so "why did my
 * flow not start?" has an answer after the flow changed. Written by the ingest statement itself:
 * no extra round trip on the hot path.
 *
 * Activity reads a workspace's events newest first (`ix_events_workspace_received`) and finds a
 * call by its id (`ix_events_call`); the customer's phone already has `ix_events_customer`.
 */
export class EventOutcomes1764900000000 implements MigrationInterface {
  name = 'EventOutcomes1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE events
        ADD COLUMN outcomes jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN duplicates integer NOT NULL DEFAULT 0,
        ADD COLUMN last_duplicate_at timestamptz`);
    await db.query(`CREATE INDEX ix_events_workspace_received ON events (workspace_id, received_at DESC, id DESC)`);
    await db.query(`
      CREATE INDEX ix_events_call ON events (workspace_id, (data -> 'call' ->> 'id'))
      WHERE data -> 'call' ->> 'id' IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_events_call`);
    await db.query(`DROP INDEX IF EXISTS ix_events_workspace_received`);
    await db.query(`ALTER TABLE events DROP COLUMN IF EXISTS last_duplicate_at, DROP COLUMN IF EXISTS duplicates, DROP COLUMN IF EXISTS outcomes`);
  }
}
