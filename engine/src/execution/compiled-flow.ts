import { edgeHandle, findDynamicVariables, indexGraph, type FlowNode, type GraphIndex } from '@switchboard/shared';
import type { ActionDefinition, NodeCatalog, TriggerDefinition } from '@switchboard/nodes';
import { findLoops, type LoopBody } from './loops';
import type { StoredVersion } from './types';

/**
 * A flow version prepared for execution: the graph indexed, every node's definition
 * resolved once. Versions are immutable, so a compiled flow is cached by version id and
 * shared by every run of that version in the process.
 */
export class CompiledFlow {
  readonly index: GraphIndex;
  readonly trigger: FlowNode;
  readonly triggerDefinition: TriggerDefinition;
  /** The trigger's config, parsed once (trigger configs hold no templates). */
  readonly triggerConfig: unknown;
  /** Nodes the run must resolve (reachable from the trigger), the trigger included. */
  readonly reachableCount: number;
  /** The `<name>` of every `{{dyn_<name>}}` the flow uses: extracted once per run, before the first step that renders. */
  readonly dynamicVariables: string[];
  /** Nodes that answer the caller waiting on the run (`flow.respond`). */
  readonly answeringNodes: string[];
  /**
   * Whether whoever sent the event waits for the run's answer: always for an in-call function,
   * for a webhook only when the flow has a node that answers (see `TriggerDefinition.callerWaits`).
   */
  readonly callerWaits: boolean;
  private readonly actions = new Map<string, ActionDefinition>();
  /** Loops by their node id, and the loop each body node belongs to. */
  private readonly loops = new Map<string, LoopBody>();
  private readonly bodyOf = new Map<string, LoopBody>();

  constructor(
    readonly version: StoredVersion,
    catalog: NodeCatalog,
  ) {
    this.index = indexGraph(version.graph, (type) => catalog.isTrigger(type));
    const trigger = this.index.trigger;
    if (!trigger) throw new Error(`flow version ${version.id} has no trigger`);
    this.trigger = trigger;
    const triggerDefinition = catalog.getVersion(trigger.type, trigger.typeVersion ?? 1);
    if (!triggerDefinition || triggerDefinition.kind !== 'trigger') throw new Error(`unknown trigger ${trigger.type}@${trigger.typeVersion ?? 1}`);
    this.triggerDefinition = triggerDefinition;
    const parsed = catalog.parseConfig(triggerDefinition, trigger.config ?? {});
    this.triggerConfig = parsed.ok ? parsed.config : (trigger.config ?? {});
    for (const node of this.index.nodes.values()) {
      const definition = catalog.getVersion(node.type, node.typeVersion ?? 1);
      if (definition?.kind === 'action') this.actions.set(node.id, definition);
    }
    this.answeringNodes = [...this.actions].filter(([id, definition]) => definition.answersCaller && this.index.reachable.has(id)).map(([id]) => id);
    const waits = triggerDefinition.callerWaits;
    this.callerWaits = waits === 'always' || (waits === 'when_answered' && this.answeringNodes.length > 0);
    const { loops } = findLoops(version.graph, (type, typeVersion) => {
      const definition = catalog.getVersion(type, typeVersion ?? 1);
      return definition?.kind === 'action' ? definition.fanOut : undefined;
    });
    for (const body of loops) {
      this.loops.set(body.loopId, body);
      for (const id of body.nodes) this.bodyOf.set(id, body);
    }
    // Steps inside loops run per iteration, in scopes; the run counts only its top-level steps.
    this.reachableCount = [...this.index.reachable].filter((id) => !this.bodyOf.has(id)).length;
    this.dynamicVariables = findDynamicVariables(version.graph.nodes.filter((node) => node.id !== trigger.id).map((node) => node.config));
  }

  get id(): string {
    return this.version.id;
  }

  node(nodeId: string): FlowNode | undefined {
    return this.index.nodes.get(nodeId);
  }

  /** The action definition of a node; undefined for the trigger or a type the catalog lacks. */
  action(nodeId: string): ActionDefinition | undefined {
    return this.actions.get(nodeId);
  }

  /** Whether an edge leaves `source` on `handle` towards `target`. */
  connects(source: string, handle: string | null, target: string): boolean {
    if (handle === null) return false;
    return this.index.outgoing(source).some((edge) => edge.target === target && edgeHandle(edge) === handle);
  }

  /** The loop whose node this is, or undefined. */
  loop(nodeId: string): LoopBody | undefined {
    return this.loops.get(nodeId);
  }

  /** The loop a node runs inside of (once per item), or undefined at the top level. */
  loopAround(nodeId: string): LoopBody | undefined {
    return this.bodyOf.get(nodeId);
  }

  /** Whether `nodeId` has an edge leaving its `error` handle. */
  hasErrorEdge(nodeId: string): boolean {
    return this.index.outgoing(nodeId).some((edge) => edgeHandle(edge) === 'error');
  }
}
