import { Module } from '@nestjs/common';
import type { EngineConfig } from '../config/config';
import type { RedisConnection } from '../runtime/redis';
import { AiModels, MailServers, OutboundSettings, TemplateSources } from '../modules/adapter-ports';
import { ConnectionsModule } from '../modules/connections/connections.module';
import { ContactsModule } from '../modules/conversations/conversations.module';
import { MessagesModule } from '../modules/messages/messages.module';
import { NotificationsModule } from '../modules/notifications.module';
import { TemplatesModule } from '../modules/templates/templates.module';
import { WorkspacesModule } from '../modules/workspaces/workspaces.module';
import { WorkspacesService } from '../modules/workspaces/workspaces.service';
import { AiGateway } from './ai/ai-gateway';
import { EmailGateway } from './email/email-gateway';
import { HttpGateway } from './http/http-gateway';
import { EngineRunServices } from './run-services';
import { CONFIG, REDIS } from '../runtime/tokens';
import { OutboundPolicy } from './outbound/outbound-policy';
import { NodePortsFactory } from './node-ports.factory';
import { AiSensyProvider } from './whatsapp/aisensy/aisensy-provider';
import { HeltarProvider } from './whatsapp/heltar/heltar-provider';
import { MetaProvider } from './whatsapp/meta/meta-provider';
import { SandboxProvider } from './whatsapp/sandbox-provider';
import { SendRateLimiter } from './whatsapp/send-rate-limiter';
import { UncalledClaims } from './whatsapp/uncalled-claims';
import { WhatsAppGateway } from './whatsapp/whatsapp-gateway';
import { WHATSAPP_PROVIDERS, type WhatsAppProviders } from './whatsapp/whatsapp-providers';

/** The implementations of the node ports, of the core's run services and of the ports the HTTP API asks of the adapters. */
@Module({
  imports: [WorkspacesModule, ConnectionsModule, MessagesModule, TemplatesModule, ContactsModule, NotificationsModule],
  providers: [
    {
      provide: OutboundPolicy,
      inject: [CONFIG, WorkspacesService],
      useFactory: (config: EngineConfig, workspaces: WorkspacesService) => new OutboundPolicy(config.OUTBOUND_ALLOW, (workspaceId) => workspaces.allowedHosts(workspaceId)),
    },
    {
      provide: WHATSAPP_PROVIDERS,
      inject: [CONFIG, OutboundPolicy],
      useFactory: (config: EngineConfig, outbound: OutboundPolicy): WhatsAppProviders => ({
        'whatsapp.sandbox': new SandboxProvider({ templateApprovalMs: config.SANDBOX_TEMPLATE_APPROVAL_MS }),
        'whatsapp.meta': new MetaProvider({ outbound, timeoutMs: config.PROVIDER_TIMEOUT_MS }),
        'whatsapp.heltar': new HeltarProvider({ outbound, timeoutMs: config.PROVIDER_TIMEOUT_MS }),
        'whatsapp.aisensy': new AiSensyProvider({ outbound, timeoutMs: config.PROVIDER_TIMEOUT_MS }),
      }),
    },
    {
      provide: SendRateLimiter,
      inject: [REDIS, CONFIG],
      useFactory: (redis: RedisConnection, config: EngineConfig) => new SendRateLimiter(redis, config.QUEUE_PREFIX),
    },
    {
      provide: UncalledClaims,
      inject: [REDIS, CONFIG],
      useFactory: (redis: RedisConnection, config: EngineConfig) => new UncalledClaims(redis, config.QUEUE_PREFIX),
    },
    WhatsAppGateway,
    AiGateway,
    EmailGateway,
    HttpGateway,
    NodePortsFactory,
    EngineRunServices,
    { provide: AiModels, useExisting: AiGateway },
    { provide: MailServers, useExisting: EmailGateway },
    { provide: TemplateSources, useExisting: WhatsAppGateway },
    { provide: OutboundSettings, useExisting: HttpGateway },
  ],
  exports: [
    WhatsAppGateway,
    AiGateway,
    EmailGateway,
    HttpGateway,
    NodePortsFactory,
    EngineRunServices,
    WHATSAPP_PROVIDERS,
    OutboundPolicy,
    AiModels,
    MailServers,
    TemplateSources,
    OutboundSettings,
  ],
})
export class AdaptersModule {}
