import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AiGateway } from '../../adapters/ai/ai-gateway';
import { ApiContract } from '../../common/api-body';

@ApiTags('ai')
@ApiBearerAuth()
@Controller('api/ai')
export class AiController {
  constructor(private readonly ai: AiGateway) {}

  /** The engine-wide model AI nodes use without a connection; `offline: true` when the offline rules answer. */
  @Get('status')
  @ApiContract('GET /api/ai/status')
  status() {
    return this.ai.status();
  }
}
