import { Module } from '@nestjs/common';
import type { SecretBox } from '../../common/secret-box';
import { AuditModule } from '../audit/audit.module';
import { ConnectionsModule } from '../connections/connections.module';
import { SECRET_BOX } from '../connections/connections.service';
import { SchedulesModule } from '../schedules/schedules.module';
import { FlowTemplatesController } from './flow-templates.controller';
import { FlowPresenceService } from './flow-presence';
import { FlowValidator } from './flow-validator';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { TriggerSecrets } from './trigger-secrets';

@Module({
  imports: [ConnectionsModule, SchedulesModule, AuditModule],
  controllers: [FlowsController, FlowTemplatesController],
  exports: [FlowsService],
  providers: [FlowsService, FlowPresenceService, FlowValidator, { provide: TriggerSecrets, inject: [SECRET_BOX], useFactory: (box: SecretBox) => new TriggerSecrets(box) }],
})
export class FlowsModule {}
