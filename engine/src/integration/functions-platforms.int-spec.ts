import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/**
 * In-call functions as the voice platforms call them: their own tool definitions from
 * `GET /api/functions?format=`, and their own tool requests on `invoke?format=`, answered in
 * their shape (../shared/reference/voice-platforms.md §1.3, §2.3, §3.3, §5.3).
 */

const BOOK_PARAMETERS = {
  type: 'object',
  properties: {
    slot: { type: 'string', description: 'The start of the slot, e.g. 2026-01-06T10:00' },
    party: { type: 'integer', minimum: 1 },
  },
  required: ['slot'],
  additionalProperties: false,
};

/** call.function book_slot → respond with what it was called with. */
const bookFlow = {
  nodes: [
    { id: 'called', type: 'call.function', config: { name: 'book_slot', description: 'Books a slot for the caller', parameters: BOOK_PARAMETERS, timeoutMs: 8000 } },
    {
      id: 'answer',
      type: 'flow.respond',
      config: {
        status: 200,
        body: '{"booked": "{{trigger.arguments.slot}}", "callId": "{{trigger.callId}}", "phone": "{{trigger.customer.phone}}", "name": "{{trigger.customer.name}}", "agent": "{{trigger.agent.id}}", "order": "{{trigger.metadata.order_id}}"}',
      },
    },
  ],
  edges: [{ id: 'e1', source: 'called', target: 'answer' }],
};

