import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's photo, voice note or document is referenced, not copied: the message keeps
 * Meta's media id and MIME type, so a flow (or an operator) can send the same file on from the
 * same sender (`whatsapp.send_media` with `mediaId`) or download it while Meta keeps it.
 */
export class MessageMedia1765000000000 implements MigrationInterface {
  name = 'MessageMedia1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ADD COLUMN media_id text`);
    await db.query(`ALTER TABLE messages ADD COLUMN media_mime_type text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages DROP COLUMN IF EXISTS media_mime_type`);
    await db.query(`ALTER TABLE messages DROP COLUMN IF EXISTS media_id`);
  }
}
