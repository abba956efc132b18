import type { NodeDescription } from '../../api/types';

export interface PaletteGroup {
  category: string;
  nodes: NodeDescription[];
}

const FIRST = 'Triggers';

/**
 * The catalog as the palette lists it: grouped by category, triggers first, then the other
 * categories in catalog order; filtered by a query whose every word must appear in the title,
 * the description or the type (`whats temp` finds "Send WhatsApp template").
 */
export function paletteGroups(nodes: readonly NodeDescription[], query = ''): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<string, NodeDescription[]>();
  for (const node of nodes) {
    const haystack = `${node.title} ${node.description} ${node.type} ${node.category}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) continue;
    const category = node.category || (node.kind === 'trigger' ? FIRST : 'Other');
    groups.set(category, [...(groups.get(category) ?? []), node]);
  }
  return [...groups]
    .map(([category, list]) => ({ category, nodes: list }))
    .sort((a, b) => Number(b.category === FIRST) - Number(a.category === FIRST));
}
