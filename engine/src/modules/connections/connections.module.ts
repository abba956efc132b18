import { Module } from '@nestjs/common';
import type { EngineConfig } from '../../config/config';
import { SecretBox } from '../../common/secret-box';
import { DataSource } from 'typeorm';
import type { RedisConnection } from '../../runtime/redis';
import { CONFIG, REDIS } from '../../runtime/tokens';
import { AuditModule } from '../audit/audit.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService, SECRET_BOX } from './connections.service';
import { SenderLimits } from './sender-limits';

/** Connections for every role (the adapters resolve them). */
@Module({
  providers: [
    ConnectionsService,
    { provide: SECRET_BOX, inject: [CONFIG], useFactory: (config: EngineConfig) => new SecretBox(config.ENCRYPTION_KEY!) },
    {
      provide: SenderLimits,
      inject: [REDIS, CONFIG, DataSource],
      useFactory: (redis: RedisConnection, config: EngineConfig, dataSource: DataSource) => new SenderLimits(redis, config.QUEUE_PREFIX, dataSource),
    },
  ],
  exports: [ConnectionsService, SECRET_BOX, SenderLimits],
})
export class ConnectionsModule {}

/** The connections HTTP API (api role). */
@Module({ imports: [ConnectionsModule, AuditModule], controllers: [ConnectionsController] })
export class ConnectionsApiModule {}
