import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ConversationsService } from './conversations.service';
import { ApiJsonResponse } from '../../common/api-body';
import { conversationDetailSchema, conversationListSchema } from '@switchboard/shared';

const listSchema = z
  .object({
    connectionId: z.uuid('connectionId must be a connection id').optional(),
    status: z.enum(['open', 'closed'], { error: 'status is open or closed' }).optional(),
    customer: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  /** Conversations, the most recently active first, with the end of each 24-hour window. */
  @Get()
  @ApiJsonResponse(conversationListSchema)
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return { conversations: await this.conversations.list(workspace.id, parseInput(listSchema, query)) };
  }

  /** A conversation with its messages (both directions, with delivery statuses). */
  @Get(':id')
  @ApiJsonResponse(conversationDetailSchema)
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.conversations.detail(workspace.id, id);
  }

  /** Ends the conversation now: `conversation.ended` with reason `closed`. */
  @Post(':id/close')
  @HttpCode(200)
  @ApiJsonResponse(conversationDetailSchema)
  async close(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    await this.conversations.detail(workspace.id, id);
    await this.conversations.close(workspace.id, id);
    return this.conversations.detail(workspace.id, id);
  }
}
