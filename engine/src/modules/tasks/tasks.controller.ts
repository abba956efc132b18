import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../../common/api-body';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** Tasks, newest first; filter by `status`, `priority`, `assignee`, `runId`. */
  @Get()
  @ApiContract('GET /api/tasks')
  list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.tasks.list(workspace.id, query);
  }

  @Patch(':id')
  @ApiContract('PATCH /api/tasks/:id')
  update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    return this.tasks.update(workspace.id, id, body);
  }
}
