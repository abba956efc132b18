import { Inject, Injectable } from '@nestjs/common';
import type { DeliveryView } from '@switchboard/shared';
import type { Pool } from 'pg';
import { PG_POOL } from '../../runtime/tokens';

/** Failed tries after which a delivery is parked as `failed` until someone retries it by hand. */
export const WEBHOOK_MAX_TRIES = 5;

export type DeliveryStatus = 'received' | 'processed' | 'failed';

/** A stored delivery as the processor needs it. */
export interface StoredDelivery {
  id: string;
  workspaceId: string;
  workspaceName: string;
  connectionId: string;
  provider: string;
  body: string;
  status: DeliveryStatus;
}

/** The `webhook_deliveries` table: what providers sent, and how processing it went. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Stores what a provider sent, as received (processed later from the queue). */
  async insertReceived(delivery: { id: string; workspaceId: string; connectionId: string; provider: string; body: string }): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_deliveries (id, workspace_id, connection_id, provider, body, status) VALUES ($1, $2, $3, $4, $5, 'received')`,
      [delivery.id, delivery.workspaceId, delivery.connectionId, delivery.provider, delivery.body],
    );
  }

  async load(id: string): Promise<StoredDelivery | null> {
    const { rows } = await this.pool.query(
      `SELECT d.id, d.workspace_id, d.connection_id, d.provider, d.body, d.status, w.name AS workspace_name
         FROM webhook_deliveries d JOIN workspaces w ON w.id = d.workspace_id WHERE d.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      workspaceName: row.workspace_name,
      connectionId: row.connection_id,
      provider: row.provider,
      body: row.body,
      status: row.status,
    };
  }

  async finish(id: string, status: 'processed' | 'failed', error: string | null): Promise<void> {
    await this.pool.query(`UPDATE webhook_deliveries SET status = $2, error = $3, processed_at = now() WHERE id = $1`, [id, status, error]);
  }

  /**
   * Counts a failed try of a delivery still to process and keeps its error; at the last try the
   * delivery is parked as `failed`. Returns its status then (null when it is not `received`).
   */
  async recordFailure(id: string, error: string): Promise<{ status: DeliveryStatus; attempts: number } | null> {
    const { rows } = await this.pool.query(
      `UPDATE webhook_deliveries
          SET attempts = attempts + 1, error = $2,
              status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE status END,
              processed_at = CASE WHEN attempts + 1 >= $3 THEN now() ELSE processed_at END
        WHERE id = $1 AND status = 'received'
        RETURNING status, attempts`,
      [id, error.slice(0, 4000), WEBHOOK_MAX_TRIES],
    );
    return rows[0] ? { status: rows[0].status, attempts: rows[0].attempts } : null;
  }

  /** Deliveries stored at least `olderThanMs` ago and still not processed (their job may be lost). */
  async pending(olderThanMs: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'received' AND received_at < now() - make_interval(secs => $1 / 1000.0) ORDER BY received_at LIMIT $2`,
      [olderThanMs, limit],
    );
    return rows.map((row) => row.id as string);
  }

  /** A workspace's deliveries in one status, newest first. */
  async list(workspaceId: string, status: DeliveryStatus, limit: number): Promise<DeliveryView[]> {
    const { rows } = await this.pool.query(
      `SELECT id, connection_id, provider, status, attempts, error, received_at, processed_at
         FROM webhook_deliveries WHERE workspace_id = $1 AND status = $2 ORDER BY received_at DESC LIMIT $3`,
      [workspaceId, status, limit],
    );
    return rows.map(toView);
  }

  /**
   * Puts a failed delivery of the workspace back to be processed, its tries counted afresh.
   * `null` when the workspace has no such delivery; `'not_failed'` when it is not failed.
   */
  async reopen(workspaceId: string, id: string): Promise<DeliveryView | 'not_failed' | null> {
    const { rows } = await this.pool.query(
      `WITH reopened AS (
         UPDATE webhook_deliveries SET status = 'received', attempts = 0, error = NULL, processed_at = NULL
          WHERE id = $2 AND workspace_id = $1 AND status = 'failed'
          RETURNING id, connection_id, provider, status, attempts, error, received_at, processed_at, true AS reopened)
       SELECT * FROM reopened
       UNION ALL
       SELECT id, connection_id, provider, status, attempts, error, received_at, processed_at, false
         FROM webhook_deliveries WHERE id = $2 AND workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM reopened)`,
      [workspaceId, id],
    );
    const row = rows[0];
    if (!row) return null;
    return row.reopened ? toView(row) : 'not_failed';
  }
}

function toView(row: Record<string, unknown>): DeliveryView {
  return {
    id: row.id as string,
    connectionId: row.connection_id as string,
    provider: row.provider as string,
    status: row.status as DeliveryStatus,
    attempts: row.attempts as number,
    error: (row.error as string | null) ?? null,
    receivedAt: (row.received_at as Date).toISOString(),
    processedAt: row.processed_at ? (row.processed_at as Date).toISOString() : null,
  };
}
