import { describe as suite, expect, it } from 'vitest';
import { fixtureCatalog } from '../canvas/catalog.fixture';
import { paletteGroups } from './palette-groups';

const nodes = [fixtureCatalog['flow.delay']!, fixtureCatalog['whatsapp.send_template']!, fixtureCatalog['call.completed']!, fixtureCatalog['flow.branch']!, fixtureCatalog.manual!];

suite('palette groups', () => {
  it('groups by category with triggers first, the rest in catalog order', () => {
    expect(paletteGroups(nodes).map((group) => [group.category, group.nodes.map((node) => node.type)])).toEqual([
      ['Triggers', ['call.completed', 'manual']],
      ['Flow', ['flow.delay', 'flow.branch']],
      ['WhatsApp', ['whatsapp.send_template']],
    ]);
  });

  it('finds nodes by every word of the query in title, description or type', () => {
    expect(paletteGroups(nodes, 'whats temp').flatMap((group) => group.nodes.map((node) => node.type))).toEqual(['whatsapp.send_template']);
    expect(paletteGroups(nodes, 'APPROVED').flatMap((group) => group.nodes.map((node) => node.type))).toEqual(['whatsapp.send_template']);
    expect(paletteGroups(nodes, 'flow.br').flatMap((group) => group.nodes.map((node) => node.type))).toEqual(['flow.branch']);
    expect(paletteGroups(nodes, 'nothing like this')).toEqual([]);
  });
});
