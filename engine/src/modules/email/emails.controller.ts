import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/validation';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { EmailsRepository } from './emails.repository';
import { ApiJsonResponse } from '../../common/api-body';
import { emailListSchema } from '@switchboard/shared';

const querySchema = z
  .object({
    runId: z.uuid('runId must be a run id').optional(),
    delivery: z.enum(['pending', 'sent', 'captured', 'failed'], { error: 'delivery is pending, sent, captured or failed' }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/emails')
export class EmailsController {
  constructor(private readonly emails: EmailsRepository) {}

  /** Emails steps sent, or captured when no SMTP server is configured; newest first. */
  @Get()
  @ApiJsonResponse(emailListSchema)
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    const filter = parseInput(querySchema, query);
    return { emails: await this.emails.list(workspace.id, filter) };
  }
}
