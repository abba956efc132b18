import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run can be replayed from one of its steps: the replay is a new run of the same event on the
 * flow's current published version, and `replay_of` names the run it replays. A replay shares
 * its original's event (the customer's erasure and retention find it with it), so an event has
 * at most one run per version among the runs that are not replays only.
 */
export class RunReplays1764910000000 implements MigrationInterface {
  name = 'RunReplays1764910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE runs ADD COLUMN replay_of uuid`);
    await db.query(`DROP INDEX IF EXISTS uq_runs_event_version`);
    await db.query(`CREATE UNIQUE INDEX uq_runs_event_version ON runs (event_id, flow_version_id) WHERE replay_of IS NULL`);
    await db.query(`CREATE INDEX ix_runs_replay_of ON runs (replay_of) WHERE replay_of IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_runs_replay_of`);
    await db.query(`DELETE FROM runs WHERE replay_of IS NOT NULL`);
    await db.query(`DROP INDEX IF EXISTS uq_runs_event_version`);
    await db.query(`CREATE UNIQUE INDEX uq_runs_event_version ON runs (event_id, flow_version_id)`);
    await db.query(`ALTER TABLE runs DROP COLUMN IF EXISTS replay_of`);
  }
}
