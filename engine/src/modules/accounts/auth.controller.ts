import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditActor, Role } from '@switchboard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiContract } from '../../common/api-body';
import { ApiError } from '../../common/api-error';
import { RateLimited } from '../workspaces/rate-limit.guard';
import { CurrentActor, CurrentApiKey, CurrentRole, CurrentSession, CurrentUser, CurrentWorkspace, Public } from '../workspaces/api-key.guard';
import type { KeyIdentity, WorkspaceRef } from '../workspaces/workspaces.service';
import { AccountsService, type Caller } from './accounts.service';
import { SessionsService, type SessionIdentity, type SessionUser } from './sessions.service';

const caller = (session: SessionIdentity | null, key: KeyIdentity | null): Caller => (session ? { session } : { key: key! });

/** Signing up, in and out, password resets and invitation links (`/api/auth`), and `GET /api/me`. */
@ApiTags('accounts')
@Controller('api')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Get('auth/providers')
  @ApiContract('GET /api/auth/providers')
  providers() {
    return this.accounts.providers();
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/signup')
  @ApiContract('POST /api/auth/signup')
  signup(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.accounts.signup(body, reply);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/login')
  @HttpCode(200)
  @ApiContract('POST /api/auth/login')
  login(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.accounts.login(body, request, reply);
  }

  /** Ends the session (a request with an API key has none to end). */
  @Post('auth/logout')
  @HttpCode(204)
  @ApiContract('POST /api/auth/logout')
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.end(request, reply);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/password-reset')
  @HttpCode(202)
  @ApiContract('POST /api/auth/password-reset')
  requestReset(@Body() body: unknown) {
    return this.accounts.requestReset(body);
  }

  @Public()
  @RateLimited('auth')
  @Post('auth/password-reset/confirm')
  @HttpCode(200)
  @ApiContract('POST /api/auth/password-reset/confirm')
  confirmReset(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.accounts.confirmReset(body, reply);
  }

  @Public()
  @RateLimited('auth')
  @Get('auth/invitations/:token')
  @ApiContract('GET /api/auth/invitations/:token')
  preview(@Param('token') token: string) {
    return this.accounts.previewInvitation(token);
  }

  @Post('auth/invitations/accept')
  @HttpCode(200)
  @ApiContract('POST /api/auth/invitations/accept')
  accept(@CurrentSession() session: SessionIdentity | null, @Body() body: unknown) {
    if (!session) throw new ApiError('FORBIDDEN', 'An invitation is accepted by a signed-in person, not an API key');
    return this.accounts.acceptInvitation(session, body);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiContract('GET /api/me')
  me(@CurrentSession() session: SessionIdentity | null, @CurrentApiKey() key: KeyIdentity | null) {
    return this.accounts.me(caller(session, key));
  }
}

/** The workspaces of the signed-in person, and new ones. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/workspaces')
export class WorkspacesListController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiContract('GET /api/workspaces')
  async list(@CurrentSession() session: SessionIdentity | null, @CurrentApiKey() key: KeyIdentity | null) {
    return { workspaces: await this.accounts.workspacesOf(caller(session, key)) };
  }

  @Post()
  @ApiContract('POST /api/workspaces')
  create(@CurrentUser() user: SessionUser | null, @Body() body: unknown) {
    return this.accounts.createWorkspace(user, body);
  }
}

/** Members and invitations of the workspace (changes: admins and owners, `requiredRole`). */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/members')
export class MembersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiContract('GET /api/members')
  async list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return { members: await this.accounts.members(workspace.id) };
  }

  @Post()
  @ApiContract('POST /api/members')
  invite(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @CurrentRole() role: Role | null, @CurrentUser() user: SessionUser | null, @Body() body: unknown) {
    return this.accounts.invite(workspace, actor, role, user, body);
  }

  @Patch(':id')
  @ApiContract('PATCH /api/members/:id')
  update(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @CurrentRole() role: Role | null, @Param('id') id: string, @Body() body: unknown) {
    return this.accounts.updateMember(workspace, actor, role, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract('DELETE /api/members/:id')
  async remove(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @CurrentRole() role: Role | null, @Param('id') id: string): Promise<void> {
    await this.accounts.removeMember(workspace, actor, role, id);
  }
}
