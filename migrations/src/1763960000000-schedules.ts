import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published `schedule.cron` flows: the schedule each is armed with (a BullMQ job scheduler is
 * only its clock) and the last tick that started a run, so a tick missed while everything was
 * down runs once at start-up.
 */
export class Schedules1763960000000 implements MigrationInterface {
  name = 'Schedules1763960000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE schedules (
        flow_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        version_id uuid NOT NULL,
        cron text NOT NULL,
        timezone text NOT NULL,
        armed_at timestamptz NOT NULL DEFAULT now(),
        last_fired_at timestamptz,
        CONSTRAINT pk_schedules PRIMARY KEY (flow_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE schedules`);
  }
}
