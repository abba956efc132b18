import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConnectionsModule } from '../connections/connections.module';
import { ContactsModule } from '../conversations/conversations.module';
import { FlowsModule } from '../flows/flows.module';
import { TemplatesModule } from '../templates/templates.module';
import { CampaignDispatcher } from './campaign-dispatcher';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';

/** The campaigns HTTP API (api role); the wiring adds the adapters (`TemplateSources`). */
@Module({
  imports: [ConnectionsModule, TemplatesModule, ContactsModule, FlowsModule, AuditModule],
  controllers: [CampaignsController],
  providers: [CampaignsService],
})
export class CampaignsApiModule {}

/** The dispatcher that starts recipients' runs (worker role). */
@Module({ imports: [ConnectionsModule], providers: [CampaignDispatcher] })
export class CampaignDispatchModule {}
