import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AiModels } from '../adapter-ports';
import { ApiJsonResponse } from '../../common/api-body';
import { aiStatusSchema } from '@switchboard/shared';

@ApiTags('ai')
@ApiBearerAuth()
@Controller('api/ai')
export class AiController {
  constructor(private readonly ai: AiModels) {}

  /** The engine-wide model AI nodes use without a connection; `offline: true` when the offline rules answer. */
  @Get('status')
  @ApiJsonResponse(aiStatusSchema)
  status() {
    return this.ai.status();
  }
}
