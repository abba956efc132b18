import { Module } from '@nestjs/common';
import { ConversationsModule } from '../modules/conversations/conversations.module';
import { RetentionModule } from '../modules/retention/retention.module';
import { SchedulesModule } from '../modules/schedules/schedules.module';
import { WebhooksModule } from '../modules/webhooks/webhooks.module';
import { StepWorker } from './step-worker';
import { SweepKeeper } from './sweep-keeper';

/** The worker role: the step queue's consumer and the sweep under it. */
@Module({ imports: [ConversationsModule, WebhooksModule, SchedulesModule, RetentionModule], providers: [StepWorker, SweepKeeper] })
export class WorkerModule {}
