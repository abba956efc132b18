import { Module } from '@nestjs/common';
import { FlowTemplatesController } from './flow-templates.controller';
import { FlowValidator } from './flow-validator';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';

@Module({
  controllers: [FlowsController, FlowTemplatesController],
  providers: [FlowsService, FlowValidator],
})
export class FlowsModule {}
