import { Global, Module } from '@nestjs/common';
import { AiGateway } from '../adapters/ai/ai-gateway';
import { EmailGateway } from '../adapters/email/email-gateway';
import { HttpGateway } from '../adapters/http/http-gateway';
import { AiController } from './ai/ai.controller';
import { AiConversationsRepository } from './ai/ai-conversations.repository';
import { ConnectionTestController } from './connections/connection-test.controller';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { EmailsController } from './email/emails.controller';
import { EmailsRepository } from './email/emails.repository';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { WorkspaceController } from './workspaces/workspace.controller';

/** AI, email, tasks and alerts for every role (steps use them through the ports). */
@Global()
@Module({
  providers: [AiGateway, AiConversationsRepository, EmailGateway, EmailsRepository, HttpGateway, TasksService, AlertsService],
  exports: [AiGateway, EmailGateway, EmailsRepository, HttpGateway, TasksService, AlertsService],
})
export class NotificationsModule {}

/** Their HTTP API (api role). */
@Module({ controllers: [AiController, AlertsController, ConnectionTestController, EmailsController, TasksController, WorkspaceController] })
export class NotificationsApiModule {}
