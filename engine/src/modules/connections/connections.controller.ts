import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ApiContract } from '../../common/api-body';
import { ConnectionsService } from './connections.service';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @ApiContract('POST /api/connections')
  create(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    return this.connections.create(workspace.id, body);
  }

  @Get()
  @ApiContract('GET /api/connections')
  async list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return { connections: await this.connections.list(workspace.id) };
  }

  @Get(':id')
  @ApiContract('GET /api/connections/:id')
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.connections.get(workspace.id, id);
  }

  @Patch(':id')
  @ApiContract('PATCH /api/connections/:id')
  update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    return this.connections.update(workspace.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract('DELETE /api/connections/:id')
  async remove(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string): Promise<void> {
    await this.connections.remove(workspace.id, id);
  }
}
