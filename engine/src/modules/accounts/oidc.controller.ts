import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiContract } from '../../common/api-body';
import { RateLimited } from '../workspaces/rate-limit.guard';
import { Public } from '../workspaces/api-key.guard';
import { OidcService } from './oidc.service';

/**
 * Single sign-on with OpenID Connect: the browser is sent here by the editor's button and comes
 * back from the provider. Both routes answer with a redirect (to the provider, or to the editor),
 * never an error page.
 */
@ApiTags('accounts')
@Controller('api/auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcService) {}

  @Public()
  @RateLimited('auth')
  @Get('start')
  @ApiContract('GET /api/auth/oidc/start')
  start(@Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    return this.oidc.start(query, reply);
  }

  @Public()
  @RateLimited('auth')
  @Get('callback')
  @ApiContract('GET /api/auth/oidc/callback')
  callback(@Query() query: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.oidc.callback(query, request, reply);
  }
}
