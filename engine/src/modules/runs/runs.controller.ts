import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { RunsService } from './runs.service';
import { ApiJsonResponse } from '../../common/api-body';
import { runListSchema, runViewSchema } from '@switchboard/shared';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  @ApiJsonResponse(runListSchema)
  list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.runs.list(workspace.id, query);
  }

  /** A run with every step's status, rendered input, output, error, attempts and timings. */
  @Get(':id')
  @ApiJsonResponse(runViewSchema)
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.runs.get(workspace.id, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiJsonResponse(runViewSchema)
  cancel(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.runs.cancel(workspace.id, id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiJsonResponse(runViewSchema)
  retry(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.runs.retry(workspace.id, id);
  }
}
