import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseInput } from '../../common/validation';
import { CurrentApiKey, CurrentRole, CurrentWorkspace } from '../workspaces/api-key.guard';
import type { KeyIdentity, WorkspaceRef } from '../workspaces/workspaces.service';
import { EmailsRepository } from './emails.repository';
import { ApiContract } from '../../common/api-body';
import { emailListQuerySchema, roleAtLeast, type Role } from '@switchboard/shared';
import type { EmailAudience } from './emails.repository';

@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/emails')
export class EmailsController {
  constructor(private readonly emails: EmailsRepository) {}

  /** Emails steps sent, or captured when no SMTP server is configured; newest first. */
  @Get()
  @ApiContract('GET /api/emails')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentRole() role: Role | null, @CurrentApiKey() key: KeyIdentity | null, @Query() query: unknown) {
    const filter = parseInput(emailListQuerySchema, query);
    return { emails: await this.emails.list(workspace.id, filter, readableAudiences(role, key)) };
  }
}

/** Mails with sign-in links (invitations, password resets) are for admins and owners only; an admin key reads them all. */
function readableAudiences(role: Role | null, key: KeyIdentity | null): EmailAudience[] {
  if (key) return key.scopes.includes('admin') ? ['members', 'admins', 'owners'] : ['members'];
  if (role === 'owner') return ['members', 'admins', 'owners'];
  return role && roleAtLeast(role, 'admin') ? ['members', 'admins'] : ['members'];
}
