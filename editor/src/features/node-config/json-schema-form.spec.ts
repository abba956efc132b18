import { describe, expect, it } from 'vitest';
import {
  addArgument,
  argumentJson,
  argumentType,
  parametersForm,
  removeArgument,
  renameArgument,
  setArgumentChoices,
  setArgumentDescription,
  setArgumentRequired,
  setArgumentSchema,
  setArgumentType,
  setClosed,
  type JsonObject,
} from './json-schema-form';

// The payment-link template's schema, with keywords the form does not draw.
const payment: JsonObject = {
  $comment: 'kept by every edit',
  type: 'object',
  properties: {
    amount: { type: 'number', minimum: 1, description: 'The amount to pay', examples: [499] },
    currency: { type: 'string', enum: ['INR', 'USD'], title: 'Currency' },
  },
  required: ['amount'],
  additionalProperties: false,
};

describe('parametersForm', () => {
  it('reads each argument with its type, description, required flag, choices and the keywords it keeps', () => {
    expect(parametersForm(payment)).toEqual({
      drawable: true,
      closed: true,
      rows: [
        { name: 'amount', type: 'number', description: 'The amount to pay', required: true, choices: [], extras: ['minimum 1', 'examples [499]'] },
        { name: 'currency', type: 'enum', description: '', required: false, choices: ['INR', 'USD'], extras: ['title Currency'] },
      ],
    });
  });

  it('reads lists of a plain type, objects and what it can only show as JSON', () => {
    const form = parametersForm({
      type: 'object',
      properties: {
        tags: { type: 'array', items: { type: 'string' } },
        counts: { type: 'array', items: { type: 'integer' }, minItems: 1 },
        address: { type: 'object', properties: { city: { type: 'string' } } },
        lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        nullable: { type: ['string', 'null'] },
        sizes: { enum: [1, 2, 3] },
      },
    });
    expect(form.rows.map((row) => [row.name, row.type, row.itemType ?? null])).toEqual([
      ['tags', 'array', 'string'],
      ['counts', 'array', 'integer'],
      ['address', 'object', null],
      ['lines', 'custom', null],
      ['either', 'custom', null],
      ['nullable', 'custom', null],
      ['sizes', 'custom', null],
    ]);
    expect(form.rows[1]!.extras).toEqual(['minItems 1']);
  });

  it('says why it cannot draw a schema that is not an object of argument schemas', () => {
    expect(parametersForm('nope')).toMatchObject({ drawable: false, reason: expect.stringMatching(/not a JSON object/) });
    expect(parametersForm({ type: 'object', properties: [] })).toMatchObject({ drawable: false, reason: expect.stringMatching(/properties/) });
    expect(parametersForm({ type: 'object', properties: { amount: 'number' } })).toMatchObject({ drawable: false, reason: expect.stringMatching(/amount/) });
    // The default of a new trigger: no arguments yet, drawn.
    expect(parametersForm({ type: 'object', properties: {} })).toEqual({ drawable: true, closed: false, rows: [] });
    expect(parametersForm({ type: 'object' })).toEqual({ drawable: true, closed: false, rows: [] });
  });
});

