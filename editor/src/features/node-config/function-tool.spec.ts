import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../nodes/src/catalog';
import type { FunctionList, JsonSchema, NodeDescription } from '../../api/types';
import { curlCommand, exampleInvocation, formatToolDefinition, functionStatus, invokeUrl, shellQuote, stableJson, toolDefinition, toolsUrl } from './function-tool';

const schema = (catalog.describe() as unknown as NodeDescription[]).find((node) => node.type === 'call.function')!.configSchema as JsonSchema;

const parameters = {
  type: 'object',
  properties: { amount: { type: 'number', minimum: 1, description: 'The amount to pay', examples: [499] }, note: { type: 'string' } },
  required: ['amount'],
  additionalProperties: false,
};

describe('toolDefinition', () => {
  it('is exactly the OpenAI function-calling format, from the form as it is', () => {
    const tool = toolDefinition({ name: 'send_payment_link', description: 'Send the payment link once they agree to pay.', parameters, timeoutMs: 8000 }, schema);
    expect(tool).toEqual({ type: 'function', function: { name: 'send_payment_link', description: 'Send the payment link once they agree to pay.', parameters } });
    // Nothing Switchboard adds (timeout, agents) leaks into what the agent sees.
    expect(Object.keys(tool)).toEqual(['type', 'function']);
    expect(Object.keys(tool.function)).toEqual(['name', 'description', 'parameters']);
  });

  it('fills in what the form leaves unset with the defaults the engine applies', () => {
    expect(toolDefinition({}, schema)).toEqual({ type: 'function', function: { name: 'my_function', description: '', parameters: { type: 'object', properties: {} } } });
  });
});

describe('invoke URL and tools URL', () => {
  const template = 'https://flows.example.com/api/functions/{name}/invoke';
  it('fills the name into the engine’s template', () => {
    expect(invokeUrl(template, 'send_otp')).toBe('https://flows.example.com/api/functions/send_otp/invoke');
    expect(invokeUrl('http://localhost:3000/api/functions/{name}/invoke', 'a b')).toBe('http://localhost:3000/api/functions/a%20b/invoke');
  });
  it('points at the list of tools, scoped to the first agent when the function names agents', () => {
    expect(toolsUrl(template)).toBe('https://flows.example.com/api/functions');
    expect(toolsUrl(template, ['agent riya', 'agent_2'])).toBe('https://flows.example.com/api/functions?agentId=agent%20riya');
  });
});

describe('the example call', () => {
  it('sends a call context and arguments that satisfy the schema', () => {
    expect(exampleInvocation(parameters)).toEqual({
      callId: 'call_7f3a9c21',
      customer: { phone: '+14155551234', name: 'Alex Morgan' },
      agent: { id: 'agent_riya', name: 'Riya' },
      metadata: { order_id: 'ORD-1042' },
      arguments: { amount: 499, note: 'text' },
    });
    expect(exampleInvocation({ type: 'object', properties: { code: { type: 'string', pattern: '^[0-9]{4,8}$' } } }).arguments).toEqual({ code: '123456' });
  });

  it('quotes for the shell, so a quote in the data cannot end the argument', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const body = { arguments: { note: "O'Brien's order" } };
    const command = curlCommand('https://flows.example.com/api/functions/send_otp/invoke', body);
    expect(command.split(' \\\n')).toEqual([
      "curl -sS -X POST 'https://flows.example.com/api/functions/send_otp/invoke'",
      '  -H "Authorization: Bearer $SWITCHBOARD_API_KEY"',
      "  -H 'Content-Type: application/json'",
      expect.stringMatching(/^ {2}-d '\{/),
    ]);
    expect(command).not.toMatch(/Bearer [A-Za-z0-9]{10}/);
  });
});

