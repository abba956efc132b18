import type { FlowGraph } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { fixtureDescribe } from '../canvas/catalog.fixture';
import { previewText, sampleValues } from './sample-preview';

const graph: FlowGraph = { nodes: [{ id: 'call', type: 'call.completed', config: {} }], edges: [] };

describe('template preview with the sample event', () => {
  it('renders each placeholder with the sample, keeping unresolved ones visible', () => {
    const values = sampleValues({ 1: 'Dear {{trigger.customer.name}}', 2: '{{trigger.variables.missing}}', 3: '', 4: '{{#broken' }, graph, fixtureDescribe, { customer: { name: 'Priya' } });
    expect(values).toEqual({ 1: 'Dear Priya', 2: null, 3: null, 4: null });
    expect(previewText('Hi {{1}}, your slot is {{2}}.', values)).toBe('Hi Dear Priya, your slot is {{2}}.');
  });
});