describe('edits keep what the form does not draw', () => {
  it('adds a required text argument with a fresh name', () => {
    const { schema, name } = addArgument(payment);
    expect(name).toBe('argument_3');
    expect(schema).toEqual({ ...payment, properties: { ...(payment.properties as JsonObject), argument_3: { type: 'string' } }, required: ['amount', 'argument_3'] });
    expect(addArgument({}).schema).toEqual({ type: 'object', properties: { argument_1: { type: 'string' } }, required: ['argument_1'] });
  });

  it('renames in place, carrying the required flag, and refuses a name in use', () => {
    const renamed = renameArgument(payment, 'amount', 'total');
    expect(Object.keys(renamed.properties as JsonObject)).toEqual(['total', 'currency']);
    expect((renamed.properties as JsonObject).total).toEqual((payment.properties as JsonObject).amount);
    expect(renamed.required).toEqual(['total']);
    expect(renamed.$comment).toBe('kept by every edit');
    expect(renameArgument(payment, 'amount', 'currency')).toBe(payment);
  });

  it('removes an argument, and its required flag', () => {
    expect(removeArgument(payment, 'amount')).toEqual({ $comment: 'kept by every edit', type: 'object', properties: { currency: (payment.properties as JsonObject).currency }, additionalProperties: false });
    expect(removeArgument({ type: 'object', properties: { a: {} } }, 'a')).toEqual({ type: 'object', properties: {} });
  });

  it('toggles required, dropping an empty list', () => {
    expect(setArgumentRequired(payment, 'currency', true).required).toEqual(['amount', 'currency']);
    expect(setArgumentRequired(payment, 'amount', true)).toBe(payment);
    expect('required' in setArgumentRequired(payment, 'amount', false)).toBe(false);
  });

  it('sets a description, and removes an empty one', () => {
    expect((setArgumentDescription(payment, 'currency', 'ISO 4217 code').properties as Record<string, JsonObject>).currency).toEqual({ type: 'string', enum: ['INR', 'USD'], title: 'Currency', description: 'ISO 4217 code' });
    expect((setArgumentDescription(payment, 'amount', 'Rupees').properties as Record<string, JsonObject>).amount).toEqual({ type: 'number', minimum: 1, description: 'Rupees', examples: [499] });
    expect((setArgumentDescription(payment, 'amount', '').properties as Record<string, JsonObject>).amount).toEqual({ type: 'number', minimum: 1, examples: [499] });
  });

  it('changes a type: number and whole number keep their rules; another kind drops the old type’s keywords and values', () => {
    const property = (schema: JsonObject, name: string) => (schema.properties as Record<string, JsonObject>)[name];
    expect(property(setArgumentType(payment, 'amount', 'integer'), 'amount')).toEqual({ type: 'integer', minimum: 1, description: 'The amount to pay', examples: [499] });
    expect(property(setArgumentType(payment, 'amount', 'string'), 'amount')).toEqual({ type: 'string', description: 'The amount to pay' });
    expect(property(setArgumentType(payment, 'currency', 'string'), 'currency')).toEqual({ type: 'string', title: 'Currency' });
    expect(property(setArgumentType(payment, 'amount', 'enum'), 'amount')).toEqual({ type: 'string', description: 'The amount to pay', enum: [] });
    expect(property(setArgumentType(payment, 'amount', 'array', 'number'), 'amount')).toEqual({ type: 'array', description: 'The amount to pay', items: { type: 'number' } });
    expect(property(setArgumentType(payment, 'amount', 'object'), 'amount')).toEqual({ type: 'object', description: 'The amount to pay', properties: {} });
    const list = setArgumentType(payment, 'amount', 'array', 'string');
    expect(property(setArgumentType({ ...list, properties: { amount: { ...property(list, 'amount'), minItems: 1, default: ['a'] } } }, 'amount', 'array', 'integer'), 'amount')).toEqual({
      type: 'array',
      description: 'The amount to pay',
      items: { type: 'integer' },
      minItems: 1,
    });
    // Fixing a mistyped type keeps the rules and examples that fit the new one.
    const typo = { type: 'object', properties: { amount: { type: 'money', minimum: 1, examples: [499], default: 'a lot' } } };
    expect(property(setArgumentType(typo, 'amount', 'number'), 'amount')).toEqual({ type: 'number', minimum: 1, examples: [499] });
    expect(property(setArgumentType({ type: 'object', properties: { n: { type: 'number', default: 2.5, examples: [3] } } }, 'n', 'integer'), 'n')).toEqual({ type: 'integer', examples: [3] });
    // The same type again changes nothing.
    expect(setArgumentType(payment, 'amount', 'number')).toBe(payment);
  });

  it('sets choices, an argument’s JSON and the closed flag', () => {
    expect((setArgumentChoices(payment, 'currency', ['INR', 'USD', 'EUR']).properties as Record<string, JsonObject>).currency).toEqual({ type: 'string', enum: ['INR', 'USD', 'EUR'], title: 'Currency' });
    const address = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const withAddress = setArgumentSchema(payment, 'amount', address);
    expect((withAddress.properties as JsonObject).amount).toEqual({ ...address, description: 'The amount to pay' });
    expect(argumentJson(withAddress, 'amount')).toEqual(address);
    expect(argumentType(address)).toBe('object');
    expect('additionalProperties' in setClosed(payment, false)).toBe(false);
    expect(setClosed({ type: 'object' }, true)).toEqual({ type: 'object', additionalProperties: false });
  });

  it('round-trips: the form read again after edits shows the edits and the JSON keeps every unknown keyword', () => {
    let schema = addArgument(payment).schema;
    schema = renameArgument(schema, 'argument_3', 'note');
    schema = setArgumentDescription(schema, 'note', 'Anything the customer asked to add');
    schema = setArgumentRequired(schema, 'note', false);
    expect(parametersForm(schema).rows.map((row) => [row.name, row.type, row.required, row.description])).toEqual([
      ['amount', 'number', true, 'The amount to pay'],
      ['currency', 'enum', false, ''],
      ['note', 'string', false, 'Anything the customer asked to add'],
    ]);
    expect(JSON.parse(JSON.stringify(schema))).toEqual({
      ...payment,
      properties: { ...(payment.properties as JsonObject), note: { type: 'string', description: 'Anything the customer asked to add' } },
    });
  });
});
