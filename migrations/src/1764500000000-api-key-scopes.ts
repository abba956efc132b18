import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an API key may do: `admin`, `read`, `events:write`. Keys that exist keep full power
 * (`admin`). A revoked key is deleted, not marked: nothing refers to a key's row, and a
 * revoked key has nothing left to show.
 */
export class ApiKeyScopes1764500000000 implements MigrationInterface {
  name = 'ApiKeyScopes1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{admin}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys DROP COLUMN IF EXISTS scopes`);
  }
}
