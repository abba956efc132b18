import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft's revision: 1 when created, one more on every saved change. A save may name the
 * revision it started from (`baseRevision`); when another save came first it is refused with
 * 409 instead of silently overwriting that one.
 */
export class DraftRevision1764700000000 implements MigrationInterface {
  name = 'DraftRevision1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE flows ADD COLUMN revision integer NOT NULL DEFAULT 1`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE flows DROP COLUMN IF EXISTS revision`);
  }
}
