import { Injectable } from '@nestjs/common';
import { FUNNEL_DEFAULT_DAYS, FUNNEL_MAX_DAYS, FUNNEL_MAX_HOURLY_DAYS, funnelQuerySchema, type MessageFunnel } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { MessageFunnelRepository } from './message-funnel.repository';

const DAY_MS = 24 * 60 * 60 * 1000;
const NO_KEY = { flow: 'No flow', template: 'No template (text messages)', sender: 'No sender', campaign: 'No campaign' } as const;

/**
 * The delivery funnel of a workspace's outbound messages (`GET /api/analytics/messages`): per
 * flow, template, sender or campaign, how many were sent, delivered, read, replied to within
 * 72 hours, and failed (by error code), over a period of at most 400 days.
 */
@Injectable()
export class AnalyticsService {
  constructor(private readonly repository: MessageFunnelRepository) {}

  async messages(workspaceId: string, query: unknown, now = new Date()): Promise<MessageFunnel> {
    const input = parseInput(funnelQuerySchema, query);
    const to = input.to ? new Date(input.to) : now;
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - FUNNEL_DEFAULT_DAYS * DAY_MS);
    if (to.getTime() < from.getTime()) throw ApiError.invalid([{ field: 'to', message: 'to must not be before from' }]);
    const maxDays = input.interval === 'hour' ? FUNNEL_MAX_HOURLY_DAYS : FUNNEL_MAX_DAYS;
    if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
      throw ApiError.invalid([{ field: 'from', message: `the period from from to to is at most ${maxDays} days${input.interval === 'hour' ? ' with interval=hour' : ''}` }]);
    }
    const rows = await this.repository.funnel(workspaceId, {
      groupBy: input.groupBy,
      from,
      to,
      flowId: input.flowId,
      connectionId: input.connectionId,
      campaignId: input.campaignId,
      template: input.template,
      includeTests: input.includeTests === 'true',
      interval: input.interval,
    });
    return {
      groupBy: input.groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      groups: rows.groups.map(({ hint, ...group }) => ({
        ...group,
        label: group.key === null ? NO_KEY[input.groupBy] : (hint ?? group.key),
      })),
      totals: rows.totals,
      ...(rows.series ? { series: rows.series } : {}),
    };
  }
}
