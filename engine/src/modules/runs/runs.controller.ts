import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { bulkRunActionSchema, type AuditActor, type BulkRunResult } from '@switchboard/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { RunsService } from './runs.service';
import { ApiContract } from '../../common/api-body';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';

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

  /** A new run on the published version from `fromStep`, keeping the steps before it as they succeeded. */
  @Post(':id/replay')
  @HttpCode(202)
  @ApiContract('POST /api/runs/:id/replay')
  async replay(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string, @Body() body: unknown) {
    const replay = await this.runs.replay(workspace.id, id, body);
    await this.audit.record(workspace, actor, 'run.replay', { kind: 'run', id: replay.runId }, `Replayed run ${id} of ${replay.flowName ?? 'a flow'} from step ${replay.fromStep}`);
    return { runId: replay.runId };
  }

  /**
   * Retries or cancels several runs, each as its own route would (audited one by one); a run
   * that cannot be (not found, not failed, already finished) is reported and the others go on.
   */
  @Post('bulk')
  @HttpCode(200)
  @ApiContract('POST /api/runs/bulk')
  async bulk(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Body() body: unknown): Promise<BulkRunResult> {
    const { action, runIds } = parseInput(bulkRunActionSchema, body ?? {});
    const results: BulkRunResult['results'] = [];
    for (const runId of runIds) {
      try {
        await (action === 'retry' ? this.retry(workspace, actor, runId) : this.cancel(workspace, actor, runId));
        results.push({ runId, ok: true });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        results.push({ runId, ok: false, error: { code: error.code, message: error.message } });
      }
    }
    return { results };
  }
}
