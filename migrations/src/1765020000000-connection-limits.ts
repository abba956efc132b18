import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Meta says about a WhatsApp sender's limits, as last learned (the phone number's fields at
 * the health check, the `phone_number_quality_update` webhook): its messaging-limit tier (the
 * unique customers it may start conversations with in a moving 24 hours), the daily limit that
 * tier means, its quality rating and its throughput. One row per connection, gone with it.
 */
export class ConnectionLimits1765020000000 implements MigrationInterface {
  name = 'ConnectionLimits1765020000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE connection_limits (
        connection_id uuid NOT NULL,
        tier text,
        daily_limit integer,
        quality_rating text,
        throughput_per_second integer,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_connection_limits PRIMARY KEY (connection_id),
        CONSTRAINT fk_connection_limits_connection FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS connection_limits`);
  }
}
