import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NodeCatalog } from '@switchboard/nodes';
import { CATALOG } from '../../runtime/tokens';
import { FLOW_TEMPLATES } from './flow-templates';
import { ApiContract } from '../../common/api-body';

@ApiTags('flows')
@ApiBearerAuth()
@Controller('api/flow-templates')
export class FlowTemplatesController {
  constructor(@Inject(CATALOG) private readonly catalog: NodeCatalog) {}

  /** The gallery of ready flows; `POST /api/flows` with `{ name, fromTemplate }` copies one into a draft. */
  @Get()
  @ApiContract('GET /api/flow-templates')
  list() {
    return {
      templates: FLOW_TEMPLATES.map((template) => ({
        ...template,
        triggerType: template.graph.nodes.find((node) => this.catalog.isTrigger(node.type))?.type ?? null,
        // A preview: the steps in order, with the titles the palette uses.
        steps: template.graph.nodes.map((node) => ({ id: node.id, type: node.type, title: this.catalog.get(node.type)?.title ?? node.type })),
      })),
    };
  }
}