describe('in-call functions in the voice platforms’ formats', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let server: Server;
  let local: string;
  /** Requests the slow CRM holds until the test lets them go. */
  const held: Array<{ release: () => void }> = [];

  const invoke = async (name: string, format: string | undefined, body: unknown, key = api.apiKey) => {
    const response = await fetch(`${api.baseUrl}/api/functions/${name}/invoke${format ? `?format=${format}` : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, runId: response.headers.get('x-run-id') };
  };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => held.push({ release: () => void (res.headersSent || res.writeHead(200, { 'content-type': 'application/json' }).end('{"logged":true}')) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = await TestEngine.start();
    api = engine.api;
    await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(local).host] } });
    await api.publish('Book a slot', bookFlow);
    // A function whose flow waits on a slow CRM before it answers; its timeout is short.
    await api.publish('Slow lookup', {
      nodes: [
        { id: 'called', type: 'call.function', config: { name: 'slow_lookup', description: 'Looks the caller up in a slow CRM', parameters: { type: 'object', properties: {} }, timeoutMs: 1000 } },
        { id: 'crm', type: 'http.request', config: { method: 'POST', url: `${local}/lookup`, body: '{}' } },
        { id: 'answer', type: 'flow.respond', config: { status: 200, body: '{"found": true}' } },
      ],
      edges: [
        { id: 'e1', source: 'called', target: 'crm' },
        { id: 'e2', source: 'crm', target: 'answer' },
      ],
    });
  });
  afterAll(async () => {
    held.splice(0).forEach((request) => request.release());
    await engine?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('lists each platform’s tool definition exactly, with its invoke URL and the Authorization header to fill in', async () => {
    const url = (format: string) => `https://flows.example.test/api/functions/book_slot/invoke?format=${format}`;
    const authorization = 'Bearer <your Switchboard API key>';
    const toolOf = async (format: string) => {
      const listed = await api.get(`/api/functions?format=${format}`);
      expect(listed.status).toBe(200);
      const body = listed.body as any;
      expect(body).toMatchObject({ format, invokeUrlTemplate: `https://flows.example.test/api/functions/{name}/invoke?format=${format}`, authorization: expect.stringContaining('Authorization') });
      expect(body.functions.map((view: any) => view.name)).toEqual(['book_slot', 'slow_lookup']);
      return body.tools[0];
    };

    expect(await toolOf('vapi')).toEqual({
      type: 'function',
      async: false,
      function: { name: 'book_slot', description: 'Books a slot for the caller', parameters: BOOK_PARAMETERS },
      server: { url: url('vapi'), timeoutSeconds: 20, headers: { Authorization: authorization } },
    });
    expect(await toolOf('retell')).toEqual({
      type: 'custom',
      name: 'book_slot',
      description: 'Books a slot for the caller',
      url: url('retell'),
      method: 'POST',
      headers: { Authorization: authorization },
      parameters: BOOK_PARAMETERS,
      args_at_root: false,
      speak_during_execution: false,
      speak_after_execution: true,
      timeout_ms: 10_000,
    });
    expect(await toolOf('elevenlabs')).toEqual({
      type: 'webhook',
      name: 'book_slot',
      description: 'Books a slot for the caller',
      response_timeout_secs: 10,
      api_schema: {
        url: url('elevenlabs'),
        method: 'POST',
        content_type: 'application/json',
        request_headers: { Authorization: authorization },
        request_body_schema: {
          type: 'object',
          description: 'The arguments of book_slot',
          properties: {
            slot: { type: 'string', description: 'The start of the slot, e.g. 2026-01-06T10:00' },
            party: { type: 'integer', minimum: 1, description: 'party' },
            call_id: { type: 'string', dynamic_variable: 'system__conversation_id' },
            caller_id: { type: 'string', dynamic_variable: 'system__caller_id' },
            agent_id: { type: 'string', dynamic_variable: 'system__agent_id' },
          },
          required: ['slot'],
        },
      },
    });
    expect(await toolOf('bland')).toEqual({
      name: 'book_slot',
      description: 'Books a slot for the caller',
      url: url('bland'),
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: { slot: '{{input.slot}}', party: '{{input.party}}', call_id: '{{call_id}}' },
      input_schema: { example: { slot: 'text', party: 1 }, ...BOOK_PARAMETERS },
      response: { book_slot_result: '$' },
    });

    // The default stays the OpenAI format, as before.
    const openai = await api.get('/api/functions');
    expect(Object.keys(openai.body).sort()).toEqual(['functions', 'invokeUrlTemplate', 'tools']);
    expect((openai.body as any).tools[0]).toEqual({ type: 'function', function: { name: 'book_slot', description: 'Books a slot for the caller', parameters: BOOK_PARAMETERS } });
    expect(await api.get('/api/functions?format=openai')).toMatchObject({ status: 200, body: openai.body });

    const wrong = await api.get('/api/functions?format=twilio');
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'format', message: expect.stringContaining('vapi') }] } } });
  });

  it('answers a Vapi tool-calls message with two calls (arguments as JSON text and as an object), one run each, in { results }', async () => {
    const message = {
      message: {
        type: 'tool-calls',
        timestamp: 1767225650000,
        call: { id: 'vapi-call-1', type: 'inboundPhoneCall', assistantId: 'asst_1', assistantOverrides: { variableValues: { order_id: 'ORD-7' } } },
        customer: { number: '+14155550101', name: 'Alex Morgan' },
        assistant: { name: 'Riya' },
        toolCallList: [
          { id: 'call_A', type: 'function', function: { name: 'book_slot', arguments: '{"slot":"2026-01-06T10:00"}' } },
          { id: 'call_B', type: 'function', function: { name: 'book_slot', arguments: { slot: '2026-01-07T11:00', party: 2 } } },
        ],
      },
    };
    const answer = await invoke('book_slot', 'vapi', message);
    expect(answer.status).toBe(200);
    const line = (slot: string) => JSON.stringify({ booked: slot, callId: 'vapi-call-1', phone: '+14155550101', name: 'Alex Morgan', agent: 'asst_1', order: 'ORD-7' });
    expect(answer.body).toEqual({
      results: [
        { toolCallId: 'call_A', result: line('2026-01-06T10:00') },
        { toolCallId: 'call_B', result: line('2026-01-07T11:00') },
      ],
    });
    const runIds = answer.runId!.split(',');
    expect(new Set(runIds).size).toBe(2);
    for (const runId of runIds) {
      const run = await api.waitForRun(runId);
      expect(run.status).toBe('succeeded');
      expect(run.steps.find((step: any) => step.nodeId === 'called')!.output).toMatchObject({
        function: 'book_slot',
        callId: 'vapi-call-1',
        customer: { phone: '+14155550101', name: 'Alex Morgan' },
        agent: { id: 'asst_1', name: 'Riya' },
        metadata: { order_id: 'ORD-7' },
      });
    }

    // Bad arguments and an unknown function are those calls' errors; Vapi reads only a 200.
    const mixed = await invoke('book_slot', 'vapi', {
      message: {
        type: 'tool-calls',
        call: { id: 'vapi-call-2' },
        toolWithToolCallList: [
          { type: 'function', function: { name: 'book_slot' }, toolCall: { id: 'call_C', function: { name: 'book_slot', arguments: { party: 2 } } } },
          { type: 'function', function: { name: 'cancel_slot' }, toolCall: { id: 'call_D', function: { name: 'cancel_slot', arguments: {} } } },
        ],
      },
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body.results).toEqual([
      { toolCallId: 'call_C', error: expect.stringContaining('message.toolWithToolCallList[0].function.arguments.slot') },
      { toolCallId: 'call_D', error: 'No published function cancel_slot.' },
    ]);
  });

  it('answers a Retell custom function call { name, call, args } with the Respond body', async () => {
    const answer = await invoke('book_slot', 'retell', {
      name: 'book_slot',
      call: {
        call_id: 'retell-call-1',
        direction: 'outbound',
        from_number: '+14155550000',
        to_number: '+14155550102',
        agent_id: 'agent_r1',
        metadata: { order_id: 'ORD-9' },
        retell_llm_dynamic_variables: { customer_name: 'Sam Lee' },
      },
      args: { slot: '2026-01-08T09:30' },
    });
    expect(answer).toMatchObject({ status: 200, body: { booked: '2026-01-08T09:30', callId: 'retell-call-1', phone: '+14155550102', name: 'Sam Lee', agent: 'agent_r1', order: 'ORD-9' } });
    expect((await api.waitForRun(answer.runId)).status).toBe('succeeded');
  });

  it('reads ElevenLabs’ and Bland’s bodies: the arguments at the top level beside the call’s ids', async () => {
    const eleven = await invoke('book_slot', 'elevenlabs', { slot: '2026-01-09T15:00', call_id: 'conv_1', caller_id: '+14155550103', agent_id: 'agent_e1' });
    expect(eleven).toMatchObject({ status: 200, body: { booked: '2026-01-09T15:00', callId: 'conv_1', phone: '+14155550103', agent: 'agent_e1' } });

    // Bland leaves an unknown variable as its template; the call id is then made up.
    const bland = await invoke('book_slot', 'bland', { slot: '2026-01-10T08:00', party: 3, call_id: '{{call_id}}' });
    expect(bland).toMatchObject({ status: 200, body: { booked: '2026-01-10T08:00', callId: expect.stringMatching(/^book_slot:/) } });
    const run = await api.waitForRun(bland.runId);
    expect(run.steps.find((step: any) => step.nodeId === 'called')!.output).toMatchObject({ arguments: { slot: '2026-01-10T08:00', party: 3 } });
  });

  it('answers "still working" in the platform’s shape when the flow is slower than the limit, and the run goes on', async () => {
    const vapi = await invoke('slow_lookup', 'vapi', { message: { type: 'tool-calls', call: { id: 'vapi-slow' }, toolCallList: [{ id: 'call_S', function: { name: 'slow_lookup', arguments: '{}' } }] } });
    expect(vapi).toMatchObject({ status: 200, body: { results: [{ toolCallId: 'call_S', result: expect.stringContaining('Still working') }] } });
    const retell = await invoke('slow_lookup', 'retell', { name: 'slow_lookup', call: { call_id: 'retell-slow' }, args: {} });
    expect(retell).toMatchObject({ status: 200, body: { status: 'pending', runId: retell.runId, message: expect.stringContaining('Still working') } });

    // The CRM still holds both requests: the runs have not ended.
    await expect.poll(() => held.length).toBe(2);
    for (const runId of [vapi.runId!, retell.runId!]) expect(['queued', 'running']).toContain((await api.get(`/api/runs/${runId}`)).body.status);
    held.splice(0).forEach((request) => request.release());
    for (const runId of [vapi.runId!, retell.runId!]) expect((await api.waitForRun(runId)).status).toBe('succeeded');
  });

  it('refuses bad bodies with 400 naming the field, starting nothing', async () => {
    const events = async () => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'call.function'`))[0]!.n;
    const before = await events();
    const fields = async (format: string, body: unknown) => {
      const answer = await invoke('book_slot', format, body);
      expect(answer.status).toBe(400);
      return answer.body.error.details.map((detail: { field: string }) => detail.field);
    };
    expect(await fields('vapi', { type: 'tool-calls' })).toEqual(['message']);
    expect(await fields('vapi', { message: { type: 'end-of-call-report' } })).toEqual(['message.type']);
    expect(await fields('vapi', { message: { type: 'tool-calls', toolCallList: [] } })).toEqual(['message.toolCallList']);
    expect(await fields('vapi', { message: { type: 'tool-calls', toolCallList: [{ function: { arguments: '{not json' } }] } })).toEqual([
      'message.toolCallList[0].id',
      'message.toolCallList[0].function.name',
      'message.toolCallList[0].function.arguments',
    ]);
    expect(await fields('retell', { name: 'other_fn', args: [] })).toEqual(['name', 'call', 'args']);
    expect(await fields('retell', { call: { call_id: 'r' }, args: { slot: 5 } })).toEqual(['args.slot']);
    expect(await fields('elevenlabs', { party: 2 })).toEqual(['arguments.slot']);
    expect(await fields('bland', [1, 2])).toEqual(['(body)']);
    expect(await fields('twilio', {})).toEqual(['format']);
    expect(await events()).toBe(before);
  });

  it('keeps another workspace’s functions out of reach: 404 in any format, and an empty list', async () => {
    const other = await engine.otherWorkspace();
    const answer = await invoke('book_slot', 'vapi', { message: { type: 'tool-calls', toolCallList: [{ id: 'x', function: { name: 'book_slot', arguments: {} } }] } }, other.apiKey);
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await invoke('book_slot', 'retell', { call: { call_id: 'r' }, args: { slot: 'x' } }, other.apiKey)).toMatchObject({ status: 404 });
    expect((await other.get('/api/functions?format=retell')).body).toMatchObject({ format: 'retell', tools: [], functions: [] });
  });
});
