import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { MessagesRepository } from './messages.repository';
import { ApiContract } from '../../common/api-body';
import { messageListQuerySchema } from '@switchboard/shared';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesRepository) {}

  /** Outbound and inbound messages with their delivery status, newest first. */
  @Get()
  @ApiContract('GET /api/messages')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(messageListQuerySchema, query);
    return { messages: await this.messages.list(workspace.id, filter) };
  }
}
