import type { FlowGraph } from '@switchboard/shared';
import { SECRET_SET_MARKER } from '@switchboard/shared';
import type { SecretBox } from '../../common/secret-box';

/** The write-only config fields of each node type: stored sealed, shown as `SECRET_SET_MARKER`. */
/** Write-only fields by node type; a Map, so a type named like an Object property (`constructor`) has none. */
const WRITE_ONLY: ReadonlyMap<string, readonly string[]> = new Map([['webhook.received', ['secret']]]);

/** Marks a sealed value in a stored graph. Values from the API are always sealed, so only a value stored before sealing existed can lack it. */
const SEALED = 'enc:';

type GraphNode = { id?: unknown; type?: unknown; config?: Record<string, unknown> };

/**
 * Write-only values inside flow graphs (the webhook trigger's `secret`): sealed with the
 * engine's SecretBox wherever a graph is stored (drafts and the versions copied from them),
 * shown as the marker in every answer and export, opened only to validate and to verify a
 * signature. A value stored in plain text before sealing existed is read as it is.
 */
export class TriggerSecrets {
  constructor(private readonly box: SecretBox) {}

  /**
   * The graph to store: every write-only value sealed. The marker keeps the value `stored`
   * holds for the same node (the node of the same id, else the only node of that type); with
   * nothing stored it stays the marker, which validation refuses ("enter the secret again").
   */
  seal(graph: FlowGraph, stored?: FlowGraph | null): FlowGraph {
    return this.mapValues(graph, (value, node, field) => {
      if (value !== SECRET_SET_MARKER) return this.sealValue(value);
      const previous = stored ? storedNode(stored, node)?.config?.[field] : undefined;
      return typeof previous === 'string' && previous !== SECRET_SET_MARKER ? (previous.startsWith(SEALED) ? previous : this.sealValue(previous)) : value;
    });
  }

  /** The graph with every write-only value in plain text: for validation only, never to answer with or store. */
  open(graph: FlowGraph): FlowGraph {
    return this.mapValues(graph, (value) => this.openValue(value));
  }

  /** The graph to answer with or export: every write-only value that is set shown as the marker. */
  redact(graph: FlowGraph): FlowGraph {
    return this.mapValues(graph, () => SECRET_SET_MARKER);
  }

  /** A stored value in plain text (a value stored before sealing existed as it is). */
  openValue(value: string): string {
    if (!value.startsWith(SEALED)) return value;
    try {
      return this.box.open(value.slice(SEALED.length));
    } catch {
      return value;
    }
  }

  /** A stored graph with any value stored in plain text (before sealing existed) sealed; the same object when there is none. */
  sealPlain(graph: FlowGraph): FlowGraph {
    let plain = false;
    const sealed = this.mapValues(graph, (value) => {
      if (value === SECRET_SET_MARKER || value.startsWith(SEALED)) return value;
      plain = true;
      return this.sealValue(value);
    });
    return plain ? sealed : graph;
  }

  private sealValue(value: string): string {
    return `${SEALED}${this.box.seal(value)}`;
  }

  /** A copy of `graph` with every write-only string value replaced by `map`'s; the graph itself is left alone (a draft may be any shape). */
  private mapValues(graph: FlowGraph, map: (value: string, node: GraphNode, field: string) => string): FlowGraph {
    const nodes = (graph as { nodes?: unknown } | null)?.nodes;
    if (!Array.isArray(nodes) || !nodes.some((node) => WRITE_ONLY.has((node as GraphNode | null)?.type as string))) return graph;
    return {
      ...graph,
      nodes: nodes.map((node: GraphNode | null) => {
        const fields = node && typeof node.type === 'string' ? WRITE_ONLY.get(node.type) : undefined;
        const config = node?.config;
        if (!fields || !config || typeof config !== 'object' || Array.isArray(config)) return node;
        const copy = { ...config };
        for (const field of fields) if (typeof copy[field] === 'string') copy[field] = map(copy[field], node, field);
        return { ...node, config: copy };
      }) as FlowGraph['nodes'],
    };
  }
}

function storedNode(stored: FlowGraph, node: GraphNode): GraphNode | undefined {
  const nodes = Array.isArray((stored as { nodes?: unknown })?.nodes) ? (stored.nodes as GraphNode[]) : [];
  const same = nodes.find((candidate) => candidate?.id === node.id && candidate?.type === node.type);
  if (same) return same;
  const ofType = nodes.filter((candidate) => candidate?.type === node.type);
  return ofType.length === 1 ? ofType[0] : undefined;
}
