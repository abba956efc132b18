import { Inject, Injectable } from '@nestjs/common';
import { validateGraph, type GraphProblem } from '@switchboard/shared';
import type { NodeCatalog } from '@switchboard/nodes';
import { CATALOG } from '../../runtime/tokens';
import { ConnectionsService } from '../connections/connections.service';
import { PROVIDERS } from '../connections/providers';

/**
 * Validates a flow graph: the shared structural and schema checks, plus what only the engine
 * knows — that every connection a node names exists in the workspace and serves that node.
 */
@Injectable()
export class FlowValidator {
  constructor(
    @Inject(CATALOG) private readonly catalog: NodeCatalog,
    private readonly connections: ConnectionsService,
  ) {}

  async validate(workspaceId: string, graph: unknown): Promise<GraphProblem[]> {
    const problems = validateGraph(graph, this.catalog.validation());
    const nodes = Array.isArray((graph as { nodes?: unknown })?.nodes) ? ((graph as { nodes: unknown[] }).nodes as Array<Record<string, unknown>>) : [];
    for (const node of nodes) {
      const config = node?.config as Record<string, unknown> | undefined;
      const connectionId = config?.connectionId;
      if (typeof connectionId !== 'string' || connectionId === '' || connectionId.includes('{{')) continue;
      const family = typeof node.type === 'string' ? node.type.split('.')[0] : '';
      const connection = await this.connections.resolve(workspaceId, connectionId);
      const nodeId = typeof node.id === 'string' ? node.id : null;
      if (!connection) {
        problems.push({ nodeId, field: 'config.connectionId', message: `connection ${connectionId} does not exist in this workspace` });
      } else if (family === 'whatsapp' && PROVIDERS[connection.provider]?.channel !== 'whatsapp') {
        problems.push({ nodeId, field: 'config.connectionId', message: `connection ${connectionId} is not a WhatsApp sender` });
      }
    }
    return problems;
  }
}
