import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../../common/api-body';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ActivityService } from './activity.service';

@ApiTags('activity')
@ApiBearerAuth()
@Controller('api/activity')
export class ActivityController {
  constructor(private readonly activity: ActivityService) {}

  /** The workspace's events newest first, each with every flow of its type: the run it started, or why not. */
  @Get()
  @ApiContract('GET /api/activity')
  list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.activity.list(workspace.id, query);
  }
}
