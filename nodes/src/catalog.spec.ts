import { validateGraph, type FlowDocument, type FlowGraph } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog, nodeDefinitions } from './catalog';
import { NodeCatalog } from './sdk/catalog';
import { defineAction, type TriggerDefinition } from './sdk/define';
import { event, matchContext } from './testing/harness';

/** The CONTRACT's "Flow document" example (seed 000's appointment confirmation). */
const appointmentConfirmation: FlowDocument = {
  name: 'Appointment confirmation',
  graph: {
    nodes: [
      { id: 'call', type: 'call.completed', config: { callType: 'connected',
        conditions: { '==': [{ var: 'trigger.variables.appointment_booked' }, true] } },
        position: { x: 0, y: 0 } },
      { id: 'confirm', type: 'whatsapp.send_template', config: {
        connectionId: '…', template: 'appointment_confirmation', language: 'en',
        to: '{{trigger.customer.phone}}',
        parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}',
                     '{{trigger.variables.appointment_time}}'] } },
    ],
    edges: [{ id: 'e1', source: 'call', target: 'confirm' }],
  },
};

const triggers = nodeDefinitions.filter((definition): definition is TriggerDefinition => definition.kind === 'trigger');
const actions = nodeDefinitions.filter((definition) => definition.kind === 'action');
const described = catalog.describe();

