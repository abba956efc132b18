import { Module } from '@nestjs/common';
import { CampaignDispatchModule } from '../modules/campaigns/campaigns.module';
import { ConversationsModule } from '../modules/conversations/conversations.module';
import { RetentionModule } from '../modules/retention/retention.module';
import { SchedulesModule } from '../modules/schedules/schedules.module';
import { WebhooksModule } from '../modules/webhooks/webhooks.module';
import { StepWorker } from './step-worker';
import { SweepKeeper } from './sweep-keeper';

/** The worker role: the step queue's consumer, the sweep under it, and the campaign dispatcher. */
@Module({ imports: [ConversationsModule, WebhooksModule, SchedulesModule, RetentionModule, CampaignDispatchModule], providers: [StepWorker, SweepKeeper] })
export class WorkerModule {}
