import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { PG_POOL } from '../../runtime/tokens';
import { toMessageView } from '../messages/messages.controller';
import { MessageEntity } from '../messages/message.entity';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ConversationsService } from './conversations.service';
import { DataSource } from 'typeorm';
import { ApiContract } from '../../common/api-body';
import { conversationListQuerySchema, type ConversationView } from '@switchboard/shared';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly dataSource: DataSource,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Conversations, the most recently active first, with the end of each 24-hour window. */
  @Get()
  @ApiContract('GET /api/conversations')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(conversationListQuerySchema, query);
    const { rows } = await this.pool.query(
      `SELECT c.*, (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id) AS message_count
         FROM conversations c
        WHERE c.workspace_id = $1 AND ($2::uuid IS NULL OR c.connection_id = $2) AND ($3::text IS NULL OR c.status = $3) AND ($4::text IS NULL OR c.customer_phone = $4)
        ORDER BY c.last_message_at DESC LIMIT $5`,
      [workspace.id, filter.connectionId ?? null, filter.status ?? null, filter.customer ?? null, filter.limit],
    );
    return { conversations: rows.map(toConversationView) };
  }

  /** A conversation with its messages (both directions, with delivery statuses). */
  @Get(':id')
  @ApiContract('GET /api/conversations/:id')
  async get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    const conversation = await this.find(workspace, id);
    const messages = await this.dataSource.getRepository(MessageEntity).find({ where: { conversationId: id }, order: { createdAt: 'ASC' } });
    return { ...toConversationView({ ...conversation, message_count: messages.length }), messages: messages.map(toMessageView) };
  }

  /** Ends the conversation now: `conversation.ended` with reason `closed`. */
  @Post(':id/close')
  @HttpCode(200)
  @ApiContract('POST /api/conversations/:id/close')
  async close(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    await this.find(workspace, id);
    await this.conversations.close(workspace.id, id);
    return this.get(workspace, id);
  }

  private async find(workspace: WorkspaceRef, id: string): Promise<Record<string, any>> {
    const { rows } = UUID.test(id) ? await this.pool.query('SELECT * FROM conversations WHERE id = $1 AND workspace_id = $2', [id, workspace.id]) : { rows: [] };
    if (!rows[0]) throw ApiError.notFound('Conversation', id);
    return rows[0];
  }
}

function toConversationView(row: Record<string, any>): ConversationView {
  const lastInbound = row.last_inbound_at as Date | null;
  return {
    id: row.id,
    connectionId: row.connection_id,
    customer: { phone: row.customer_phone, name: row.customer_name },
    status: row.status,
    startedAt: (row.started_at as Date).toISOString(),
    lastMessageAt: (row.last_message_at as Date).toISOString(),
    lastInboundAt: lastInbound?.toISOString() ?? null,
    windowEndsAt: lastInbound ? new Date(lastInbound.getTime() + WINDOW_MS).toISOString() : null,
    inactivityMinutes: row.inactivity_minutes,
    closedAt: row.closed_at?.toISOString() ?? null,
    closeReason: row.close_reason,
    messageCount: row.message_count ?? null,
  };
}
