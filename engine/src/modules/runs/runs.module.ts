import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { NotificationsModule } from '../notifications.module';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({ imports: [MessagesModule, NotificationsModule], controllers: [RunsController], providers: [RunsService] })
export class RunsModule {}
