import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditActor, ConnectionView } from '@switchboard/shared';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ApiContract } from '../../common/api-body';
import { ConnectionsService } from './connections.service';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @ApiContract('POST /api/connections')
  async create(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Body() body: unknown) {
    const connection = await this.connections.create(workspace.id, body);
    await this.audit.record(workspace, actor, 'connection.create', target(connection), `Created a ${connection.provider} connection`);
    return connection;
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
  async update(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string, @Body() body: unknown) {
    const before = await this.connections.get(workspace.id, id);
    const after = await this.connections.update(workspace.id, id, body);
    const fields = changedFields(before, after, body);
    await this.audit.record(workspace, actor, 'connection.update', target(after), fields.length > 0 ? `Changed ${fields.join(', ')}` : 'Saved without changes');
    return after;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract('DELETE /api/connections/:id')
  async remove(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string): Promise<void> {
    const connection = await this.connections.get(workspace.id, id);
    await this.connections.remove(workspace.id, id);
    await this.audit.record(workspace, actor, 'connection.delete', target(connection), `Deleted a ${connection.provider} connection`);
  }
}

const target = (connection: ConnectionView) => ({ kind: 'connection', id: connection.id, name: connection.name });

/**
 * The fields a PATCH changed, by name only: the name, public config fields whose value differs,
 * and secret fields it sent (a secret's value is never compared in the clear, nor written).
 */
function changedFields(before: ConnectionView, after: ConnectionView, body: unknown): string[] {
  const fields: string[] = [];
  if (before.name !== after.name) fields.push('name');
  const keys = new Set([...Object.keys(before.config), ...Object.keys(after.config)]);
  for (const key of keys) if (JSON.stringify(before.config[key]) !== JSON.stringify(after.config[key])) fields.push(`config.${key}`);
  const sent = typeof body === 'object' && body !== null && typeof (body as { config?: unknown }).config === 'object' ? Object.keys((body as { config: object }).config ?? {}) : [];
  for (const key of sent) if (after.secrets.includes(key) && !fields.includes(`config.${key}`)) fields.push(`secret ${key}`);
  return fields;
}
