import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AiModels } from '../adapter-ports';
import { ApiContract } from '../../common/api-body';

@ApiTags('ai')
@ApiBearerAuth()
@Controller('api/ai')
export class AiController {
  constructor(private readonly ai: AiModels) {}

  /** The engine-wide model AI nodes use without a connection; `offline: true` when the offline rules answer. */
  @Get('status')
  @ApiContract('GET /api/ai/status')
  status() {
    return this.ai.status();
  }
}
