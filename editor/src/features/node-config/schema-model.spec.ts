import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../nodes/src/catalog';
import type { JsonSchema, NodeDescription } from '../../api/types';
import { configPathOf, getIn, humanize, problemField, setIn, singular } from './field-paths';
import { configModel, enumLabel, fieldModel, labelAt, newListItem, newRecordKey, type FieldModel, type ObjectModel } from './schema-model';

// The real catalog, as `GET /api/nodes` serves it.
const descriptions = catalog.describe() as unknown as NodeDescription[];
const modelOf = (type: string): ObjectModel => {
  const description = descriptions.find((node) => node.type === type);
  if (!description) throw new Error(`no ${type} in the catalog`);
  return configModel(description.configSchema);
};
const field = (model: ObjectModel, name: string): FieldModel => {
  const found = model.fields.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
};

describe('configModel on the real catalog', () => {
  it('draws every node of the catalog without falling back to JSON, except free-form payloads', () => {
    const json: string[] = [];
    const walk = (model: FieldModel, where: string) => {
      if (model.kind === 'json') json.push(where);
      if (model.kind === 'object') model.fields.forEach((child) => walk(child, `${where}.${child.name}`));
      if (model.kind === 'object-list') walk(model.item, `${where}[]`);
    };
    for (const description of descriptions) walk(configModel(description.configSchema), description.type);
    expect(json).toEqual(['manual.samplePayload']);
  });

  it('call.function: a snake_case name, a description for the agent without variables, the arguments widget', () => {
    const model = modelOf('call.function');
    expect(field(model, 'name')).toMatchObject({ kind: 'text', templated: false, pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, default: 'my_function' });
    // The tool's description goes to the agent as written: no {{ }} picker.
    expect(field(model, 'description')).toMatchObject({ kind: 'text', multiline: true, templated: false, required: false });
    expect(field(model, 'parameters')).toMatchObject({ kind: 'json-schema', label: 'Parameters', default: { type: 'object', properties: {} } });
    expect(labelAt(model, ['parameters', 'properties', 'amount', 'type'])).toBe('Parameters › "amount"');
    expect(labelAt(model, ['parameters', 'required'])).toBe('Parameters');
    expect(labelAt(model, ['parameters'])).toBe('Parameters');
  });

  it('call.completed: a segmented call type with its default, a condition, a connection and a switch', () => {
    const model = modelOf('call.completed');
    expect(field(model, 'callType')).toMatchObject({
      kind: 'enum',
      display: 'segmented',
      default: 'all',
      required: false,
      label: 'Call type',
      options: [
        { value: 'all', label: 'All calls' },
        { value: 'connected', label: 'Connected' },
        { value: 'not_connected', label: 'Not connected' },
      ],
    });
    expect(field(model, 'callType').description).toMatch(/Which calls start the flow/);
    expect(field(model, 'conditions')).toMatchObject({ kind: 'condition', label: 'Conditions', required: false });
    expect(field(model, 'aiCondition')).toMatchObject({ kind: 'text', label: 'AI condition', templated: true, multiline: false });
    expect(field(model, 'connectionId')).toMatchObject({ kind: 'connection', provider: 'ai', label: 'Connection', required: false });
    expect(field(model, 'alwaysRun')).toMatchObject({ kind: 'boolean', default: false, label: 'Always run' });
  });

  it('whatsapp.send_template: the template picker claims language and parameters', () => {
    const model = modelOf('whatsapp.send_template');
    expect(field(model, 'connectionId')).toMatchObject({ kind: 'connection', provider: 'whatsapp', required: true, label: 'Connection' });
    const template = field(model, 'template');
    expect(template).toMatchObject({ kind: 'whatsapp-template', required: true, label: 'Template', connectionField: 'connectionId', languageField: 'language', parametersField: 'parameters' });
    expect(template.kind === 'whatsapp-template' && template.language).toMatchObject({ kind: 'text', default: 'en' });
    expect(template.kind === 'whatsapp-template' && template.parameters).toMatchObject({
      kind: 'list-or-record',
      default: [],
      list: { kind: 'list', itemLabel: 'Parameter', item: { kind: 'text', templated: true } },
      record: { kind: 'record', value: { kind: 'text' } },
    });
    expect(field(model, 'language').claimedBy).toBe('template');
    expect(field(model, 'parameters').claimedBy).toBe('template');
    expect(field(model, 'to')).toMatchObject({ kind: 'text', format: 'phone', required: true, label: 'To' });
    expect(field(model, 'recipientName')).toMatchObject({ kind: 'text', required: false, label: 'Recipient name', templated: true });
  });

  it('whatsapp.send_text: the message is a required text area', () => {
    expect(field(modelOf('whatsapp.send_text'), 'message')).toMatchObject({ kind: 'text', multiline: true, required: true, minLength: 1 });
  });

  it('flow.branch: repeatable paths with a snake_case key, a label and a required condition', () => {
    const branches = field(modelOf('flow.branch'), 'branches');
    expect(branches).toMatchObject({ kind: 'object-list', required: true, minItems: 1, itemLabel: 'Branch' });
    if (branches.kind !== 'object-list') throw new Error('not a list');
    expect(branches.item.fields.map((child) => [child.name, child.kind, child.required])).toEqual([
      ['key', 'text', true],
      ['label', 'text', false],
      ['condition', 'condition', true],
    ]);
    expect(branches.item.fields[0]).toMatchObject({ templated: false, pattern: '^[a-z][a-z0-9_]*$' });
  });

  it('flow.set: named values with a key pattern and templated values', () => {
    expect(field(modelOf('flow.set'), 'values')).toMatchObject({
      kind: 'record',
      default: {},
      keyPattern: '^[a-z][a-z0-9_]*$',
      value: { kind: 'text', templated: true },
      itemLabel: 'Value',
    });
  });

  it('flow.delay: a number or an expression, a unit or an expression, a date-time or an expression', () => {
    const model = modelOf('flow.delay');
    expect(field(model, 'amount')).toMatchObject({ kind: 'number', templated: true, minimum: 0, integer: false, required: false });
    expect(field(model, 'unit')).toMatchObject({ kind: 'enum', templated: true, display: 'segmented', options: [{ value: 'seconds', label: 'Seconds' }, { value: 'minutes' }, { value: 'hours' }, { value: 'days' }] });
    expect(field(model, 'until')).toMatchObject({ kind: 'text', format: 'date-time', templated: true });
  });

  it('conversation.ended: a plain number with bounds and its default', () => {
    expect(field(modelOf('conversation.ended'), 'inactivityMinutes')).toMatchObject({ kind: 'number', templated: false, default: 30, exclusiveMinimum: 0, maximum: 10080 });
    expect(field(modelOf('conversation.ended'), 'aiConnectionId')).toMatchObject({ kind: 'connection', label: 'AI connection' });
  });
});

