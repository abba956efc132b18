import { Global, Module } from '@nestjs/common';
import type { EngineConfig } from '../config/config';
import type { Pool } from 'pg';
import type { RedisConnection } from '../runtime/redis';
import { CONFIG, PG_POOL, REDIS } from '../runtime/tokens';
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

/** The implementations of the node ports. */
@Global()
@Module({
  providers: [
    {
      provide: OutboundPolicy,
      inject: [CONFIG, PG_POOL],
      useFactory: (config: EngineConfig, pool: Pool) => new OutboundPolicy(config.OUTBOUND_ALLOW, (workspaceId) => workspaceAllowedHosts(pool, workspaceId)),
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
    {
      provide: UncalledClaims,
      inject: [REDIS, CONFIG],
      useFactory: (redis: RedisConnection, config: EngineConfig) => new UncalledClaims(redis, config.QUEUE_PREFIX),
    },
    WhatsAppGateway,
    NodePortsFactory,
  ],
  exports: [WhatsAppGateway, NodePortsFactory, WHATSAPP_PROVIDERS, OutboundPolicy],
})
export class AdaptersModule {}

/** The workspace's `settings.httpAllowedHosts`: hosts its calls may reach on private addresses. */
async function workspaceAllowedHosts(pool: Pool, workspaceId: string): Promise<string[]> {
  const { rows } = await pool.query<{ hosts: unknown }>(`SELECT settings -> 'httpAllowedHosts' AS hosts FROM workspaces WHERE id = $1`, [workspaceId]);
  const hosts = rows[0]?.hosts;
  return Array.isArray(hosts) ? hosts.filter((host): host is string => typeof host === 'string') : [];
}
