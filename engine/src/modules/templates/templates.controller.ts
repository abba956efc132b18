import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiError } from '../../common/api-error';
import { TemplateSources } from '../adapter-ports';
import { parseInput } from '../../common/validation';
import { ConnectionsService } from '../connections/connections.service';
import { AuditService } from '../audit/audit.service';
import { CurrentActor, CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { TemplatesService } from './templates.service';
import { ApiContract } from '../../common/api-body';
import { createTemplateSchema, isWhatsApp, templateListQuerySchema, type AuditActor } from '@switchboard/shared';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('api/connections/:id/templates')
export class TemplatesController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly templates: TemplatesService,
    private readonly whatsapp: TemplateSources,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates a template and submits it to the sender's provider for review. Meta and the sandbox
   * can; Heltar's and AiSensy's APIs have no create call we know of (422: create it in their
   * dashboard, then sync). Changes the sender's account, hence `admin` like its other settings.
   */
  @Post()
  @HttpCode(201)
  @ApiContract('POST /api/connections/:id/templates')
  async create(@CurrentWorkspace() workspace: WorkspaceRef, @CurrentActor() actor: AuditActor, @Param('id') id: string, @Body() body: unknown) {
    const connection = await this.connection(workspace, id);
    const input = parseInput(createTemplateSchema, body);
    const submit = this.whatsapp.templateSubmitter(connection);
    if (!submit) {
      throw new ApiError('UNPROCESSABLE', `A ${connection.provider} sender cannot create templates through its API: create the template in the provider's dashboard, then sync`);
    }
    const template = await this.templates.create(connection, input, submit);
    await this.audit.record(
      workspace,
      actor,
      'template.create',
      { kind: 'template', id: `${connection.id}/${template.name}/${template.language}`, name: template.name },
      `Submitted the ${template.category?.toLowerCase() ?? ''} template ${template.name} (${template.language}) for review; it is ${template.status.toLowerCase()}`,
    );
    return { template };
  }

  /**
   * The sender's templates as last synced: approved ones only (`?status=all` for every status),
   * each with its language, category, body and parameters for mapping. Synced on first use.
   */
  @Get()
  @ApiContract('GET /api/connections/:id/templates')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string, @Query() query: unknown) {
    const { status } = parseInput(templateListQuerySchema, query);
    const connection = await this.connection(workspace, id);
    const source = this.whatsapp.templateSource(connection);
    if (!source) {
      return { listable: false, note: 'This sender cannot list its templates (AiSensy Basic): type the campaign name in the node.', templates: [] };
    }
    let templates = await this.templates.list(connection.id, { all: status === 'all' });
    if (templates.length === 0 && (await this.templates.list(connection.id, { all: true })).length === 0) {
      await this.templates.sync(connection, source);
      templates = await this.templates.list(connection.id, { all: status === 'all' });
    }
    return { listable: true, templates };
  }

  /** Fetches the sender's templates from its provider now. */
  @Post('sync')
  @HttpCode(200)
  @ApiContract('POST /api/connections/:id/templates/sync')
  async sync(@CurrentWorkspace() workspace: WorkspaceRef, @Param('id') id: string) {
    const connection = await this.connection(workspace, id);
    const source = this.whatsapp.templateSource(connection);
    if (!source) throw new ApiError('UNPROCESSABLE', 'This sender cannot list its templates (AiSensy Basic): type the campaign name in the node');
    const all = await this.templates.sync(connection, source);
    // Testing a sender also learns its tier, quality and throughput (Meta), for the connection view.
    await this.whatsapp.refreshLimits(connection);
    return { listable: true, synced: all.length, templates: all.filter((template) => template.status === 'APPROVED') };
  }

  private async connection(workspace: WorkspaceRef, id: string) {
    const connection = await this.connections.resolve(workspace.id, id);
    if (!connection || !isWhatsApp(connection.provider)) throw ApiError.notFound('WhatsApp connection', id);
    return connection;
  }
}
