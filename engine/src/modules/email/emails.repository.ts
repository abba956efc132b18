import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EmailView } from '@switchboard/shared';
import type { Pool } from 'pg';
import { PG_POOL } from '../../runtime/tokens';
import type { Queryable } from '../messages/messages.repository';

export type EmailDelivery = 'pending' | 'sent' | 'captured' | 'failed' | 'unknown';

/**
 * Who in a workspace may read a mail: `members` (what steps send), `admins` (invitations: their
 * link joins the workspace), `owners` (password resets kept for the operator: their link signs in).
 */
export type EmailAudience = 'members' | 'admins' | 'owners';

/** A mail as a step asks for it, under the step's idempotency key. */
export interface NewEmail {
  workspaceId: string;
  connectionId: string | null;
  from: string;
  to: string[];
  subject: string;
  html: string;
  runId: string;
  flowId: string;
  nodeId: string;
  idempotencyKey: string;
}

/** What an earlier attempt of the same step stored. */
export interface StoredEmail {
  id: string;
  delivery: EmailDelivery;
  messageId: string | null;
  to: string[];
}

/** The `emails` table: the email port writes it, `GET /api/emails` and run retries read and release it. */
@Injectable()
export class EmailsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Stores the mail as pending under its key; null when the key already has one (see `byKey`). */
  async insertPending(email: NewEmail): Promise<string | null> {
    const id = randomUUID();
    const inserted = await this.pool.query(
      `INSERT INTO emails (id, workspace_id, connection_id, "from", "to", subject, html, delivery, run_id, flow_id, node_id, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11)
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
      [id, email.workspaceId, email.connectionId, email.from, JSON.stringify(email.to), email.subject, email.html, email.runId, email.flowId, email.nodeId, email.idempotencyKey],
    );
    return inserted.rowCount === 1 ? id : null;
  }

  async byKey(idempotencyKey: string): Promise<StoredEmail | null> {
    const { rows } = await this.pool.query<{ id: string; delivery: EmailDelivery; message_id: string | null; to: string[] }>(
      `SELECT id, delivery, message_id, "to" FROM emails WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    const row = rows[0];
    return row ? { id: row.id, delivery: row.delivery, messageId: row.message_id, to: row.to } : null;
  }

  /** Claims a stored mail again with the new attempt's content while its delivery is one of `from`; false when another claim won. */
  async reclaim(id: string, email: Pick<NewEmail, 'to' | 'subject' | 'html' | 'from' | 'connectionId'>, from: EmailDelivery[]): Promise<boolean> {
    const reclaimed = await this.pool.query(
      `UPDATE emails SET delivery = 'pending', error = NULL, "to" = $2, subject = $3, html = $4, "from" = $5, connection_id = $6 WHERE id = $1 AND delivery = ANY($7::text[])`,
      [id, JSON.stringify(email.to), email.subject, email.html, email.from, email.connectionId, from],
    );
    return reclaimed.rowCount === 1;
  }

  /** The mail was handed over (`sent`) or kept here (`captured`). */
  async delivered(id: string, delivery: 'sent' | 'captured', messageId: string): Promise<void> {
    await this.pool.query(`UPDATE emails SET delivery = $3, message_id = $2, error = NULL WHERE id = $1`, [id, messageId, delivery]);
  }

  /** The hand-over failed, or its outcome is unknown. */
  async undelivered(id: string, delivery: 'failed' | 'unknown', error: string): Promise<void> {
    await this.pool.query(`UPDATE emails SET delivery = $3, error = $2 WHERE id = $1`, [id, error, delivery]);
  }

  /** A retry of the run sends these steps' mails again on purpose: their unknown or pending claims become failed (claimable). */
  async releaseUnknown(runId: string, nodeIds: string[], db: Queryable = this.pool): Promise<void> {
    await db.query(`UPDATE emails SET delivery = 'failed' WHERE run_id = $1 AND node_id = ANY($2::text[]) AND delivery IN ('pending', 'unknown')`, [runId, nodeIds]);
  }

  /** A mail the engine sent (or captured) on its own behalf: no run, no idempotency key. */
  async insertSystem(email: { workspaceId: string; audience: EmailAudience; from: string; to: string[]; subject: string; html: string; delivery: 'sent' | 'captured'; messageId: string }): Promise<void> {
    await this.pool.query(
      `INSERT INTO emails (id, workspace_id, "from", "to", subject, html, delivery, message_id, audience) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), email.workspaceId, email.from, JSON.stringify(email.to), email.subject, email.html, email.delivery, email.messageId, email.audience],
    );
  }

  /** A workspace's mails a reader of `audiences` may see, newest first. */
  async list(workspaceId: string, filter: { runId?: string; delivery?: EmailDelivery; limit: number }, audiences: readonly EmailAudience[]): Promise<EmailView[]> {
    const { rows } = await this.pool.query(
      `SELECT *, COALESCE((SELECT r.is_test FROM runs r WHERE r.id = emails.run_id), false) AS run_is_test FROM emails WHERE workspace_id = $1 AND ($2::uuid IS NULL OR run_id = $2) AND ($3::text IS NULL OR delivery = $3) AND audience = ANY($5::text[])
        ORDER BY created_at DESC LIMIT $4`,
      [workspaceId, filter.runId ?? null, filter.delivery ?? null, filter.limit, audiences],
    );
    return rows.map(toEmailView);
  }
}

function toEmailView(row: Record<string, unknown>): EmailView {
  return {
    id: row.id as string,
    to: row.to as string[],
    from: row.from as string,
    subject: row.subject as string,
    html: row.html as string,
    delivery: row.delivery as EmailView['delivery'],
    error: row.error as string | null,
    messageId: row.message_id as string | null,
    connectionId: row.connection_id as string | null,
    runId: row.run_id as string | null,
    flowId: row.flow_id as string | null,
    isTest: row.run_is_test === true,
    nodeId: row.node_id as string | null,
    createdAt: (row.created_at as Date).toISOString(),
  };
}
