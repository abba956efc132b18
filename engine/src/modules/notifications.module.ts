import { Module } from '@nestjs/common';
import { AiController } from './ai/ai.controller';
import { AuditModule } from './audit/audit.module';
import { AiConversationsRepository } from './ai/ai-conversations.repository';
import { ConnectionTestController } from './connections/connection-test.controller';
import { ConnectionsModule } from './connections/connections.module';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { EmailsController } from './email/emails.controller';
import { EmailsRepository } from './email/emails.repository';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { ApiKeysController } from './workspaces/api-keys.controller';
import { WorkspaceController } from './workspaces/workspace.controller';
import { WorkspacesModule } from './workspaces/workspaces.module';

/** Tasks, alerts, e-mails and the AI's memory for every role (steps write them through the ports). */
@Module({
  providers: [AiConversationsRepository, EmailsRepository, TasksService, AlertsService],
  exports: [AiConversationsRepository, EmailsRepository, TasksService, AlertsService],
})
export class NotificationsModule {}

/** Their HTTP API (api role); the wiring adds the adapters (`AiModels`, `MailServers`, `OutboundSettings`). */
@Module({
  imports: [NotificationsModule, ConnectionsModule, WorkspacesModule, AuditModule],
  controllers: [AiController, AlertsController, ConnectionTestController, EmailsController, TasksController, WorkspaceController, ApiKeysController],
})
export class NotificationsApiModule {}
