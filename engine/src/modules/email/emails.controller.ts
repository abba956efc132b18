import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { EmailEntity } from './email.entity';
import { ApiContract } from '../../common/api-body';
import { emailListQuerySchema, type EmailView } from '@switchboard/shared';

@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/emails')
export class EmailsController {
  constructor(private readonly dataSource: DataSource) {}

  /** Emails steps sent, or captured when no SMTP server is configured; newest first. */
  @Get()
  @ApiContract('GET /api/emails')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(emailListQuerySchema, query);
    const rows = await this.dataSource.getRepository(EmailEntity).find({
      where: { workspaceId: workspace.id, ...(filter.runId ? { runId: filter.runId } : {}), ...(filter.delivery ? { delivery: filter.delivery } : {}) },
      order: { createdAt: 'DESC' },
      take: filter.limit,
    });
    return { emails: rows.map(toEmailView) };
  }
}

export function toEmailView(email: EmailEntity): EmailView {
  return {
    id: email.id,
    to: email.to,
    from: email.from,
    subject: email.subject,
    html: email.html,
    delivery: email.delivery,
    error: email.error,
    messageId: email.messageId,
    connectionId: email.connectionId,
    runId: email.runId,
    flowId: email.flowId,
    nodeId: email.nodeId,
    createdAt: email.createdAt.toISOString(),
  };
}
