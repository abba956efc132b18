import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { OutboundSettings } from '../adapter-ports';
import { ApiContract } from '../../common/api-body';
import { parseInput } from '../../common/validation';
import type { EngineConfig } from '../../config/config';
import { CONFIG } from '../../runtime/tokens';
import { CurrentWorkspace } from './api-key.guard';
import type { WorkspaceEntity } from './workspace.entity';
import { WorkspacesService, type WorkspaceRef } from './workspaces.service';
import { updateWorkspaceSchema, type WorkspaceView } from '@switchboard/shared';

/** The workspace of the API key: its name and settings. */
@ApiTags('workspace')
@ApiBearerAuth()
@Controller('api/workspace')
export class WorkspaceController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly http: OutboundSettings,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  @Get()
  @ApiContract('GET /api/workspace')
  async get(@CurrentWorkspace() workspace: WorkspaceRef) {
    return toView(await this.workspaces.get(workspace.id), this.config.PUBLIC_URL);
  }

  @Patch()
  @ApiContract('PATCH /api/workspace')
  async update(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    const input = parseInput(updateWorkspaceSchema, body);
    const entity = await this.workspaces.update(workspace.id, input);
    this.http.settingsChanged(workspace.id);
    return toView(entity, this.config.PUBLIC_URL);
  }
}

function toView(entity: WorkspaceEntity, publicUrl: string): WorkspaceView {
  const hosts = entity.settings.httpAllowedHosts;
  return {
    id: entity.id,
    name: entity.name,
    settings: { httpAllowedHosts: Array.isArray(hosts) ? hosts : [] },
    // Inbound webhooks reach this workspace's flows at <webhookBaseUrl>/<path>.
    webhookToken: entity.webhookToken,
    webhookBaseUrl: `${publicUrl.replace(/\/+$/, '')}/webhooks/in/${entity.webhookToken}`,
    createdAt: entity.createdAt.toISOString(),
  };
}
