import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook namespaces that cannot be squatted (issue 12).
 *
 * - Every workspace gets an unguessable webhook token (`wh_` + 32 hex digits, 128 bits from
 *   SHA-256 over two random uuids): `POST /webhooks/in/<token>/<path>` reaches only that
 *   workspace. A column default, so every way of creating a workspace gets one; existing
 *   workspaces get theirs here (a volatile default is evaluated per row).
 * - `webhook_legacy_paths`: who holds the token-less URL `POST /webhooks/in/<path>`. A path is
 *   claimed by the first workspace that publishes it and stays claimed when its flow is
 *   unpublished or deleted, so another workspace can never take over its callers. Filled here
 *   from the flows published now first (their URLs keep working), then from every earlier
 *   published version, oldest first.
 */
export class WebhookNamespaces1764230000000 implements MigrationInterface {
  name = 'WebhookNamespaces1764230000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION new_webhook_token() RETURNS text LANGUAGE sql VOLATILE AS $$
        SELECT 'wh_' || left(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 32)
      $$`);
    await db.query(`ALTER TABLE workspaces ADD COLUMN webhook_token text NOT NULL DEFAULT new_webhook_token()`);
    await db.query(`CREATE UNIQUE INDEX uq_workspaces_webhook_token ON workspaces (webhook_token)`);

    await db.query(`
      CREATE TABLE webhook_legacy_paths (
        path text NOT NULL,
        workspace_id uuid NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_legacy_paths PRIMARY KEY (path),
        CONSTRAINT fk_webhook_legacy_paths_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_webhook_legacy_paths_workspace ON webhook_legacy_paths (workspace_id)`);
    // 'lead-form' is the trigger's default path (nodes/src/triggers/webhook-received.ts).
    await db.query(`
      INSERT INTO webhook_legacy_paths (path, workspace_id)
      SELECT DISTINCT ON (path) path, workspace_id FROM (
        SELECT coalesce(node->'config'->>'path', 'lead-form') AS path, f.workspace_id, 0 AS rank, v.created_at
          FROM flows f
          JOIN flow_versions v ON v.id = f.published_version_id
          CROSS JOIN LATERAL jsonb_array_elements(v.graph->'nodes') AS node
         WHERE f.published_version_id IS NOT NULL AND f.deleted_at IS NULL AND node->>'type' = 'webhook.received'
        UNION ALL
        SELECT coalesce(node->'config'->>'path', 'lead-form'), v.workspace_id, 1, v.created_at
          FROM flow_versions v
          CROSS JOIN LATERAL jsonb_array_elements(v.graph->'nodes') AS node
         WHERE NOT v.is_test AND v.trigger_type = 'webhook.received' AND node->>'type' = 'webhook.received'
      ) AS claims
      ORDER BY path, rank, created_at
      ON CONFLICT (path) DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_legacy_paths`);
    await db.query(`DROP INDEX uq_workspaces_webhook_token`);
    await db.query(`ALTER TABLE workspaces DROP COLUMN webhook_token`);
    await db.query(`DROP FUNCTION new_webhook_token()`);
  }
}
