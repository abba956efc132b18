import type { ConnectionView, FlowTemplateView, JsonSchema, NodeDescription } from '../../api/types';
import { inFamily } from '../node-config/connections-store';
import { placeholderHostsIn } from '../node-config/placeholder-hosts';

/**
 * The new-flow gallery's pure parts: templates grouped by category, and what a template needs
 * before it can run (a sender to choose, example addresses to replace).
 */

export interface GalleryGroup {
  category: string;
  templates: FlowTemplateView[];
}

/** Templates by category, categories and templates in the order the API lists them. */
export function galleryGroups(templates: readonly FlowTemplateView[]): GalleryGroup[] {
  const groups = new Map<string, FlowTemplateView[]>();
  for (const template of templates) {
    const category = template.category.trim() || 'Other';
    const group = groups.get(category);
    if (group) group.push(template);
    else groups.set(category, [template]);
  }
  return [...groups].map(([category, list]) => ({ category, templates: list }));
}

/** What starts the template's flow, as the palette calls it ("Call completed", "Schedule"). */
export function triggerTitle(template: Pick<FlowTemplateView, 'steps' | 'triggerType'>): string | null {
  return template.steps.find((step) => step.type === template.triggerType)?.title ?? null;
}

/** A step as the template names it ("Wait 5 minutes"), else by its type's title. */
export function stepTitle(template: Pick<FlowTemplateView, 'graph'>, step: { id: string; title: string }): string {
  const name = template.graph.nodes.find((node) => node.id === step.id)?.name?.trim();
  return name || step.title;
}

type Describe = (type: string, typeVersion?: number) => NodeDescription | undefined;

/** A connection the template leaves to choose: its family's provider prefix, the steps that need it, and what the workspace has. */
export interface ConnectionNeed {
  kind: 'connection';
  /** The schema's `x-provider`: a family (`whatsapp`) or a provider. */
  provider: string;
  nodeIds: string[];
  /** The connection creating the flow will choose (the workspace's first of that kind), null when it has none; undefined while unknown. */
  chosen: ConnectionView | null | undefined;
}

/** Example addresses (reserved example domains, RFC 2606) the template calls: the team's own go there. */
export interface PlaceholderNeed {
  kind: 'placeholder';
  hosts: string[];
  nodeIds: string[];
}

export type SetupNeed = ConnectionNeed | PlaceholderNeed;

/**
 * What a template needs before it runs: each required connection field it leaves empty (with
 * the connection the engine will fill in, the workspace's first of that kind, if there is one)
 * and the example addresses to replace. `connections` undefined: not loaded yet.
 */
export function templateSetup(template: Pick<FlowTemplateView, 'graph'>, describe: Describe, connections: readonly ConnectionView[] | undefined): SetupNeed[] {
  const needs = new Map<string, ConnectionNeed>();
  const hosts = new Set<string>();
  const placeholderNodes: string[] = [];
  for (const node of template.graph.nodes) {
    const schema = describe(node.type, node.typeVersion)?.configSchema;
    const config = node.config ?? {};
    for (const [field, property] of Object.entries(schema?.properties ?? {})) {
      if (!isConnectionField(property) || !schema?.required?.includes(field)) continue;
      const value = config[field];
      if (typeof value === 'string' && value !== '') continue;
      const provider = typeof property['x-provider'] === 'string' ? property['x-provider'] : '';
      const need = needs.get(provider) ?? { kind: 'connection' as const, provider, nodeIds: [], chosen: connections ? (connections.find((connection) => inFamily(connection.provider, provider)) ?? null) : undefined };
      need.nodeIds.push(node.id);
      needs.set(provider, need);
    }
    const found = placeholderHostsIn(config);
    if (found.length > 0) {
      placeholderNodes.push(node.id);
      for (const host of found) hosts.add(host);
    }
  }
  const setup: SetupNeed[] = [...needs.values()];
  if (hosts.size > 0) setup.push({ kind: 'placeholder', hosts: [...hosts], nodeIds: placeholderNodes });
  return setup;
}

function isConnectionField(property: JsonSchema): boolean {
  return property['x-widget'] === 'connection';
}
