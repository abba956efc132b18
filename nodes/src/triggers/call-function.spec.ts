import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { matchContext, parsed, runMatches, event } from '../testing/harness';
import { callFunction } from './call-function';
import { argumentProblems, parametersProblems, sampleArguments } from './function-parameters';

const paymentLink = {
  type: 'object',
  properties: {
    amount: { type: 'number', description: 'The amount in rupees', minimum: 1 },
    currency: { type: 'string', enum: ['INR', 'USD'] },
    note: { type: 'string' },
  },
  required: ['amount'],
  additionalProperties: false,
};
const config = { name: 'send_payment_link', description: 'Send the payment link on WhatsApp once the customer agrees to pay', parameters: paymentLink };
const fieldsOf = (raw: Record<string, unknown>) => catalog.validateConfig(callFunction, raw).map((problem) => problem.field);

describe('call.function', () => {
  it('is in the catalog as a trigger whose caller always waits', () => {
    expect(catalog.isTrigger('call.function')).toBe(true);
    expect(catalog.describe().find((description) => description.type === 'call.function')).toMatchObject({ kind: 'trigger', callerWaits: 'always' });
  });

  it('matches only invocations of its own name', async () => {
    const data = { ...callFunction.sampleEvent, function: 'send_payment_link' };
    expect(await runMatches(callFunction, data, config)).toBe(true);
    expect(await runMatches(callFunction, { ...data, function: 'send_otp' }, config)).toBe(false);
    expect(await runMatches(callFunction, { arguments: {} }, config)).toBe(false);
  });

  it('parses a config with defaults for the timeout, and keeps the schema as written', () => {
    expect(parsed(callFunction, config)).toEqual({ ...config, timeoutMs: 10_000 });
    expect(parsed(callFunction, { ...config, timeoutMs: 2500, agents: ['agent_riya'] })).toMatchObject({ timeoutMs: 2500, agents: ['agent_riya'] });
    expect(parsed(callFunction, {})).toEqual({ name: 'my_function', description: '', parameters: { type: 'object', properties: {} }, timeoutMs: 10_000 });
  });

  it('needs a snake_case name, a description for the agent, and a sane timeout', () => {
    expect(fieldsOf(config)).toEqual([]);
    for (const name of ['', 'SendLink', 'send-link', '1st_link', 'x'.repeat(65)]) expect(fieldsOf({ ...config, name }), name).toEqual(['name']);
    expect(fieldsOf({ ...config, description: '' })).toEqual(['description']);
    expect(fieldsOf({ name: 'send_otp', parameters: paymentLink })).toEqual(['description']);
    expect(fieldsOf({ ...config, description: 'x'.repeat(1025) })).toEqual(['description']);
    expect(fieldsOf({ ...config, timeoutMs: 50 })).toEqual(['timeoutMs']);
    expect(fieldsOf({ ...config, timeoutMs: 1.5 })).toEqual(['timeoutMs']);
    expect(fieldsOf({ ...config, agents: ['agent_riya', ''] })).toEqual(['agents[1]']);
  });

  it('refuses a parameters schema that is not an object schema, naming the field inside it', () => {
    expect(fieldsOf({ ...config, parameters: { type: 'string' } })).toEqual(['parameters.type']);
    expect(fieldsOf({ ...config, parameters: { type: 'object', properties: { amount: { type: 'money' } } } })).toEqual(['parameters.properties.amount.type']);
    expect(fieldsOf({ ...config, parameters: { type: 'object', properties: { 'amount in rs': { type: 'number' } } } })).toEqual(['parameters.properties.amount in rs']);
    expect(fieldsOf({ ...config, parameters: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amonut'] } })).toEqual(['parameters.required']);
    expect(fieldsOf({ ...config, parameters: { type: 'object', properties: {}, requried: ['amount'] } })).toEqual(['parameters']);
    expect(fieldsOf({ ...config, parameters: 'amount: number' })).toEqual(['parameters']);
  });

  it('offers sample arguments built from the schema, so a test run of the draft matches', async () => {
    const sample = catalog.sampleFor(callFunction, parsed(callFunction, config));
    expect(sample).toMatchObject({ function: 'send_payment_link', callId: expect.any(String), customer: { phone: '+14155551234' }, arguments: { amount: 1, currency: 'INR', note: 'text' } });
    expect(argumentProblems(paymentLink, sample.arguments)).toEqual([]);
    expect(await runMatches(callFunction, sample, config)).toBe(true);
  });

  it('gives the call context to templates: the call id as the conversation, the customer and agent as system variables', () => {
    const incoming = event('call.function', callFunction.sampleEvent);
    const { context } = matchContext(callFunction, incoming);
    expect(context).toMatchObject({
      conversation_uuid: 'call_7f3a9c21',
      customer_number: '+14155551234',
      customer_name: 'Alex Morgan',
      agent_name: 'Riya',
      trigger: { callId: 'call_7f3a9c21', call: { id: 'call_7f3a9c21' }, arguments: { amount: 499 }, metadata: { order_id: 'ORD-1042' } },
    });
  });
});

describe('function arguments', () => {
  it('accepts arguments that satisfy the schema', () => {
    expect(argumentProblems(paymentLink, { amount: 499 })).toEqual([]);
    expect(argumentProblems(paymentLink, { amount: 499.5, currency: 'USD', note: 'first instalment' })).toEqual([]);
  });

  it('names each wrong argument: missing, of the wrong type (never coerced), not allowed, out of range', () => {
    expect(argumentProblems(paymentLink, {})).toEqual([{ field: 'amount', message: 'is required' }]);
    expect(argumentProblems(paymentLink, { amount: '499' })).toEqual([{ field: 'amount', message: 'must be a number, not text ("499")' }]);
    expect(argumentProblems(paymentLink, { amount: 0 })).toEqual([{ field: 'amount', message: 'must be >= 1' }]);
    expect(argumentProblems(paymentLink, { amount: 5, currency: 'EUR', extra: true })).toEqual([
      { field: 'extra', message: 'is not a parameter of this function' },
      { field: 'currency', message: 'must be one of "INR", "USD"' },
    ]);
  });

  it('reports nested fields with paths', () => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } } } };
    expect(parametersProblems(schema)).toEqual([]);
    expect(argumentProblems(schema, { items: [{ sku: 'A1' }, { sku: 7 }, {}] })).toEqual([
      { field: 'items[1].sku', message: 'must be text, not the number 7' },
      { field: 'items[2].sku', message: 'is required' },
    ]);
  });

  it('checks formats', () => {
    const schema = { type: 'object', properties: { email: { type: 'string', format: 'email' }, on: { type: 'string', format: 'date' } } };
    expect(parametersProblems(schema)).toEqual([]);
    expect(argumentProblems(schema, { email: 'alex@example.com', on: '2026-11-25' })).toEqual([]);
    expect(argumentProblems(schema, { email: 'alex', on: 'tomorrow' }).map((problem) => problem.field)).toEqual(['email', 'on']);
  });

  it("runs an argument's pattern in the linear-time engine: a pathological pattern answers at once", () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^x_(a+)+$': { type: 'string' } } };
    expect(parametersProblems(schema)).toEqual([]);
    // With V8's backtracking engine each of these would not return within the test's timeout.
    expect(argumentProblems(schema, { code: `${'a'.repeat(50_000)}!` })).toEqual([{ field: 'code', message: 'must match pattern "^(a+)+$"' }]);
    expect(argumentProblems(schema, { code: 'aaaa' })).toEqual([]);
    expect(argumentProblems(schema, { [`x_${'a'.repeat(50_000)}!`]: 5 })).toEqual([]);
    expect(argumentProblems(schema, { [`x_${'a'.repeat(50)}`]: 5 }).map((problem) => problem.message)).toEqual(['must be text, not the number 5']);
    expect(sampleArguments(schema)).toEqual({ code: 'a' });
  });

  it('refuses a pattern the linear-time engine cannot run, naming parameters and the pattern', () => {
    const backreference = { type: 'object', properties: { pair: { type: 'string', pattern: '^(\\w)\\1$' } } };
    expect(parametersProblems(backreference)).toEqual([{ field: 'properties.pair.pattern', message: expect.stringMatching(/^The pattern at \/properties\/pair\/pattern uses a backreference/) }]);
    expect(fieldsOf({ ...config, parameters: backreference })).toEqual(['parameters.properties.pair.pattern']);
    const lookahead = { type: 'object', properties: { items: { type: 'array', items: { type: 'string', pattern: '^(?=.*\\d).+$' } } }, patternProperties: { '^(?!x)': {} } };
    expect(parametersProblems(lookahead).map((problem) => problem.field)).toEqual(['properties.items.items.pattern', 'patternProperties.^(?!x)']);
    // A property named pattern, and a pattern-like string in an example, are no patterns.
    expect(parametersProblems({ type: 'object', properties: { pattern: { type: 'string', examples: [{ pattern: '(a)\\1' }] } } })).toEqual([]);
  });

  it('samples simple schemas', () => {
    expect(sampleArguments({ type: 'object', properties: { code: { type: 'string', examples: ['482913'] }, count: { type: 'integer', default: 3 }, ok: { type: 'boolean' } } })).toEqual({
      code: '482913',
      count: 3,
      ok: true,
    });
    expect(sampleArguments('nope')).toEqual({});
  });
});
