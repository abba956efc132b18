import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PROVIDERS, StepError } from '@switchboard/shared';
import { ApiError } from '../../common/api-error';
import { AiModels, MailServers } from '../adapter-ports';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ConnectionsService } from './connections.service';
import { ApiContract } from '../../common/api-body';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/connections')
export class ConnectionTestController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly ai: AiModels,
    private readonly email: MailServers,
  ) {}

  /**
   * Tries an SMTP or AI connection: an SMTP login without sending, or one tiny completion.
   * `{ ok: true, message }`, or 422 with the classified error (`code`, `retryable`) in `details`.
   * A WhatsApp sender is tested by syncing its templates.
   */
  @Post(':id/test')
  @HttpCode(200)
  @ApiContract('POST /api/connections/:id/test')
  async test(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    const connection = await this.connections.get(workspace.id, id);
    const channel = PROVIDERS[connection.provider]?.channel;
    try {
      if (channel === 'ai') return { ok: true, message: await this.ai.test(workspace.id, id) };
      if (channel === 'smtp') return { ok: true, message: await this.email.test(workspace.id, id) };
    } catch (error) {
      if (error instanceof StepError) throw new ApiError('UNPROCESSABLE', `The test failed: ${error.message}`, error.toJSON());
      throw error;
    }
    if (channel === 'voice') throw new ApiError('UNPROCESSABLE', `A voice platform connection is tested by ending a call on the platform: its post-call webhook shows in Activity`);
    throw new ApiError('UNPROCESSABLE', `A WhatsApp sender is tested by listing its templates: POST /api/connections/${id}/templates/sync`);
  }
}
