import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NodeCatalog } from '@switchboard/nodes';
import type { Logger } from 'pino';
import type { EngineConfig } from './config/config';
import { dataSourceOptions } from './database/data-source';
import { AdaptersModule } from './adapters/adapters.module';
import { AdminModule } from './modules/admin/admin.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { ConversationsApiModule, ConversationsModule } from './modules/conversations/conversations.module';
import { ConnectionsApiModule, ConnectionsModule } from './modules/connections/connections.module';
import { EventsModule } from './modules/events/events.module';
import { FlowsModule } from './modules/flows/flows.module';
import { FunctionsModule } from './modules/functions/functions.module';
import { HealthModule } from './modules/health/health.module';
import { MessagesApiModule, MessagesModule } from './modules/messages/messages.module';
import { NotificationsApiModule, NotificationsModule } from './modules/notifications.module';
import { RetentionModule } from './modules/retention/retention.module';
import { RunsModule } from './modules/runs/runs.module';
import { SandboxModule } from './modules/sandbox/sandbox.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';
import { TemplatesApiModule, TemplatesModule } from './modules/templates/templates.module';
import { WebhooksApiModule, WebhooksModule } from './modules/webhooks/webhooks.module';
import { StepWorker } from './queue/step-worker';
import { SweepKeeper } from './queue/sweep-keeper';
import { ExecutionModule } from './runtime/execution.module';
import { RuntimeModule } from './runtime/runtime.module';

/** The worker role: the step queue's consumer and the sweep under it. */
@Module({ providers: [StepWorker, SweepKeeper] })
class WorkerModule {}

/**
 * One codebase, three roles: `api` serves HTTP, `worker` runs steps, `all` does both. Both
 * roles need the execution core (the API ingests events and enqueues first steps).
 */
@Module({})
export class AppModule {
  static forRoot(config: EngineConfig, logger: Logger, catalog: NodeCatalog): DynamicModule {
    const always: Type[] = [
      WorkspacesModule,
      ConnectionsModule,
      MessagesModule,
      TemplatesModule,
      ConversationsModule,
      RetentionModule,
      NotificationsModule,
      WebhooksModule,
      AdaptersModule,
      ExecutionModule,
      HealthModule,
    ];
    const api: Type[] = [
      CatalogModule,
      ConnectionsApiModule,
      TemplatesApiModule,
      FlowsModule,
      EventsModule,
      RunsModule,
      MessagesApiModule,
      ConversationsApiModule,
      NotificationsApiModule,
      SandboxModule,
      WebhooksApiModule,
      FunctionsModule,
      AdminModule,
    ];
    const roleModules = [...(config.role === 'worker' ? [] : api), ...(config.role === 'api' ? [] : [WorkerModule])];
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot(config, logger, catalog),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL!, 20, { connectMs: config.PG_CONNECT_TIMEOUT_MS, statementMs: config.PG_STATEMENT_TIMEOUT_MS })),
        ...always,
        ...roleModules,
      ],
    };
  }
}
