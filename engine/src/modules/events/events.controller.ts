import { Body, Controller, Headers, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NodeCatalog } from '@switchboard/nodes';
import type { FastifyReply } from 'fastify';
import { EventIngestor } from '../../execution/event-ingestor';
import { callerTrace } from '../../common/trace-context';
import { ApiContract } from '../../common/api-body';
import { parseInput } from '../../common/validation';
import { eventSchema } from './event.dto';
import { CATALOG } from '../../runtime/tokens';
import { EngineMetrics } from '../../runtime/metrics';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  private readonly schema;

  constructor(
    private readonly ingestor: EventIngestor,
    @Inject(CATALOG) catalog: NodeCatalog,
    private readonly metrics: EngineMetrics,
  ) {
    this.schema = eventSchema(catalog.triggerTypes(), (type, data) => catalog.eventDataIssues(type, data));
  }

  /**
   * Takes an event in and starts every published flow whose trigger matches it. The same
   * `id` again answers 200 with the first delivery's runs and `duplicate: true`.
   */
  @Post()
  @ApiContract('POST /api/events')
  async ingest(
    @CurrentWorkspace() workspace: WorkspaceRef,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    let event;
    try {
      event = parseInput(this.schema, body);
    } catch (error) {
      // The type label is the catalog's (anything else counts as `other`), never the caller's text.
      const type = body && typeof body === 'object' && typeof (body as { type?: unknown }).type === 'string' ? (body as { type: string }).type : '';
      this.metrics.event(type, 'refused');
      throw error;
    }
    const result = await this.ingestor.ingest(workspace, event, { trace: callerTrace(headers) });
    void reply.status(result.duplicate ? 200 : 202);
    return result.duplicate ? result : { eventId: result.eventId, runs: result.runs };
  }
}
