import type { FlowGraph } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../nodes/src/catalog';
import type { NodeDescription } from '../../api/types';
import { flattenSample, matchesSearch, variablesFor, type VariableGroup } from './variables';

const descriptions = catalog.describe() as unknown as NodeDescription[];
const describeNode = (type: string) => descriptions.find((node) => node.type === type);

const paths = (groups: VariableGroup[], id: string) => groups.find((group) => group.id === id)?.options.map((option) => option.path) ?? [];

// call → set_values → branch → confirm; `other` hangs off the trigger on a side path.
const graph: FlowGraph = {
  nodes: [
    { id: 'call', type: 'call.completed', config: { callType: 'connected', conditions: { '==': [{ var: 'trigger.variables.lead_score' }, 5] } } },
    { id: 'set_values', type: 'flow.set', name: 'Format slot', config: { values: { slot: '{{trigger.variables.appointment_date}} {{dyn_budget}}', greeting: 'Hi' } } },
    { id: 'check', type: 'flow.branch', config: { branches: [{ key: 'hot', condition: null }] } },
    { id: 'confirm', type: 'whatsapp.send_template', config: { to: '{{trigger.customer.phone}}' } },
    { id: 'other', type: 'whatsapp.send_text', config: { message: 'Budget: {{dyn_budget}}, {{dyn_deadline}}' } },
  ],
  edges: [
    { id: 'e1', source: 'call', target: 'set_values' },
    { id: 'e2', source: 'set_values', target: 'check' },
    { id: 'e3', source: 'check', target: 'confirm', sourceHandle: 'hot' },
    { id: 'e4', source: 'call', target: 'other' },
  ],
};

describe('variablesFor', () => {
  const groups = variablesFor(graph, 'confirm', describeNode);

  it('flattens the trigger sample into trigger paths, with what the trigger adds', () => {
    const trigger = paths(groups, 'trigger');
    expect(trigger).toContain('trigger.customer.name');
    expect(trigger).toContain('trigger.customer.phone');
    expect(trigger).toContain('trigger.call.durationSeconds');
    expect(trigger).toContain('trigger.variables.appointment_booked');
    expect(trigger).toContain('trigger.connected');
    // Lists are offered whole, never by index.
    expect(trigger).toContain('trigger.transcript');
    expect(trigger.some((path) => /transcript\.\d/.test(path))).toBe(false);
    expect(groups[0].label).toBe('Trigger · Call completed');
    expect(groups[0].options.find((option) => option.path === 'trigger.customer.name')?.detail).toBe('Alex Morgan');
  });

  it('adds trigger paths the flow already uses but the sample lacks', () => {
    expect(paths(groups, 'trigger')).toContain('trigger.variables.lead_score');
  });

  it('lists the system variables as top-level names', () => {
    const system = paths(groups, 'system');
    expect(system).toContain('customer_name');
    expect(system).toContain('conversation_summary');
    expect(system).toContain('conversation_duration');
    expect(system).toHaveLength(15);
  });

  it('lists only upstream steps, in run order, with sample and dynamic output fields', () => {
    const steps = groups.filter((group) => group.kind === 'step').map((group) => group.id);
    expect(steps).toEqual(['steps.set_values', 'steps.check']);
    expect(paths(groups, 'steps.set_values')).toEqual(['steps.set_values.slot', 'steps.set_values.greeting']);
    expect(paths(groups, 'steps.check')).toEqual(['steps.check.branch']);
    expect(groups.find((group) => group.id === 'steps.set_values')?.label).toBe('Step · Format slot (set_values)');
  });

  it('never lists the node itself or nodes on other paths', () => {
    expect(groups.some((group) => group.id === 'steps.confirm' || group.id === 'steps.other')).toBe(false);
    expect(variablesFor(graph, 'set_values', describeNode).some((group) => group.kind === 'step')).toBe(false);
  });

  it('lists the dyn_ variables the flow uses', () => {
    expect(paths(groups, 'dynamic')).toEqual(['dyn_budget', 'dyn_deadline']);
    const without = variablesFor({ nodes: [graph.nodes[0]], edges: [] }, 'call', describeNode);
    expect(without.some((group) => group.kind === 'dynamic')).toBe(false);
  });

  it('gives the trigger its own fields for its conditions', () => {
    const own = variablesFor(graph, 'call', describeNode);
    expect(paths(own, 'trigger')).toContain('trigger.variables.appointment_booked');
    expect(own.some((group) => group.kind === 'step')).toBe(false);
  });

  it('reads the manual trigger sample from its config when it has one', () => {
    const manual: FlowGraph = { nodes: [{ id: 'start', type: 'manual', config: { samplePayload: { order: { id: 'o1', total: 12 } } } }, { id: 'send', type: 'whatsapp.send_text', config: {} }], edges: [{ id: 'e1', source: 'start', target: 'send' }] };
    expect(paths(variablesFor(manual, 'send', describeNode), 'trigger')).toEqual(['trigger.order.id', 'trigger.order.total']);
  });

  it('works without a trigger and for an unknown node', () => {
    const lonely = variablesFor({ nodes: [], edges: [] }, 'nope', describeNode);
    expect(lonely.map((group) => group.id)).toEqual(['system', 'run']);
  });
});

describe('flattenSample and search', () => {
  it('keeps empty objects and scalars as leaves', () => {
    expect(flattenSample({ a: { b: 1, c: {} }, d: [1, 2] }, 'trigger')).toEqual([
      { path: 'trigger.a.b', label: 'trigger.a.b', detail: '1' },
      { path: 'trigger.a.c', label: 'trigger.a.c', detail: '{}' },
      { path: 'trigger.d', label: 'trigger.d', detail: 'a list of 2' },
    ]);
  });

  it('searches path, label and detail, ignoring braces', () => {
    const option = { path: 'customer_name', label: 'customer_name', detail: 'Customer name' };
    expect(matchesSearch(option, '{{customer')).toBe(true);
    expect(matchesSearch(option, 'CUSTOMER NAME')).toBe(true);
    expect(matchesSearch(option, 'agent')).toBe(false);
  });
});
