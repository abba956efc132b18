import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createApiKeySchema } from '@switchboard/shared';
import { ApiContract } from '../../common/api-body';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { CurrentApiKey } from './api-key.guard';
import { WorkspacesService, type KeyIdentity } from './workspaces.service';

/** The workspace's API keys. Only an admin key gets here (`scopeAllows`). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @ApiContract('GET /api/api-keys')
  async list(@CurrentApiKey() caller: KeyIdentity) {
    return { apiKeys: await this.workspaces.listApiKeys(caller.workspace.id) };
  }

  @Post()
  @ApiContract('POST /api/api-keys')
  create(@CurrentApiKey() caller: KeyIdentity, @Body() body: unknown) {
    const input = parseInput(createApiKeySchema, body);
    // A key never makes a key stronger than itself (today only admin keys reach here).
    const beyond = caller.scopes.includes('admin') ? [] : input.scopes.filter((scope) => !caller.scopes.includes(scope));
    if (beyond.length > 0) throw new ApiError('FORBIDDEN', `This API key may not give scopes it does not have: ${beyond.join(', ')}`);
    return this.workspaces.addApiKey(caller.workspace.id, input.name, input.scopes);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract('DELETE /api/api-keys/:id')
  async revoke(@CurrentApiKey() caller: KeyIdentity, @Param('id') id: string): Promise<void> {
    await this.workspaces.revokeApiKey(caller.workspace.id, id);
  }
}
