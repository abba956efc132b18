import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a voice platform actually sent, kept with the event it became (for debugging the
 * mapping), credentials removed: `{ "<event kind>": <payload> }`, so a later analysis delivery
 * recorded on the same call's event sits next to the first. Null for every other event.
 */
export class EventRaw1765100000000 implements MigrationInterface {
  name = 'EventRaw1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN raw jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events DROP COLUMN IF EXISTS raw`);
  }
}
