import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { BullJobQueue } from '../../queue/step-queue';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { ApiContract } from '../../common/api-body';
import { deliveryListQuerySchema, type DeliveryView } from '@switchboard/shared';

/**
 * The providers' webhook deliveries of the workspace: the ones whose processing failed for
 * good (`status=failed`, the default) with their error, and a retry by hand once the cause
 * is fixed.
 */
@ApiTags('webhook-deliveries')
@ApiBearerAuth()
@Controller('api/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly queue: BullJobQueue,
  ) {}

  /** Deliveries in one status (`failed` unless `status` says otherwise), newest first. */
  @Get()
  @ApiContract('GET /api/webhook-deliveries')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown): Promise<{ deliveries: DeliveryView[] }> {
    const { status, limit } = parseInput(deliveryListQuerySchema, query);
    return { deliveries: await this.deliveries.list(workspace.id, status, limit) };
  }

  /** Processes a failed delivery again, its tries counted afresh. */
  @Post(':id/retry')
  @HttpCode(202)
  @ApiContract('POST /api/webhook-deliveries/:id/retry')
  async retry(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string): Promise<DeliveryView> {
    const reopened = z.uuid().safeParse(id).success ? await this.deliveries.reopen(workspace.id, id) : null;
    if (!reopened) throw ApiError.notFound('Webhook delivery', id);
    if (reopened === 'not_failed') throw new ApiError('CONFLICT', `Webhook delivery ${id} has not failed; only a failed delivery can be retried`);
    await this.queue.enqueueWebhook(id);
    return reopened;
  }
}
