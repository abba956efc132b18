import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ApiJsonBody, ApiJsonResponse } from '../../common/api-body';
import { ConnectionsService } from './connections.service';
import { connectionListSchema, connectionViewSchema, createConnectionSchema, updateConnectionSchema } from '@switchboard/shared';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @ApiJsonBody(createConnectionSchema, 'A provider connection; secret fields are stored encrypted and never returned')
  @ApiJsonResponse(connectionViewSchema, 201)
  create(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    return this.connections.create(workspace.id, body);
  }

  @Get()
  @ApiJsonResponse(connectionListSchema)
  async list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return { connections: await this.connections.list(workspace.id) };
  }

  @Get(':id')
  @ApiJsonResponse(connectionViewSchema)
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.connections.get(workspace.id, id);
  }

  @Patch(':id')
  @ApiJsonBody(updateConnectionSchema, 'Secrets left out keep their stored value')
  @ApiJsonResponse(connectionViewSchema)
  update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    return this.connections.update(workspace.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiJsonResponse(null, 204)
  async remove(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string): Promise<void> {
    await this.connections.remove(workspace.id, id);
  }
}
