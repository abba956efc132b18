import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sweep reads waiting waitpoints in keyset pages ordered by (wake_at, id). With the id in
 * the index each page is one range scan in index order, whatever the planner estimates; on
 * wake_at alone a page could read every later waitpoint and sort them, once per page, which
 * made arming every alarm after Redis lost its data quadratic in the number of waits.
 */
export class WaitpointsDueKeyset1765110000000 implements MigrationInterface {
  name = 'WaitpointsDueKeyset1765110000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_waitpoints_due`);
    await db.query(`CREATE INDEX ix_waitpoints_due ON waitpoints (wake_at, id) WHERE status = 'waiting'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_waitpoints_due`);
    await db.query(`CREATE INDEX ix_waitpoints_due ON waitpoints (wake_at) WHERE status = 'waiting'`);
  }
}
