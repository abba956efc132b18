import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's trace context (OpenTelemetry, when the engine traces): the run's span ids and its
 * parent's, as W3C `traceparent`/`tracestate` text. A run outlives processes and may last
 * hours, so its span is emitted when it ends, from what is stored here; its steps, in
 * whatever worker runs them, are its children. Null for runs started while tracing was off.
 */
export class RunTraceContext1764400000000 implements MigrationInterface {
  name = 'RunTraceContext1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE runs ADD COLUMN trace_context jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE runs DROP COLUMN IF EXISTS trace_context`);
  }
}
