import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { MessagesRepository } from './messages.repository';
import { ApiJsonResponse } from '../../common/api-body';
import { messageListSchema } from '@switchboard/shared';

const querySchema = z.object({
  runId: z.uuid('runId must be a run id').optional(),
  conversationId: z.uuid('conversationId must be a conversation id').optional(),
  connectionId: z.uuid('connectionId must be a connection id').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();

@ApiTags('messages')
@ApiBearerAuth()
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesRepository) {}

  /** Outbound and inbound messages with their delivery status, newest first. */
  @Get()
  @ApiJsonResponse(messageListSchema)
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(querySchema, query);
    return { messages: await this.messages.list(workspace.id, filter) };
  }
}
