import { Inject, Injectable } from '@nestjs/common';
import { type FlowGraph, type GraphProblem, PROVIDERS, validateGraph } from '@switchboard/shared';
import { findLoops } from '../../execution/loops';
import { configJsonSchema, type NodeCatalog } from '@switchboard/nodes';
import { CATALOG } from '../../runtime/tokens';
import { ConnectionsService } from '../connections/connections.service';

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
    if (problems.length === 0) {
      problems.push(
        ...findLoops(graph as FlowGraph, (type, typeVersion) => {
          const definition = this.catalog.getVersion(type, typeVersion ?? 1);
          return definition?.kind === 'action' ? definition.fanOut : undefined;
        }).problems,
      );
    }
    // A node that is not an object (null, a string) is among the problems above; nothing more to look at in it.
    const listed = Array.isArray((graph as { nodes?: unknown })?.nodes) ? (graph as { nodes: unknown[] }).nodes : [];
    const nodes = listed.filter((node): node is Record<string, unknown> => typeof node === 'object' && node !== null && !Array.isArray(node));
    problems.push(...this.answerProblems(nodes));
    for (const node of nodes) {
      const config = node?.config as Record<string, unknown> | undefined;
      const nodeId = typeof node.id === 'string' ? node.id : null;
      for (const [field, family] of this.connectionFields(node)) {
        const connectionId = config?.[field];
        if (typeof connectionId !== 'string' || connectionId === '' || connectionId.includes('{{')) continue;
        const connection = await this.connections.resolve(workspaceId, connectionId);
        if (!connection) {
          problems.push({ nodeId, field: `config.${field}`, message: `connection ${connectionId} does not exist in this workspace` });
        } else if (PROVIDERS[connection.provider]?.channel !== family) {
          problems.push({ nodeId, field: `config.${field}`, message: `connection ${connectionId} is not ${FAMILY_NAMES[family] ?? `a ${family} connection`}` });
        }
      }
    }
    return problems;
  }

  /**
   * A node that answers a waiting caller (`flow.respond`) needs a trigger whose sender waits:
   * an in-call function or a webhook. After any other trigger there is nobody to answer.
   */
  private answerProblems(nodes: Array<Record<string, unknown>>): GraphProblem[] {
    const definitionOf = (node: Record<string, unknown>) =>
      typeof node?.type === 'string' ? this.catalog.getVersion(node.type, typeof node.typeVersion === 'number' ? node.typeVersion : 1) : undefined;
    const trigger = nodes.map(definitionOf).find((definition) => definition?.kind === 'trigger');
    if (!trigger || (trigger.kind === 'trigger' && trigger.callerWaits)) return [];
    const callers = this.catalog.triggerTypes().filter((type) => {
      const definition = this.catalog.get(type);
      return definition?.kind === 'trigger' && definition.callerWaits !== undefined;
    });
    return nodes
      .filter((node) => {
        const definition = definitionOf(node);
        return definition?.kind === 'action' && definition.answersCaller;
      })
      .map((node) => ({
        nodeId: typeof node.id === 'string' ? node.id : null,
        field: 'type',
        message: `${String(node.type)} answers a caller that waits for the run, and a ${trigger.type} flow has none: use it after ${callers.join(' or ')}`,
      }));
  }

  /** The config fields of a node that name a connection, with the provider family each needs (`x-provider`). */
  connectionFields(node: Record<string, unknown>): Array<[string, string]> {
    if (typeof node.type !== 'string') return [];
    const version = typeof node.typeVersion === 'number' ? node.typeVersion : 1;
    const key = `${node.type}@${version}`;
    let fields = this.fieldsByType.get(key);
    if (!fields) {
      const definition = this.catalog.getVersion(node.type, version);
      const properties = (definition ? configJsonSchema(definition.config).properties : undefined) as Record<string, Record<string, unknown>> | undefined;
      fields = Object.entries(properties ?? {}).flatMap(([name, schema]) =>
        schema['x-widget'] === 'connection' && typeof schema['x-provider'] === 'string' ? [[name, schema['x-provider']] as [string, string]] : [],
      );
      // Only the catalog's types are kept: a draft may name any type, and the cache must not grow with them.
      if (definition) this.fieldsByType.set(key, fields);
    }
    return fields;
  }

  private readonly fieldsByType = new Map<string, Array<[string, string]>>();
}

const FAMILY_NAMES: Record<string, string> = { whatsapp: 'a WhatsApp sender', ai: 'an AI model connection (ai.openai_compatible)', smtp: 'an SMTP connection', http: 'an HTTP auth connection (http.header)' };
