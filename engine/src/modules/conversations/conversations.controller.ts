import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ConversationsService } from './conversations.service';
import { ApiContract } from '../../common/api-body';
import { conversationListQuerySchema } from '@switchboard/shared';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Conversations, the most recently active first, with the end of each 24-hour window. */
  @Get()
  @ApiContract('GET /api/conversations')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return { conversations: await this.conversations.list(workspace.id, parseInput(conversationListQuerySchema, query)) };
  }

  /** A conversation with its messages (both directions, with delivery statuses). */
  @Get(':id')
  @ApiContract('GET /api/conversations/:id')
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.conversations.detail(workspace.id, id);
  }

  /** Ends the conversation now: `conversation.ended` with reason `closed`. */
  @Post(':id/close')
  @HttpCode(200)
  @ApiContract('POST /api/conversations/:id/close')
  async close(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    await this.conversations.detail(workspace.id, id);
    await this.conversations.close(workspace.id, id);
    return this.conversations.detail(workspace.id, id);
  }
}
