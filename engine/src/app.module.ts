import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NodeCatalog } from '@switchboard/nodes';
import type { Logger } from 'pino';
import type { EngineConfig } from './config/config';
import { dataSourceOptions, pgSettings } from './database/data-source';
import { AdaptersModule } from './adapters/adapters.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { ActivityModule } from './modules/activity/activity.module';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { AuditApiModule } from './modules/audit/audit.module';
import { CampaignsApiModule } from './modules/campaigns/campaigns.module';
import { AdminModule } from './modules/admin/admin.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { ConversationsApiModule } from './modules/conversations/conversations.module';
import { ConnectionsApiModule } from './modules/connections/connections.module';
import { providerNames } from '@switchboard/shared';
import { EventsModule } from './modules/events/events.module';
import { FlowsModule } from './modules/flows/flows.module';
import { FunctionsModule } from './modules/functions/functions.module';
import { HealthModule } from './modules/health/health.module';
import { MessagesApiModule } from './modules/messages/messages.module';
import { NotificationsApiModule } from './modules/notifications.module';
import { RunsModule } from './modules/runs/runs.module';
import { SandboxModule } from './modules/sandbox/sandbox.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';
import { TemplatesApiModule } from './modules/templates/templates.module';
import { WebhooksApiModule } from './modules/webhooks/webhooks.module';
import { RuntimeModule } from './runtime/runtime.module';
import { ExecutionModule } from './wiring/execution.module';
import { WorkerModule } from './wiring/worker.module';

/** An API module whose controllers use ports the adapters implement (`modules/adapter-ports.ts`): the wiring gives it the adapters. */
const withAdapters = (module: Type): DynamicModule => ({ module, imports: [AdaptersModule] });

/**
 * One codebase, three roles: `api` serves HTTP, `worker` runs steps, `all` does both. Both
 * roles need the execution core (the API ingests events and enqueues first steps).
 */
@Module({})
export class AppModule {
  static forRoot(config: EngineConfig, logger: Logger, catalog: NodeCatalog): DynamicModule {
    // Every other module is imported by the modules that use it.
    const always: Type[] = [WorkspacesModule, ExecutionModule, HealthModule];
    const api: Array<Type | DynamicModule> = [
      CatalogModule,
      ConnectionsApiModule,
      withAdapters(TemplatesApiModule),
      FlowsModule,
      EventsModule,
      RunsModule,
      MessagesApiModule,
      ConversationsApiModule,
      withAdapters(NotificationsApiModule),
      SandboxModule,
      WebhooksApiModule,
      FunctionsModule,
      AdminModule,
      AuditApiModule,
      ActivityModule,
      AnalyticsModule,
      AccountsModule,
      withAdapters(CampaignsApiModule),
    ];
    const roleModules = [...(config.role === 'worker' ? [] : api), ...(config.role === 'api' ? [] : [WorkerModule])];
    return {
      module: AppModule,
      imports: [
        RuntimeModule.forRoot(config, logger, catalog, providerNames()),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL!, pgSettings(config))),
        ...always,
        ...roleModules,
      ],
    };
  }
}
