import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';
import { MessageFunnelRepository } from './message-funnel.repository';

/** `GET /api/analytics/messages`: the delivery funnel (read only; the send steps and status webhooks write the messages). */
@Module({ controllers: [AnalyticsController], providers: [AnalyticsService, MessageFunnelRepository] })
export class AnalyticsModule {}
