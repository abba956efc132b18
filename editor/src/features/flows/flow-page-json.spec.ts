import type { FlowGraph } from '@switchboard/shared';
import { describe as suite, expect, it } from 'vitest';
import { fixtureDescribe as describe } from '../canvas/catalog.fixture';
import { parseEvent, parseImport, sampleEventFor } from './flow-page-json';

suite('flow page JSON', () => {
  it("prefills a test with the manual trigger's sample payload, else the catalog's sample event", () => {
    const withTrigger = (node: FlowGraph['nodes'][number]): FlowGraph => ({ nodes: [{ id: 'send', type: 'whatsapp.send_template', config: {} }, node], edges: [] });
    expect(sampleEventFor(withTrigger({ id: 'call', type: 'call.completed', config: {} }), describe)).toEqual({ customer: { phone: '+14155551234' } });
    expect(sampleEventFor(withTrigger({ id: 'run', type: 'manual', config: { samplePayload: { order: 7 } } }), describe)).toEqual({ order: 7 });
    expect(sampleEventFor(withTrigger({ id: 'run', type: 'manual', config: { samplePayload: {} } }), describe)).toEqual({ customer: { name: 'Alex' } });
    expect(sampleEventFor({ nodes: [], edges: [] }, describe)).toEqual({});
  });

  it('accepts a JSON object as the event and explains anything else', () => {
    expect(parseEvent('{"a":1}')).toEqual({ event: { a: 1 }, error: null });
    expect(parseEvent('  ')).toEqual({ event: {}, error: null });
    expect(parseEvent('[1]').error).toMatch(/JSON object/);
    expect(parseEvent('{a:1}').error).toMatch(/Not valid JSON/);
  });

  it('reads an exported flow document or a bare graph, and refuses other files', () => {
    const graph = { nodes: [{ id: 'a', type: 'manual' }], edges: [] };
    expect(parseImport(JSON.stringify({ name: 'Imported', graph }))).toEqual({ graph: { nodes: [{ id: 'a', type: 'manual', config: {} }], edges: [] }, name: 'Imported', error: null });
    expect(parseImport(JSON.stringify(graph)).graph?.nodes).toHaveLength(1);
    expect(parseImport('nope').error).toMatch(/not valid JSON/);
    expect(parseImport('{"name":"x"}').error).toMatch(/nodes/);
    expect(parseImport('{"nodes":[{"id":1}],"edges":[]}').error).toMatch(/"id" and a "type"/);
  });
});
