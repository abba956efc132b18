import { Body, Controller, Get, Param, Patch, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiContract } from '../../common/api-body';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { AlertsService } from './alerts.service';

/** Comment lines keep proxies from closing an idle stream. */
const PING_MS = 15_000;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Alerts, newest first; `unread=true` for the unread ones. */
  @Get()
  @ApiContract('GET /api/alerts')
  list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.alerts.list(workspace.id, query);
  }

  /**
   * Server-Sent Events: `event: alert` with the alert as JSON, for every alert of the
   * workspace raised while the stream is open; `: ping` comments every 15 s.
   */
  @Get('stream')
  @ApiContract('GET /api/alerts/stream')
  stream(@CurrentWorkspace() workspace: WorkspaceRef, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    out.write(': connected\n\n');
    const unsubscribe = this.alerts.subscribe(workspace.id, (alert) => out.write(`event: alert\nid: ${alert.id}\ndata: ${JSON.stringify(alert)}\n\n`));
    const ping = setInterval(() => out.write(': ping\n\n'), PING_MS);
    request.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  }

  @Patch(':id')
  @ApiContract('PATCH /api/alerts/:id')
  update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    return this.alerts.update(workspace.id, id, body);
  }
}
