import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import type { NodeCatalog, TriggerDefinition } from '@switchboard/nodes';
import { EventIngestor } from '../../execution/event-ingestor';
import { FlowRegistry } from '../../execution/flow-registry';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { CATALOG } from '../../runtime/tokens';
import { CurrentActor, CurrentWorkspace } from '../workspaces/api-key.guard';
import { AuditService } from '../audit/audit.service';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ApiContract } from '../../common/api-body';
import { assertEventData } from '../events/event.dto';
import { FlowPresenceService } from './flow-presence';
import { FlowsService } from './flows.service';
import { presenceHeartbeatSchema, runFlowSchema, testFlowSchema, validateFlowSchema, type AuditActor } from '@switchboard/shared';

@ApiTags('flows')
@ApiBearerAuth()
@Controller('api/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly presence: FlowPresenceService,
    private readonly registry: FlowRegistry,
    private readonly ingestor: EventIngestor,
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
    private readonly audit: AuditService,
  ) {}

  private readonly checkEventData = (type: string, data: unknown) => this.catalog.eventDataIssues(type, data);

  @Post()
  @ApiContract('POST /api/flows')
  async create(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Body() body: unknown) {
    const flow = await this.flows.create(workspace.id, body);
    await this.audit.record(workspace, actor, 'flow.create', { kind: 'flow', id: flow.id, name: flow.name }, 'Created the flow');
    return flow;
  }

  @Get()
  @ApiContract('GET /api/flows')
  async list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return { flows: await this.flows.list(workspace.id) };
  }

  /** Validates a graph without saving it: every problem at once. */
  @Post('validate')
  @ApiContract('POST /api/flows/validate')
  @HttpCode(200)
  async validate(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    const { graph } = parseInput(validateFlowSchema, body);
    const problems = await this.flows.validate(workspace.id, graph);
    return { valid: problems.length === 0, problems };
  }

  @Post('import')
  @ApiContract('POST /api/flows/import')
  async import(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Body() body: unknown) {
    const flow = await this.flows.import(workspace.id, body);
    await this.audit.record(workspace, actor, 'flow.import', { kind: 'flow', id: flow.id, name: flow.name }, 'Imported the flow from a document');
    return flow;
  }

  @Get(':id')
  @ApiContract('GET /api/flows/:id')
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.flows.get(workspace.id, id);
  }

  /** Saves the draft, even an invalid one, and returns its problems. */
  @Put(':id')
  @ApiContract('PUT /api/flows/:id')
  update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    return this.flows.update(workspace.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiContract('DELETE /api/flows/:id')
  async remove(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string): Promise<void> {
    const flow = await this.flows.remove(workspace.id, id);
    await this.audit.record(workspace, actor, 'flow.delete', { kind: 'flow', id: flow.id, name: flow.name }, 'Deleted the flow');
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiContract('POST /api/flows/:id/publish')
  publish(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    return this.flows.publish(workspace.id, id, actor);
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @ApiContract('POST /api/flows/:id/unpublish')
  unpublish(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string) {
    return this.flows.unpublish(workspace.id, id, actor);
  }

  /** An editor tab's heartbeat: answers how many other tabs have the flow open. */
  @Post(':id/presence')
  @HttpCode(200)
  @ApiContract('POST /api/flows/:id/presence')
  async heartbeat(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(presenceHeartbeatSchema, body);
    const flow = await this.flows.get(workspace.id, id);
    return this.presence.heartbeat(workspace.id, flow.id, input.session, input.open, actor.name);
  }

  @Get(':id/versions')
  @ApiContract('GET /api/flows/:id/versions')
  async versions(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return { versions: await this.flows.listVersions(workspace.id, id) };
  }

  @Get(':id/versions/:version')
  @ApiContract('GET /api/flows/:id/versions/:version')
  version(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Param('version') version: string) {
    return this.flows.getVersion(workspace.id, id, version);
  }

  @Get(':id/export')
  @ApiContract('GET /api/flows/:id/export')
  export(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.flows.export(workspace.id, id);
  }

  /**
   * Runs the current draft once with `{ event }` (the trigger's event data, or its sample),
   * whatever the trigger's conditions say; `matched` tells whether they would have started it.
   * With `target: 'published'` it runs the live version instead ("Send a test event"): the event
   * is stored like a real one (source `test`, so Activity lists it) and the run is marked test.
   */
  @Post(':id/test')
  @ApiContract('POST /api/flows/:id/test')
  @HttpCode(202)
  async test(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(testFlowSchema, body ?? {});
    const version = input.target === 'published' ? await this.flows.publishedVersion(workspace.id, id) : await this.flows.snapshotForTest(workspace.id, id);
    const flow = await this.registry.get(version.id);
    if (!flow) throw ApiError.notFound('Flow version', version.id);
    if (input.event) assertEventData(this.checkEventData, flow.trigger.type, input.event, 'event');
    const data = input.event ?? this.catalog.sampleFor(flow.triggerDefinition as TriggerDefinition, flow.triggerConfig as never);
    const source = input.target === 'published' ? { source: 'test' } : {};
    const result = await this.ingestor.runOnce(workspace, flow, { type: flow.trigger.type, data, ...source }, { isTest: true });
    return { runId: result.runs[0]?.runId ?? null, flowId: id, eventId: result.eventId, matched: result.matched, test: true };
  }

  /** Starts the published version once with `{ data }`, whatever its trigger's conditions say (the manual trigger). */
  @Post(':id/run')
  @ApiContract('POST /api/flows/:id/run')
  @HttpCode(202)
  async run(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(runFlowSchema, body ?? {});
    const version = await this.flows.publishedVersion(workspace.id, id);
    const flow = await this.registry.get(version.id);
    if (!flow) throw ApiError.notFound('Flow version', version.id);
    assertEventData(this.checkEventData, flow.trigger.type, input.data, 'data');
    const result = await this.ingestor.runOnce(workspace, flow, { type: flow.trigger.type, id: input.id, data: input.data }, { isTest: false });
    return { runId: result.runs[0]?.runId ?? null, flowId: id, eventId: result.eventId, duplicate: result.duplicate };
  }
}
