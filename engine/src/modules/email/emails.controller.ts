import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { EmailsRepository } from './emails.repository';
import { ApiContract } from '../../common/api-body';
import { emailListQuerySchema } from '@switchboard/shared';

@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/emails')
export class EmailsController {
  constructor(private readonly emails: EmailsRepository) {}

  /** Emails steps sent, or captured when no SMTP server is configured; newest first. */
  @Get()
  @ApiContract('GET /api/emails')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(emailListQuerySchema, query);
    return { emails: await this.emails.list(workspace.id, filter) };
  }
}
