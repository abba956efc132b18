import { Module } from '@nestjs/common';
import type { EngineConfig } from '../../config/config';
import { SecretBox } from '../../common/secret-box';
import { CONFIG } from '../../runtime/tokens';
import { AuditModule } from '../audit/audit.module';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService, SECRET_BOX } from './connections.service';

/** Connections for every role (the adapters resolve them). */
@Module({
  providers: [
    ConnectionsService,
    { provide: SECRET_BOX, inject: [CONFIG], useFactory: (config: EngineConfig) => new SecretBox(config.ENCRYPTION_KEY!) },
  ],
  exports: [ConnectionsService, SECRET_BOX],
})
export class ConnectionsModule {}

/** The connections HTTP API (api role). */
@Module({ imports: [ConnectionsModule, AuditModule], controllers: [ConnectionsController] })
export class ConnectionsApiModule {}
