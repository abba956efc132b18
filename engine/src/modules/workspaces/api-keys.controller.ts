import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createApiKeySchema, type AuditActor } from '@switchboard/shared';
import { ApiContract } from '../../common/api-body';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, CurrentApiKey, CurrentWorkspace } from './api-key.guard';
import { WorkspacesService, type KeyIdentity, type WorkspaceRef } from './workspaces.service';

/** The workspace's API keys. Only an admin key or an admin member gets here (`scopeAllows`, `requiredRole`). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiContract('GET /api/api-keys')
  async list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return { apiKeys: await this.workspaces.listApiKeys(workspace.id) };
  }

  @Post()
  @ApiContract('POST /api/api-keys')
  async create(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentApiKey() caller: KeyIdentity | null, @CurrentActor() actor: AuditActor, @Body() body: unknown) {
    const input = parseInput(createApiKeySchema, body);
    // A key never makes a key stronger than itself (today only admin keys reach here; an admin member may give any scope).
    const beyond = !caller || caller.scopes.includes('admin') ? [] : input.scopes.filter((scope) => !caller.scopes.includes(scope));
    if (beyond.length > 0) throw new ApiError('FORBIDDEN', `This API key may not give scopes it does not have: ${beyond.join(', ')}`);
    const created = await this.workspaces.addApiKey(workspace.id, input.name, input.scopes);
    await this.audit.record(workspace, actor, 'api_key.create', { kind: 'api_key', id: created.id, name: created.name }, `Created key ${created.prefix}… with scopes ${created.scopes.join(', ')}`);
    return created;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract('DELETE /api/api-keys/:id')
  async revoke(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string): Promise<void> {
    const key = (await this.workspaces.listApiKeys(workspace.id)).find((candidate) => candidate.id === id);
    await this.workspaces.revokeApiKey(workspace.id, id);
    if (key) await this.audit.record(workspace, actor, 'api_key.revoke', { kind: 'api_key', id: key.id, name: key.name }, `Revoked key ${key.prefix}…`);
  }
}
