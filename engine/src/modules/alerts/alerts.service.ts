import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AlertRequest, AlertsPort } from '@switchboard/nodes';
import type { Pool } from 'pg';
import { z } from 'zod';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import type { EngineConfig } from '../../config/config';
import { PubSub } from '../../runtime/pubsub';
import { CONFIG, PG_POOL } from '../../runtime/tokens';
import type { AlertEntity } from './alert.entity';
import { alertListQuerySchema, type AlertView, updateAlertSchema } from '@switchboard/shared';

export interface NewAlert extends AlertRequest {
  workspaceId: string;
  kind: 'flow' | 'run_failed';
  runId?: string | null;
  flowId?: string | null;
  /** Raised by a test run's step: the inbox marks it "test". */
  isTest?: boolean;
  /** Raising the same key twice stores one alert (a retried step, a run failing twice over). */
  idempotencyKey: string;
}

/**
 * Team alerts: stored in Postgres, then announced on Redis pub/sub so every API process can
 * push them to its open `GET /api/alerts/stream` connections, whichever worker raised them.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap {
  private readonly channel: string;
  private readonly local = new EventEmitter();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly pubsub: PubSub,
    @Inject(CONFIG) config: EngineConfig,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:alerts`;
    this.local.setMaxListeners(0);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.pubsub.subscribe(this.channel, (message) => {
      const { workspaceId, alert } = message as { workspaceId: string; alert: AlertView };
      this.local.emit(workspaceId, alert);
    });
  }

  forStep(origin: { workspaceId: string; runId: string; flowId: string; idempotencyKey: string; isTest?: boolean }): AlertsPort {
    return { raise: (request) => this.raise({ ...request, ...origin, kind: 'flow' }) };
  }

  /** Stores the alert (once per key) and announces it to every process. */
  async raise(alert: NewAlert): Promise<{ alertId: string }> {
    const { rows } = await this.pool.query<{ id: string; created_at: Date; inserted: boolean }>(
      `WITH inserted AS (
         INSERT INTO alerts (id, workspace_id, message, recipients, kind, run_id, flow_id, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id, created_at, true AS inserted)
       SELECT * FROM inserted UNION ALL SELECT id, created_at, false FROM alerts WHERE idempotency_key = $8`,
      [randomUUID(), alert.workspaceId, alert.message, JSON.stringify(alert.recipients), alert.kind, alert.runId ?? null, alert.flowId ?? null, alert.idempotencyKey],
    );
    const row = rows[0]!;
    if (row.inserted) {
      const view = toAlertView({ ...alert, id: row.id, createdAt: row.created_at, readAt: null, runId: alert.runId ?? null, flowId: alert.flowId ?? null, isTest: alert.isTest === true });
      await this.pubsub.publish(this.channel, { workspaceId: alert.workspaceId, alert: view });
    }
    return { alertId: row.id };
  }

  /** Calls `listener` with every alert of the workspace raised from now on; returns the unsubscribe. */
  subscribe(workspaceId: string, listener: (alert: AlertView) => void): () => void {
    this.local.on(workspaceId, listener);
    return () => this.local.off(workspaceId, listener);
  }

  async list(workspaceId: string, query: unknown) {
    const filter = parseInput(alertListQuerySchema, query);
    const { rows } = await this.pool.query(
      `SELECT *, COALESCE((SELECT r.is_test FROM runs r WHERE r.id = alerts.run_id), false) AS run_is_test FROM alerts WHERE workspace_id = $1 AND (NOT $2::boolean OR read_at IS NULL) ORDER BY created_at DESC LIMIT $3`,
      [workspaceId, filter.unread === 'true', filter.limit],
    );
    return { alerts: rows.map(fromRow).map(toAlertView) };
  }

  async update(workspaceId: string, id: string, body: unknown) {
    const { read } = parseInput(updateAlertSchema, body);
    const { rows } = z.uuid().safeParse(id).success
      ? await this.pool.query(`UPDATE alerts SET read_at = CASE WHEN $3 THEN COALESCE(read_at, now()) ELSE NULL END WHERE id = $1 AND workspace_id = $2 RETURNING *, COALESCE((SELECT r.is_test FROM runs r WHERE r.id = alerts.run_id), false) AS run_is_test`, [id, workspaceId, read])
      : { rows: [] };
    if (!rows[0]) throw ApiError.notFound('alert', id);
    return toAlertView(fromRow(rows[0]));
  }
}

/** An alert as stored, with whether its run is a test run (false without a run). */
type StoredAlert = Pick<AlertEntity, 'id' | 'message' | 'recipients' | 'kind' | 'runId' | 'flowId' | 'createdAt' | 'readAt'> & { isTest: boolean };

function fromRow(row: Record<string, any>): StoredAlert {
  return { id: row.id, message: row.message, recipients: row.recipients, kind: row.kind, runId: row.run_id, flowId: row.flow_id, createdAt: row.created_at, readAt: row.read_at, isTest: row.run_is_test === true };
}

export function toAlertView(alert: StoredAlert): AlertView {
  return {
    id: alert.id,
    message: alert.message,
    recipients: alert.recipients,
    kind: alert.kind,
    runId: alert.runId,
    flowId: alert.flowId,
    isTest: alert.isTest,
    createdAt: new Date(alert.createdAt).toISOString(),
    readAt: alert.readAt ? new Date(alert.readAt).toISOString() : null,
  };
}
