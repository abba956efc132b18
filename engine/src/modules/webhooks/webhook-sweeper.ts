import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { BullJobQueue } from '../../queue/step-queue';
import { PG_POOL } from '../../runtime/tokens';

/** Webhook deliveries stored but not processed after this long are queued again. */
const PENDING_AFTER_MS = 30_000;

/** Part of the sweep: a delivery that was stored and answered 200 is never lost, even if its job was. */
@Injectable()
export class WebhookSweeper {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly queue: BullJobQueue,
  ) {}

  async sweep(): Promise<number> {
    const { rows } = await this.pool.query(
      `SELECT id FROM webhook_deliveries WHERE status = 'received' AND received_at < now() - make_interval(secs => $1 / 1000.0) ORDER BY received_at LIMIT 500`,
      [PENDING_AFTER_MS],
    );
    for (const row of rows) await this.queue.enqueueWebhook(row.id as string);
    return rows.length;
  }
}
