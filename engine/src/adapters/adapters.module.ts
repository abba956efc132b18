import { Global, Module } from '@nestjs/common';
import type { EngineConfig } from '../config/config';
import type { RedisConnection } from '../runtime/redis';
import { WorkspacesService } from '../modules/workspaces/workspaces.service';
import { CONFIG, REDIS } from '../runtime/tokens';
import { OutboundPolicy } from './outbound/outbound-policy';
import { NodePortsFactory } from './node-ports.factory';
import { AiSensyProvider } from './whatsapp/aisensy/aisensy-provider';
import { HeltarProvider } from './whatsapp/heltar/heltar-provider';
import { MetaProvider } from './whatsapp/meta/meta-provider';
import { SandboxProvider } from './whatsapp/sandbox-provider';
import { SendRateLimiter } from './whatsapp/send-rate-limiter';
import { WhatsAppGateway } from './whatsapp/whatsapp-gateway';
import { WHATSAPP_PROVIDERS, type WhatsAppProviders } from './whatsapp/whatsapp-providers';

/** The implementations of the node ports. */
@Global()
@Module({
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
        'whatsapp.sandbox': new SandboxProvider(),
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
    WhatsAppGateway,
    NodePortsFactory,
  ],
  exports: [WhatsAppGateway, NodePortsFactory, WHATSAPP_PROVIDERS, OutboundPolicy],
})
export class AdaptersModule {}