describe('configModel on hand-written schemas', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      mode: { type: 'string', enum: ['a', 'b', 'c', 'd', 'e'], title: 'Sending mode' },
      tags: { type: 'array', items: { type: 'string' } },
      count: { type: 'integer', minimum: 1 },
      options: { type: 'object', properties: { verbose: { type: 'boolean' } }, required: ['verbose'] },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      nested: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
    },
    required: ['mode'],
  };
  const model = configModel(schema);

  it('maps enums with many options to a select and keeps the title in the label', () => {
    expect(field(model, 'mode')).toMatchObject({ kind: 'enum', display: 'select', required: true, label: 'Mode (Sending mode)' });
  });

  it('maps string arrays, integers, nested objects and string maps', () => {
    expect(field(model, 'tags')).toMatchObject({ kind: 'list', itemLabel: 'Tag', item: { kind: 'text' } });
    expect(field(model, 'count')).toMatchObject({ kind: 'number', integer: true, templated: false, minimum: 1 });
    expect(field(model, 'options')).toMatchObject({ kind: 'object', required: false, fields: [{ name: 'verbose', kind: 'boolean', required: true }] });
    expect(field(model, 'headers')).toMatchObject({ kind: 'record', value: { kind: 'text' }, itemLabel: 'Header' });
  });

  it('falls back to JSON for what it has no control for', () => {
    expect(field(model, 'nested')).toMatchObject({ kind: 'json', expects: 'array' });
  });

  it('maps a constant or a list (all team members, or some) to a choice with a list', () => {
    const recipients = fieldModel('recipients', {
      default: 'all',
      anyOf: [
        { type: 'string', const: 'all' },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    }, false);
    expect(recipients).toMatchObject({ kind: 'choice-or-list', choice: 'all', choiceLabel: 'All recipients', default: 'all', list: { kind: 'list', itemLabel: 'Recipient', minItems: 1, item: { kind: 'text' } } });
    const root = configModel({ type: 'object', properties: { recipients: { anyOf: [{ type: 'string', const: 'all' }, { type: 'array', items: { type: 'string' } }] } } });
    expect(labelAt(root, ['recipients', 1])).toBe('Recipients › Recipient 2');
  });

  it('uses x-enum-labels when a schema gives them', () => {
    expect(enumLabel('low', 'priority', { low: 'Low priority' })).toBe('Low priority');
    expect(enumLabel('not_connected', 'callType')).toBe('Not connected');
    expect(enumLabel('all', 'recipients')).toBe('All');
  });
});

