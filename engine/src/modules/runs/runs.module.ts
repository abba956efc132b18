import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MessagesModule } from '../messages/messages.module';
import { NotificationsModule } from '../notifications.module';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({ imports: [MessagesModule, NotificationsModule, AuditModule], controllers: [RunsController], providers: [RunsService] })
export class RunsModule {}
