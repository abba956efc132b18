import { Global, Module } from '@nestjs/common';
import type { EngineConfig } from '../config/config';
import type { RedisConnection } from '../runtime/redis';
import { CONFIG, REDIS } from '../runtime/tokens';
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
      provide: WHATSAPP_PROVIDERS,
      inject: [CONFIG],
      useFactory: (config: EngineConfig): WhatsAppProviders => ({
        'whatsapp.sandbox': new SandboxProvider(),
        'whatsapp.meta': new MetaProvider({ timeoutMs: config.PROVIDER_TIMEOUT_MS }),
        'whatsapp.heltar': new HeltarProvider({ timeoutMs: config.PROVIDER_TIMEOUT_MS }),
        'whatsapp.aisensy': new AiSensyProvider({ timeoutMs: config.PROVIDER_TIMEOUT_MS }),
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
  exports: [WhatsAppGateway, NodePortsFactory, WHATSAPP_PROVIDERS],
})
export class AdaptersModule {}
