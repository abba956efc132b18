import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type QueueBoardLink } from '@switchboard/shared';
import { ApiContract } from '../../common/api-body';
import { ApiError } from '../../common/api-error';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { AdminSessions } from './admin-sessions';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/queues')
export class AdminController {
  constructor(private readonly sessions: AdminSessions) {}

  /**
   * A sign-in link to the queue board (`/admin/queues`) for a browser, which cannot send the
   * Authorization header: `{ url, expiresAt }`, to open once within a minute. Only the
   * operator's workspace (the first one) may see the queues, which every workspace shares.
   */
  @Post('link')
  @HttpCode(201)
  @ApiContract('POST /api/admin/queues/link')
  async link(@CurrentWorkspace() workspace: WorkspaceRef): Promise<QueueBoardLink> {
    if (!(await this.sessions.isOperator(workspace))) throw new ApiError('FORBIDDEN', "The queue board shows every workspace's jobs; only an API key of the engine's first workspace may open it");
    return this.sessions.link(workspace);
  }
}
