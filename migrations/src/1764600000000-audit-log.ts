import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: who (an API key today, a user later) did what (`flow.publish`,
 * `connection.update`, `run.retry`…) to which object, when. Entries are the operator's record
 * of changes, not customer data: `RETENTION_DAYS` does not prune them; they go with their
 * workspace. Read newest first per workspace.
 */
export class AuditLog1764600000000 implements MigrationInterface {
  name = 'AuditLog1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor jsonb NOT NULL,
        action text NOT NULL,
        target jsonb NOT NULL,
        summary text NOT NULL,
        CONSTRAINT pk_audit_log PRIMARY KEY (id),
        CONSTRAINT fk_audit_log_workspace FOREIGN KEY (workspace_id) REFERENCES workspaces (id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_audit_log_workspace_at ON audit_log (workspace_id, at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS audit_log`);
  }
}
