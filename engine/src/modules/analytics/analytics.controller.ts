import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../../common/api-body';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { AnalyticsService } from './analytics.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('api/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  /** The delivery funnel (sent, delivered, read, replied, failed by code) per flow, template, sender or campaign. */
  @Get('messages')
  @ApiContract('GET /api/analytics/messages')
  messages(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.analytics.messages(workspace.id, query);
  }
}
