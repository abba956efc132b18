import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditActor } from '@switchboard/shared';
import { ApiContract } from '../../common/api-body';
import { CurrentActor, CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { CampaignsService } from './campaigns.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** Creates a campaign and, unless `sendAt` is later, starts sending at the sender's pace. */
  @Post()
  @ApiContract('POST /api/campaigns')
  create(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Body() body: unknown) {
    return this.campaigns.create(workspace, actor, body);
  }

  /** The workspace's campaigns, newest first, with their progress. */
  @Get()
  @ApiContract('GET /api/campaigns')
  list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return this.campaigns.list(workspace.id);
  }

  /** One campaign with its counts and a page of recipients (`?recipients=failed`). */
  @Get(':id')
  @ApiContract('GET /api/campaigns/:id')
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Query() query: unknown) {
    return this.campaigns.get(workspace.id, id, query);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiContract('POST /api/campaigns/:id/pause')
  pause(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    return this.campaigns.pause(workspace, actor, id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiContract('POST /api/campaigns/:id/resume')
  resume(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    return this.campaigns.resume(workspace, actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiContract('POST /api/campaigns/:id/cancel')
  cancel(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    return this.campaigns.cancel(workspace, actor, id);
  }
}
