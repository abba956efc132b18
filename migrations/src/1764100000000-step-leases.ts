import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Step leases: while a worker executes a side-effect step it holds the step's row here, so a
 * second worker handed the same job (a BullMQ lock lost to a GC pause or a blocked loop) does
 * not execute it at the same time. A lease ends when its holder stores the step, or at `until`
 * if the holder died. No foreign key: a lease lives seconds and is written on the hot path.
 */
export class StepLeases1764100000000 implements MigrationInterface {
  name = 'StepLeases1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE step_leases (
        run_id uuid NOT NULL,
        node_id text NOT NULL,
        scope text NOT NULL DEFAULT '',
        owner text NOT NULL,
        until timestamptz NOT NULL,
        CONSTRAINT pk_step_leases PRIMARY KEY (run_id, node_id, scope)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE step_leases`);
  }
}
