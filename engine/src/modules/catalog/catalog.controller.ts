import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NodeCatalog } from '@switchboard/nodes';
import { ApiContract } from '../../common/api-body';
import { CATALOG } from '../../runtime/tokens';

@ApiTags('nodes')
@ApiBearerAuth()
@Controller('api/nodes')
export class CatalogController {
  constructor(@Inject(CATALOG) private readonly catalog: NodeCatalog) {}

  /** Every node type: kind, title, description, category, config JSON Schema and outputs. */
  @Get()
  @ApiContract('GET /api/nodes')
  list() {
    return { nodes: this.catalog.describe() };
  }
}
