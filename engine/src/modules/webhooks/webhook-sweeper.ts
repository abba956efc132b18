import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { BullJobQueue } from '../../queue/step-queue';
import { LOGGER } from '../../runtime/tokens';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

/** Webhook deliveries stored but not processed after this long are queued again. */
const PENDING_AFTER_MS = 30_000;

/**
 * Part of the sweep: a delivery that was stored and answered 200 is never lost, even if its
 * job was. Each delivery is queued on its own: one that throws is logged and the others go on.
 */
@Injectable()
export class WebhookSweeper {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly queue: BullJobQueue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sweep(): Promise<number> {
    const ids = await this.deliveries.pending(PENDING_AFTER_MS, 500);
    let queued = 0;
    for (const id of ids) {
      try {
        await this.queue.enqueueWebhook(id);
        queued++;
      } catch (error) {
        this.logger.error({ deliveryId: id, err: error }, 'could not queue a pending webhook delivery again; the next sweep tries again');
      }
    }
    return queued;
  }
}
