import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { MessageEntity } from './message.entity';
import { ApiContract } from '../../common/api-body';
import { messageListQuerySchema, type MessageView } from '@switchboard/shared';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly dataSource: DataSource) {}

  /** Outbound and inbound messages with their delivery status, newest first. */
  @Get()
  @ApiContract('GET /api/messages')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(messageListQuerySchema, query);
    const rows = await this.dataSource.getRepository(MessageEntity).find({
      where: {
        workspaceId: workspace.id,
        ...(filter.runId ? { runId: filter.runId } : {}),
        ...(filter.conversationId ? { conversationId: filter.conversationId } : {}),
        ...(filter.connectionId ? { connectionId: filter.connectionId } : {}),
      },
      order: { createdAt: 'DESC' },
      take: filter.limit,
    });
    return { messages: rows.map(toMessageView) };
  }
}

export function toMessageView(row: MessageEntity): MessageView {
  return {
    id: row.id,
    connectionId: row.connectionId,
    direction: row.direction,
    customer: row.customerPhone,
    customerName: row.customerName,
    conversationId: row.conversationId,
    kind: row.kind,
    template: row.template,
    language: row.language,
    parameters: row.parameters,
    text: row.body,
    providerMessageId: row.providerMessageId,
    status: row.status,
    error: row.error,
    runId: row.runId,
    nodeId: row.nodeId,
    createdAt: row.createdAt.toISOString(),
    statusAt: row.statusAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