describe('functionStatus', () => {
  const tool = toolDefinition({ name: 'send_payment_link', description: 'Send the link.', parameters }, schema);
  const listed = (entries: Array<Partial<FunctionList['functions'][number]>>): Pick<FunctionList, 'functions'> => ({
    functions: entries.map((entry) => ({ type: 'function' as const, function: { name: 'send_payment_link', description: 'Send the link.', parameters }, name: 'send_payment_link', description: 'Send the link.', parameters, agents: null, timeoutMs: 8000, invokeUrl: '', flowId: 'flow-1', flowName: 'Payment link', ...entry })),
  });
  const draft = { tool, timeoutMs: 8000, agents: undefined };

  it('is live when this flow’s published version offers the name, and lists what the draft changes', () => {
    expect(functionStatus(listed([{}]), 'flow-1', true, draft)).toEqual({ kind: 'live', changes: [] });
    // Key order does not make a different schema.
    const reordered = { required: ['amount'], additionalProperties: false, properties: parameters.properties, type: 'object' };
    expect(functionStatus(listed([{ parameters: reordered }]), 'flow-1', true, draft)).toEqual({ kind: 'live', changes: [] });
    expect(functionStatus(listed([{ description: 'Old words.', timeoutMs: 10000, agents: ['agent_riya'] }]), 'flow-1', true, draft)).toEqual({ kind: 'live', changes: ['description', 'timeout', 'agents'] });
    expect(functionStatus(listed([{ parameters: { type: 'object', properties: {} } }]), 'flow-1', true, draft)).toEqual({ kind: 'live', changes: ['parameters'] });
  });

  it('says when the flow is live under another name, when another flow has the name, and when nothing is live', () => {
    expect(functionStatus(listed([{ name: 'send_link' }]), 'flow-1', true, draft)).toEqual({ kind: 'live-as', liveName: 'send_link' });
    expect(functionStatus(listed([{ flowId: 'flow-2', flowName: 'Old payments' }]), 'flow-1', false, draft)).toEqual({ kind: 'taken', flowId: 'flow-2', flowName: 'Old payments' });
    expect(functionStatus(listed([]), 'flow-1', false, draft)).toEqual({ kind: 'not-live', flowPublished: false });
    expect(functionStatus(listed([{ flowId: 'flow-2', name: 'send_otp' }]), 'flow-1', true, draft)).toEqual({ kind: 'not-live', flowPublished: true });
  });

  it('compares JSON by content, not key order', () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":1,"f":2}]},"b":1}');
  });
});

describe('formatToolDefinition', () => {
  const template = 'https://flows.example.com/api/functions/{name}/invoke';
  const tool = { type: 'function' as const, function: { name: 'book_slot', description: 'Books a slot', parameters: { type: 'object', properties: { slot: { type: 'string' } }, required: ['slot'] } } };

  it('is the OpenAI tool as it is, with the plain invoke URL', () => {
    expect(formatToolDefinition('openai', tool, 8000, template)).toEqual({ definition: tool, url: 'https://flows.example.com/api/functions/book_slot/invoke', authorization: null });
  });

  it("is each platform's definition pointing at the platform's invoke URL, saying where the key goes", () => {
    const vapi = formatToolDefinition('vapi', tool, 8000, template);
    expect(vapi.url).toBe('https://flows.example.com/api/functions/book_slot/invoke?format=vapi');
    expect(vapi.definition).toMatchObject({ type: 'function', function: tool.function, server: { url: vapi.url, headers: { Authorization: expect.stringContaining('Bearer') } } });
    expect(vapi.authorization).toContain('credential');
    expect(formatToolDefinition('retell', tool, 8000, template).definition).toMatchObject({ type: 'custom', name: 'book_slot', url: `${template.replace('{name}', 'book_slot')}?format=retell`, timeout_ms: 10_000 });
    expect(formatToolDefinition('elevenlabs', tool, 8000, template).definition).toMatchObject({ type: 'webhook', api_schema: { method: 'POST', request_body_schema: { required: ['slot'] } } });
    expect(formatToolDefinition('bland', tool, undefined, template).definition).toMatchObject({ body: { slot: '{{input.slot}}' }, response: { book_slot_result: '$' } });
  });

  it('lists the tools of a format at GET /api/functions?format=', () => {
    expect(toolsUrl(template, [], 'retell')).toBe('https://flows.example.com/api/functions?format=retell');
    expect(toolsUrl(template, ['a1'], 'vapi')).toBe('https://flows.example.com/api/functions?agentId=a1&format=vapi');
  });
});
