import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectionsModule } from '../connections/connections.module';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Message templates as last synced from the providers, for every role (send steps check them). */
@Module({ providers: [TemplatesService], exports: [TemplatesService] })
export class TemplatesModule {}

/** The templates HTTP API (api role); the wiring adds the adapters (`TemplateSources`). */
@Module({ imports: [TemplatesModule, ConnectionsModule, AuditModule], controllers: [TemplatesController] })
export class TemplatesApiModule {}