describe('the catalog', () => {
  it('has each type and version once, and kebab-free snake_case type names', () => {
    const keys = nodeDefinitions.map((definition) => `${definition.type}@${definition.typeVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of nodeDefinitions) expect(definition.type).toMatch(/^[a-z]+(\.[a-z_]+)?$/);
  });

  it('describes every node for people: title, description, category and icon', () => {
    for (const definition of nodeDefinitions) {
      expect(definition.title, definition.type).not.toBe('');
      expect(definition.description.length, definition.type).toBeGreaterThan(20);
      expect(['Triggers', 'Flow', 'WhatsApp', 'AI', 'Notify', 'Data']).toContain(definition.category);
      expect(definition.icon, definition.type).toMatch(/^[a-z-]+$/);
    }
  });

  it('exports every config schema to JSON Schema with a description on every field', () => {
    for (const description of described) {
      const schema = description.configSchema as { type: string; properties: Record<string, { description?: string }> };
      expect(schema.type, description.type).toBe('object');
      for (const [field, property] of Object.entries(schema.properties)) expect(property.description, `${description.type}.${field}`).toBeTruthy();
    }
  });

  it('is plain JSON for GET /api/nodes', () => {
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(described.find((description) => description.type === 'whatsapp.send_template')).toMatchObject({
      kind: 'action',
      typeVersion: 1,
      category: 'WhatsApp',
      outputs: ['default', 'error'],
      sideEffect: true,
      retry: { attempts: 3, backoffMs: 60_000 },
    });
  });

  it('declares the outputs of every node', () => {
    for (const description of described) {
      if (description.kind === 'trigger') {
        expect(description.outputs).toEqual(['default']);
        continue;
      }
      expect(description.outputs.at(-1), description.type).toBe('error');
      expect(description.outputs.length > 1 || description.dynamicOutputs !== undefined, description.type).toBe(true);
    }
    expect(described.find((description) => description.type === 'flow.branch')).toMatchObject({
      outputs: ['else', 'error'],
      dynamicOutputs: { from: 'branches', key: 'key' },
    });
  });

  it('points dynamic outputs at an array field of the config whose items have the key (or are strings without one)', () => {
    for (const description of described.filter((candidate) => candidate.dynamicOutputs)) {
      const { from, key } = description.dynamicOutputs!;
      const schema = description.configSchema as { properties: Record<string, { type?: string; items?: { type?: string; properties?: Record<string, unknown> } }> };
      expect(schema.properties[from]?.type).toBe('array');
      if (key === undefined) expect(schema.properties[from]?.items?.type).toBe('string');
      else expect(schema.properties[from]?.items?.properties).toHaveProperty(key);
    }
  });

  it.each(triggers.map((trigger) => [trigger.type, trigger] as const))('%s: the sample event starts a flow with the default config', async (_type, trigger) => {
    const parsed = catalog.parseConfig(trigger, {});
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const sample = catalog.sampleFor(trigger, parsed.config);
    const incoming = event(trigger.type, sample);
    expect(await trigger.matches(incoming, parsed.config, matchContext(trigger, incoming))).toBe(true);
  });

  it('gives each action a default config problem rather than a crash', () => {
    for (const action of actions) expect(() => catalog.validateConfig(action, {})).not.toThrow();
  });

  it('validates the CONTRACT flow example with shared graph validation', () => {
    expect(validateGraph(appointmentConfirmation.graph, catalog.validation())).toEqual([]);
  });

  it('reports config problems through graph validation, with the field path', () => {
    const graph: FlowGraph = JSON.parse(JSON.stringify(appointmentConfirmation.graph));
    graph.nodes[1]!.config = { ...graph.nodes[1]!.config, to: '', retry: { attempts: 0 } };
    expect(validateGraph(graph, catalog.validation())).toEqual([
      expect.objectContaining({ nodeId: 'confirm', field: 'config.to' }),
      expect.objectContaining({ nodeId: 'confirm', field: 'config.retry.attempts' }),
    ]);
  });

  it('knows triggers', () => {
    expect(catalog.triggerTypes()).toEqual(['call.completed', 'whatsapp.message_received', 'conversation.started', 'conversation.ended', 'manual', 'webhook.received', 'schedule.cron', 'call.function', 'whatsapp.campaign']);
    expect(catalog.isTrigger('call.completed')).toBe(true);
    expect(catalog.isTrigger('whatsapp.send_text')).toBe(false);
    expect(catalog.isTrigger('nope')).toBe(false);
  });

  it('leaves retry out of the parsed config', () => {
    const parsed = catalog.parseConfig(catalog.get('flow.set')!, { values: { a: 'b' }, retry: { attempts: 2 } });
    expect(parsed).toEqual({ ok: true, config: { values: { a: 'b' } } });
    expect(catalog.validateConfig(catalog.get('manual')!, { retry: { attempts: 2 } })).toEqual([
      { field: 'retry', message: 'A trigger is not retried; remove its retry setting' },
    ]);
  });
});

describe('NodeCatalog versions', () => {
  const version = (typeVersion: number, outputs: string[]) =>
    defineAction({
      type: 'test.do_thing',
      typeVersion,
      title: `Do thing v${typeVersion}`,
      description: 'A node for testing versions',
      category: 'Flow',
      icon: 'box',
      config: z.object({ text: z.string() }),
      outputs,
      sideEffect: false,
      execute: () => ({}),
    });
  const versioned = new NodeCatalog([version(2, ['two']), version(1, ['one'])]);

  it('keeps several versions of a type; get gives the latest', () => {
    expect(versioned.get('test.do_thing')?.typeVersion).toBe(2);
    expect(versioned.versions('test.do_thing')).toEqual([1, 2]);
    expect(versioned.describe().map((description) => description.typeVersion)).toEqual([2, 1]);
  });

  it('finds a stored node version; absent means 1, unknown means undefined', () => {
    expect(versioned.getVersion('test.do_thing')?.title).toBe('Do thing v1');
    expect(versioned.getVersion('test.do_thing', 2)?.title).toBe('Do thing v2');
    expect(versioned.getVersion('test.do_thing', 3)).toBeUndefined();
    expect(versioned.getVersion('test.other', 1)).toBeUndefined();
  });

  it('lets graph validation ask for one version, and lists the known ones', () => {
    const validation = versioned.validation();
    expect(validation.get('test.do_thing', 1)?.outputs({ text: 'x' })).toEqual(['one', 'error']);
    expect(validation.get('test.do_thing')?.outputs({ text: 'x' })).toEqual(['two', 'error']);
    expect(validation.get('test.do_thing', 9)?.typeVersions).toEqual([1, 2]);
    expect(validation.get('test.other')).toBeUndefined();
  });

  it('refuses a type and version defined twice, or a bad version', () => {
    expect(() => new NodeCatalog([version(1, []), version(1, [])])).toThrow('test.do_thing version 1 is defined twice');
    expect(() => new NodeCatalog([version(0, [])])).toThrow('positive integer');
  });
});
