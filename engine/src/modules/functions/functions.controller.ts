import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerTrace } from '../../common/trace-context';
import { ApiContract } from '../../common/api-body';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { FunctionsService } from './functions.service';
import { RateLimited } from '../workspaces/rate-limit.guard';

@ApiTags('functions')
@ApiBearerAuth()
@Controller('api/functions')
export class FunctionsController {
  constructor(private readonly functions: FunctionsService) {}

  /**
   * The published in-call functions: `tools`, in the OpenAI function-calling format (register
   * them with the voice agent as they are), and `functions`, the same with the invoke URL, the
   * timeout, the agents and the flow. `?agentId=` keeps those offered to that agent.
   */
  @Get()
  @ApiContract('GET /api/functions')
  list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: unknown) {
    return this.functions.list(workspace.id, query);
  }

  /**
   * Calls a function: runs its flow with the call context and the arguments and answers with
   * the flow's Respond step (its status and body), or `{ runId, status }` when the flow ends
   * without one; `202 { runId }` after the function's timeout, while the run goes on. Every
   * answer names the run in `X-Run-Id`. An `Idempotency-Key` header makes a retried call one run.
   * `?format=vapi|retell|elevenlabs|bland`: the body is that platform's tool request and the
   * answer its shape, within its time limit (`FunctionsService.invokeAs`).
   */
  @RateLimited('invoke')
  @Post(':name/invoke')
  @ApiContract('POST /api/functions/:name/invoke')
  async invoke(
    @CurrentWorkspace() workspace: WorkspaceRef,
    @Param('name') name: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const platform = await this.functions.invokeAs(workspace, name, request.query, body, callerTrace(request.headers));
    if (platform) return sendAnswer(reply, platform);
    const key = request.headers['idempotency-key'];
    const answer = await this.functions.invoke(workspace, name, body, (Array.isArray(key) ? key[0] : key)?.trim(), callerTrace(request.headers));
    sendAnswer(reply, answer);
  }
}

/** Sends a run's answer: JSON unless the body is text; no body when it is null; the run in `X-Run-Id`. */
export function sendAnswer(reply: FastifyReply, answer: { status: number; body: unknown; runId: string }): void {
  void reply.status(answer.status).header('x-run-id', answer.runId);
  if (answer.body === null || answer.body === undefined) return void reply.send();
  if (typeof answer.body === 'string') return void reply.header('content-type', 'text/plain; charset=utf-8').send(answer.body);
  void reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.body));
}
