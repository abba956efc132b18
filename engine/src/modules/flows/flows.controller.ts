import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import type { NodeCatalog, TriggerDefinition } from '@switchboard/nodes';
import { EventIngestor } from '../../execution/event-ingestor';
import { FlowRegistry } from '../../execution/flow-registry';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { CATALOG } from '../../runtime/tokens';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ApiJsonBody, ApiJsonResponse } from '../../common/api-body';
import { assertEventData } from '../events/event.dto';
import { FlowsService } from './flows.service';
import { createFlowSchema, flowDocumentSchema, flowDocumentViewSchema, flowListSchema, flowViewSchema, manualRunResultSchema, publishResultSchema, runFlowSchema, testFlowSchema, testRunResultSchema, updateFlowSchema, validateFlowSchema, validateResultSchema, versionDetailSchema, versionListSchema } from '@switchboard/shared';

@ApiTags('flows')
@ApiBearerAuth()
@Controller('api/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly registry: FlowRegistry,
    private readonly ingestor: EventIngestor,
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
  ) {}

  private readonly checkEventData = (type: string, data: unknown) => this.catalog.eventDataIssues(type, data);

  @Post()
  @ApiJsonBody(createFlowSchema, 'A draft; its graph is saved even when invalid')
  @ApiJsonResponse(flowViewSchema, 201)
  create(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    return this.flows.create(workspace.id, body);
  }

  @Get()
  @ApiJsonResponse(flowListSchema)
  async list(@CurrentWorkspace() workspace: WorkspaceRef) {
    return { flows: await this.flows.list(workspace.id) };
  }

  /** Validates a graph without saving it: every problem at once. */
  @Post('validate')
  @ApiJsonBody(validateFlowSchema)
  @HttpCode(200)
  @ApiJsonResponse(validateResultSchema)
  async validate(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    const { graph } = parseInput(validateFlowSchema, body);
    const problems = await this.flows.validate(workspace.id, graph);
    return { valid: problems.length === 0, problems };
  }

  @Post('import')
  @ApiJsonBody(flowDocumentSchema, 'The flow document, as export gives it')
  @ApiJsonResponse(flowViewSchema, 201)
  import(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown) {
    return this.flows.import(workspace.id, body);
  }

  @Get(':id')
  @ApiJsonResponse(flowViewSchema)
  get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.flows.get(workspace.id, id);
  }

  /** Saves the draft, even an invalid one, and returns its problems. */
  @Put(':id')
  @ApiJsonBody(updateFlowSchema)
  @ApiJsonResponse(flowViewSchema)
  update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    return this.flows.update(workspace.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiJsonResponse(null, 204)
  async remove(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string): Promise<void> {
    await this.flows.remove(workspace.id, id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiJsonResponse(publishResultSchema)
  publish(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.flows.publish(workspace.id, id);
  }

  @Post(':id/unpublish')
  @HttpCode(200)
  @ApiJsonResponse(flowViewSchema)
  unpublish(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.flows.unpublish(workspace.id, id);
  }

  @Get(':id/versions')
  @ApiJsonResponse(versionListSchema)
  async versions(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return { versions: await this.flows.listVersions(workspace.id, id) };
  }

  @Get(':id/versions/:version')
  @ApiJsonResponse(versionDetailSchema)
  version(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Param('version') version: string) {
    return this.flows.getVersion(workspace.id, id, version);
  }

  @Get(':id/export')
  @ApiJsonResponse(flowDocumentViewSchema)
  export(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    return this.flows.export(workspace.id, id);
  }

  /**
   * Runs the current draft once with `{ event }` (the trigger's event data, or its sample),
   * whatever the trigger's conditions say; `matched` tells whether they would have started it.
   */
  @Post(':id/test')
  @ApiJsonBody(testFlowSchema, "`event`: the trigger's event data; the trigger's sample when omitted")
  @HttpCode(202)
  @ApiJsonResponse(testRunResultSchema, 202)
  async test(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(testFlowSchema, body ?? {});
    const version = await this.flows.snapshotForTest(workspace.id, id);
    const flow = await this.registry.get(version.id);
    if (!flow) throw ApiError.notFound('Flow version', version.id);
    if (input.event) assertEventData(this.checkEventData, flow.trigger.type, input.event, 'event');
    const data = input.event ?? this.catalog.sampleFor(flow.triggerDefinition as TriggerDefinition, flow.triggerConfig as never);
    const result = await this.ingestor.runOnce(workspace, flow, { type: flow.trigger.type, data }, { isTest: true });
    return { runId: result.runs[0]?.runId ?? null, flowId: id, eventId: result.eventId, matched: result.matched, test: true };
  }

  /** Starts the published version once with `{ data }`, whatever its trigger's conditions say (the manual trigger). */
  @Post(':id/run')
  @ApiJsonBody(runFlowSchema, '`data`: the event data the run starts with')
  @HttpCode(202)
  @ApiJsonResponse(manualRunResultSchema, 202)
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