describe('new items and labels', () => {
  const branches = field(modelOf('flow.branch'), 'branches');
  if (branches.kind !== 'object-list') throw new Error('not a list');

  it('gives a new branch a fresh snake_case key', () => {
    expect(newListItem(branches.item, [], branches.itemLabel)).toEqual({ key: 'branch_1' });
    expect(newListItem(branches.item, [{ key: 'branch_2' }, { key: 'x' }], branches.itemLabel)).toEqual({ key: 'branch_3' });
  });

  it('names a new record entry without clashing', () => {
    expect(newRecordKey({})).toBe('value');
    expect(newRecordKey({ value: '', value_2: '' })).toBe('value_3');
  });

  it('draws the buttons, list and link of an interactive message as one widget with the node’s limits, and counts its texts', () => {
    const model = modelOf('whatsapp.send_interactive');
    expect(field(model, 'buttons')).toMatchObject({ kind: 'whatsapp-interactive', listField: 'list', ctaField: 'cta', limits: { buttons: 3, buttonTitle: 20, rows: 10 } });
    expect(field(model, 'list').claimedBy).toBe('buttons');
    expect(field(model, 'cta').claimedBy).toBe('buttons');
    expect(field(model, 'header')).toMatchObject({ kind: 'text', maxChars: 60 });
    expect(field(model, 'body')).toMatchObject({ kind: 'text', multiline: true, maxChars: 1024 });
    expect(labelAt(model, ['buttons', 1, 'title'])).toBe('Buttons › Button 2');
  });

  it('labels a problem path with the form labels', () => {
    expect(labelAt(modelOf('flow.branch'), ['branches', 1, 'key'])).toBe('Branches › Branch 2 › Key');
    expect(labelAt(modelOf('whatsapp.send_template'), ['to'])).toBe('To');
    expect(labelAt(modelOf('whatsapp.send_template'), ['parameters', 1])).toBe('Parameters › Parameter 2');
    expect(labelAt(modelOf('flow.set'), ['values', 'slot'])).toBe('Values › "slot"');
    expect(labelAt(modelOf('whatsapp.send_template'), ['nothing'])).toBeNull();
  });
});

describe('field paths', () => {
  it('writes and reads problem fields', () => {
    expect(problemField(['branches', 0, 'key'])).toBe('config.branches[0].key');
    expect(configPathOf('config.branches[0].key')).toEqual(['branches', 0, 'key']);
    expect(configPathOf('config.to')).toEqual(['to']);
    expect(configPathOf('config')).toEqual([]);
    expect(configPathOf('retry')).toBeNull();
  });

  it('updates immutably and removes keys set to undefined', () => {
    const config = { branches: [{ key: 'a', label: 'A' }], to: 'x' };
    const next = setIn(config, ['branches', 0, 'label'], undefined) as typeof config;
    expect(next).toEqual({ branches: [{ key: 'a' }], to: 'x' });
    expect(config.branches[0]).toEqual({ key: 'a', label: 'A' });
    expect(getIn(next, ['branches', 0, 'key'])).toBe('a');
    expect(setIn({}, ['values', 'slot'], '{{x}}')).toEqual({ values: { slot: '{{x}}' } });
  });

  it('humanizes property names', () => {
    expect(humanize('recipientName')).toBe('Recipient name');
    expect(humanize('backoffMs')).toBe('Backoff (ms)');
    expect(humanize('not_connected')).toBe('Not connected');
    expect(humanize('aiConnectionId')).toBe('AI connection ID');
    expect(singular('Branches')).toBe('Branch');
    expect(singular('Parameters')).toBe('Parameter');
  });
});
