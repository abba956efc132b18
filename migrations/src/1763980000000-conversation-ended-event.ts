import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a closed conversation's `conversation.ended` event was taken in. A conversation closed
 * without it (the process stopped between closing it and ingesting the event) is found by the
 * sweep through the partial index and ended again (the event id makes that once).
 */
export class ConversationEndedEvent1763980000000 implements MigrationInterface {
  name = 'ConversationEndedEvent1763980000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE conversations ADD COLUMN ended_event_at timestamptz`);
    // Conversations closed before this migration had their event taken in when they closed.
    await db.query(`UPDATE conversations SET ended_event_at = closed_at WHERE status = 'closed'`);
    await db.query(`CREATE INDEX ix_conversations_ended_pending ON conversations (closed_at) WHERE status = 'closed' AND ended_event_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS ix_conversations_ended_pending`);
    await db.query(`ALTER TABLE conversations DROP COLUMN ended_event_at`);
  }
}
