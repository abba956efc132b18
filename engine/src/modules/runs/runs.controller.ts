import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditActor } from '@switchboard/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { RunsService } from './runs.service';
import { ApiContract } from '../../common/api-body';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiContract('GET /api/runs')
  list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.runs.list(workspace.id, query);
  }

  /** A run with every step's status, rendered input, output, error, attempts and timings. */
  @Get(':id')
  @ApiContract('GET /api/runs/:id')
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.runs.get(workspace.id, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiContract('POST /api/runs/:id/cancel')
  async cancel(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    const run = await this.runs.cancel(workspace.id, id);
    await this.audit.record(workspace, actor, 'run.cancel', { kind: 'run', id: run.id }, `Cancelled a run of ${run.flowName ?? `flow ${run.flowId}`}`);
    return run;
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiContract('POST /api/runs/:id/retry')
  async retry(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    const run = await this.runs.retry(workspace.id, id);
    await this.audit.record(workspace, actor, 'run.retry', { kind: 'run', id: run.id }, `Retried a failed run of ${run.flowName ?? `flow ${run.flowId}`}`);
    return run;
  }
}
