import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestEngine, type ApiClient } from '../testing/test-engine';
import type { FunctionList } from '@switchboard/shared';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** What a voice platform sends when its agent calls a function mid-call. */
const call = (args: Record<string, unknown>, callId = `call-${Math.random().toString(36).slice(2)}`) => ({
  callId,
  customer: { phone: '+14155551234', name: 'Alex Morgan' },
  agent: { id: 'agent_riya', name: 'Riya' },
  metadata: { order_id: 'ORD-1042' },
  arguments: args,
});

/** call.function → (some steps) → flow.respond, for the timing tests. */
const functionFlow = (name: string, middle: Array<{ id: string; type: string; config: Record<string, unknown> }>, options: { timeoutMs?: number; respond?: boolean } = {}) => {
  const nodes = [
    { id: 'called', type: 'call.function', config: { name, description: `Test function ${name}`, parameters: { type: 'object', properties: {} }, timeoutMs: options.timeoutMs ?? 10_000 } },
    ...middle,
    ...(options.respond === false ? [] : [{ id: 'answer', type: 'flow.respond', config: { status: 200, body: '{"done": true, "run": "{{run.id}}"}' } }]),
  ];
  const ids = nodes.map((node) => node.id);
  return { nodes, edges: ids.slice(1).map((id, index) => ({ id: `e${index}`, source: ids[index]!, target: id })) };
};

describe('in-call functions', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let sandbox: string;
  let server: Server;
  let local: string;
  /** Requests the slow CRM holds until the test lets them go. */
  const held: Array<{ body: string; release: () => void }> = [];

  /** POSTs an invocation as a voice platform would, with the workspace's API key. */
  const invoke = async (name: string, body: unknown, headers: Record<string, string> = {}) => {
    const startedAt = Date.now();
    const response = await fetch(`${api.baseUrl}/api/functions/${name}/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      body: text && type.startsWith('application/json') ? JSON.parse(text) : text,
      runId: response.headers.get('x-run-id'),
      ms: Date.now() - startedAt,
    };
  };
  const runsOf = async (flowId: string) => (await api.get(`/api/runs?flowId=${flowId}&limit=100`)).body.runs as Array<{ id: string; status: string }>;

  /** Creates a flow from a gallery template, lets `adjust` change its graph, saves and publishes it. */
  const fromTemplate = async (template: string, name: string, adjust: (graph: any) => void = () => {}) => {
    const created = await api.post('/api/flows', { name, fromTemplate: template });
    expect(created.status).toBe(201);
    const graph = created.body.graph;
    adjust(graph);
    const saved = await api.put(`/api/flows/${created.body.id}`, { graph });
    expect(saved.body.problems).toEqual([]);
    const published = await api.post(`/api/flows/${created.body.id}/publish`);
    expect(published.status).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    // A CRM that takes its time: it answers only when the test releases the request.
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => held.push({ body: Buffer.concat(chunks).toString('utf8'), release: () => void (res.headersSent || res.writeHead(200, { 'content-type': 'application/json' }).end('{"logged":true}')) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    engine = await TestEngine.start();
    api = engine.api;
    sandbox = await api.sandbox();
    await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(local).host] } });
  });
  afterEach(async () => {
    held.splice(0).forEach((request) => request.release());
    await api.unpublishAll();
  });
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('send_payment_link { amount: 499 }: sends the template with the amount and the link, and answers { sent, messageId } while a later step still runs', async () => {
    const flowId = await fromTemplate('send_payment_link', 'Payment link', (graph) => {
      // After answering the agent, the flow logs the payment request in a (slow) CRM.
      graph.nodes.push({ id: 'log_payment', type: 'http.request', config: { method: 'POST', url: `${local}/payments`, body: '{"callId": "{{trigger.callId}}", "amount": "{{trigger.arguments.amount}}"}' } });
      graph.edges.push({ id: 'e4', source: 'respond_sent', target: 'log_payment' });
    });
    expect(stepOfGraph(await api.get(`/api/flows/${flowId}`), 'send_link').config.connectionId).toBe(sandbox);

    const answer = await invoke('send_payment_link', call({ amount: 499 }, 'call-pay-1'));
    expect(answer).toMatchObject({ status: 200, body: { sent: true, messageId: expect.any(String) }, runId: expect.any(String) });
    expect(Object.keys(answer.body).sort()).toEqual(['messageId', 'sent']);

    // The template went out through the sandbox with the amount and the link.
    const { messages } = (await api.get(`/api/messages?runId=${answer.runId}`)).body;
    expect(messages).toEqual([
      expect.objectContaining({
        id: answer.body.messageId,
        connectionId: sandbox,
        template: 'payment_link',
        customer: '+14155551234',
        parameters: ['499', 'https://pay.example.com/l/call-pay-1?amount=499'],
        status: 'delivered',
      }),
    ]);

    // The agent has its answer; the run goes on: the CRM call is still open.
    await expect.poll(() => held.length).toBe(1);
    expect(JSON.parse(held[0]!.body)).toEqual({ callId: 'call-pay-1', amount: 499 });
    const running = (await api.get(`/api/runs/${answer.runId}`)).body;
    expect(running.status).toBe('running');
    expect(stepOf(running, 'respond_sent')).toMatchObject({ status: 'succeeded', output: { status: 200, body: { sent: true, messageId: answer.body.messageId } } });
    expect(stepOf(running, 'respond_failed')).toMatchObject({ status: 'skipped' });
    expect(stepOf(running, 'log_payment')?.status ?? 'pending').not.toBe('succeeded');

    held[0]!.release();
    const done = await api.waitForRun(answer.runId!);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'log_payment').output.body).toEqual({ logged: true });
    expect(stepOf(done, 'function_called').output).toMatchObject({
      function: 'send_payment_link',
      callId: 'call-pay-1',
      customer: { phone: '+14155551234', name: 'Alex Morgan' },
      agent: { id: 'agent_riya', name: 'Riya' },
      metadata: { order_id: 'ORD-1042' },
      arguments: { amount: 499 },
    });
    expect((await runsOf(flowId)).length).toBe(1);
  });

  it('refuses wrong arguments with 400 naming the field, and starts no run', async () => {
    const flowId = await fromTemplate('send_payment_link', 'Payment link');
    const eventCount = async () => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'call.function'`))[0]!.n;
    const eventsBefore = await eventCount();

    const missing = await invoke('send_payment_link', call({}));
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'arguments.amount', message: 'is required' }] } } });
    expect(missing.body.error.message).toContain('arguments.amount');

    const text = await invoke('send_payment_link', call({ amount: '499' }));
    expect(text).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'arguments.amount', message: 'must be a number, not text ("499")' }] } } });

    const extra = await invoke('send_payment_link', call({ amount: 499, discount: 10 }));
    expect(extra.body.error.details).toEqual([{ field: 'arguments.discount', message: 'is not a parameter of this function' }]);

    const noCall = await invoke('send_payment_link', { arguments: { amount: 499 }, customer: 'Alex' });
    expect(noCall.status).toBe(400);
    expect(noCall.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['callId', 'customer']);

    expect(await invoke('send_refund', call({ amount: 499 }))).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const unauthenticated = await fetch(`${api.baseUrl}/api/functions/send_payment_link/invoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(call({ amount: 1 })) });
    expect(unauthenticated.status).toBe(401);

    expect(await runsOf(flowId)).toEqual([]);
    expect(await eventCount()).toBe(eventsBefore);
  });

  it('lists exactly the published functions as OpenAI tools, per agent, and forgets an unpublished one', async () => {
    const payment = await fromTemplate('send_payment_link', 'Payment link');
    await fromTemplate('send_otp', 'OTP');
    await fromTemplate('send_reference_number', 'Reference number', (graph) => {
      graph.nodes[0].config.agents = ['agent_riya'];
    });
    // A draft function is not offered.
    await api.post('/api/flows', { name: 'Draft', graph: functionFlow('draft_function', []) });

    const listed = await api.get('/api/functions');
    expect(listed.status).toBe(200);
    expect(Object.keys(listed.body).sort()).toEqual(['functions', 'invokeUrlTemplate', 'tools']);
    expect(listed.body.invokeUrlTemplate).toBe('https://flows.example.test/api/functions/{name}/invoke');
    const template = (await api.get('/api/flow-templates')).body.templates.find((candidate) => candidate.id === 'send_payment_link')!;
    const trigger = template.graph.nodes.find((node) => node.type === 'call.function')!.config;
    expect(listed.body.tools).toEqual([
      { type: 'function', function: { name: 'send_otp', description: expect.stringContaining('verification code'), parameters: expect.objectContaining({ required: ['code'] }) } },
      { type: 'function', function: { name: 'send_payment_link', description: trigger.description, parameters: trigger.parameters } },
      { type: 'function', function: { name: 'send_reference_number', description: expect.any(String), parameters: expect.objectContaining({ required: ['reference_number'] }) } },
    ]);
    for (const tool of (listed.body as FunctionList).tools) {
      expect(Object.keys(tool).sort()).toEqual(['function', 'type']);
      expect(Object.keys(tool.function).sort()).toEqual(['description', 'name', 'parameters']);
    }
    expect(listed.body.functions[1]).toEqual({
      ...listed.body.tools[1],
      name: 'send_payment_link',
      description: trigger.description,
      parameters: trigger.parameters,
      agents: null,
      timeoutMs: 8000,
      invokeUrl: 'https://flows.example.test/api/functions/send_payment_link/invoke',
      flowId: payment,
      flowName: 'Payment link',
    });
    expect(listed.body.functions[2].agents).toEqual(['agent_riya']);

    const forRiya = (await api.get('/api/functions?agentId=agent_riya')).body.tools.map((tool: any) => tool.function.name);
    expect(forRiya).toEqual(['send_otp', 'send_payment_link', 'send_reference_number']);
    const forOthers = (await api.get('/api/functions?agentId=agent_sam')).body.tools.map((tool: any) => tool.function.name);
    expect(forOthers).toEqual(['send_otp', 'send_payment_link']);
    expect((await api.get('/api/functions?agentId=')).body.error?.details).toEqual([{ field: 'agentId', message: 'agentId must not be empty' }]);

    // Another workspace sees none of them.
    expect((await (await engine.otherWorkspace()).get('/api/functions')).body).toMatchObject({ tools: [], functions: [] });

    await api.post(`/api/flows/${payment}/unpublish`);
    expect((await api.get('/api/functions')).body.tools.map((tool: any) => tool.function.name)).toEqual(['send_otp', 'send_reference_number']);
    expect((await invoke('send_payment_link', call({ amount: 1 }))).status).toBe(404);
  });

  it('keeps a function name to one published flow of the workspace', async () => {
    await fromTemplate('send_otp', 'OTP');
    const second = await api.post('/api/flows', { name: 'Another OTP', fromTemplate: 'send_otp' });
    const refused = await api.post(`/api/flows/${second.body.id}/publish`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"OTP"'), details: { flowName: 'OTP' } });
    // Another workspace may use the name.
    const other = await engine.otherWorkspace();
    await other.sandbox();
    expect((await other.publish('Their OTP', (await other.post('/api/flows', { name: 'x', fromTemplate: 'send_otp' })).body.graph)).length).toBeGreaterThan(0);
    await other.unpublishAll();
  });

  it('answers 202 with the run id when the flow takes longer than its timeout, and the run still finishes', async () => {
    const flowId = await api.publish('Slow function', functionFlow('slow_lookup', [{ id: 'pause', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } }], { timeoutMs: 300 }));
    const answer = await invoke('slow_lookup', call({}));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ runId: answer.runId });
    expect(answer.ms).toBeLessThan(1000);
    const run = await api.waitForRun(answer.runId!);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'answer').output).toEqual({ status: 200, body: { done: true, run: answer.runId } });
    expect((await runsOf(flowId)).map((candidate) => candidate.id)).toEqual([answer.runId]);
  });

  it('answers { runId, status } when the flow has no Respond step, once the run is done', async () => {
    await api.publish('Note', functionFlow('take_note', [{ id: 'note', type: 'flow.set', config: { values: { note: '{{trigger.arguments.text}}' } } }], { respond: false }));
    const answer = await invoke('take_note', call({ text: 'call back tomorrow' }));
    expect(answer).toMatchObject({ status: 200, body: { runId: answer.runId, status: 'succeeded' } });
    expect(stepOf((await api.get(`/api/runs/${answer.runId}`)).body, 'note').output).toEqual({ note: 'call back tomorrow' });

    // A failing flow tells the agent so.
    await api.publish('Broken', functionFlow('broken_send', [{ id: 'send', type: 'whatsapp.send_text', config: { connectionId: sandbox, to: 'not a phone', message: 'hi' } }]));
    expect(await invoke('broken_send', call({}))).toMatchObject({ status: 200, body: { status: 'failed' } });
  });

  it('answers a call repeated with the same Idempotency-Key from the first run', async () => {
    const flowId = await fromTemplate('send_reference_number', 'Reference number');
    const body = call({ reference_number: 'REF-20481' });
    const first = await invoke('send_reference_number', body, { 'idempotency-key': 'voice-call-9-ref' });
    expect(first).toMatchObject({ status: 200, body: { sent: true } });
    const again = await invoke('send_reference_number', body, { 'idempotency-key': 'voice-call-9-ref' });
    expect(again).toMatchObject({ status: 200, body: first.body, runId: first.runId });
    expect(await runsOf(flowId)).toHaveLength(1);
    expect((await api.get(`/api/messages?runId=${first.runId}`)).body.messages).toEqual([expect.objectContaining({ template: 'reference_number', parameters: ['Alex Morgan', 'REF-20481'] })]);
  });

  it('tells the agent when the message could not be sent, through the error edge', async () => {
    await fromTemplate('send_otp', 'OTP');
    const answer = await invoke('send_otp', { ...call({ code: '482913' }), customer: { phone: '12', name: 'Alex' } });
    expect(answer).toMatchObject({ status: 200, body: { sent: false, reason: expect.stringContaining('Invalid recipient') } });
    expect((await invoke('send_otp', call({ code: 'abc' }))).body.error.details).toEqual([{ field: 'arguments.code', message: expect.stringContaining('pattern') }]);
  });

  it('gives the call context to the flow as in-call variables', async () => {
    const graph = functionFlow('echo_context', [
      {
        id: 'context',
        type: 'flow.set',
        config: { values: { call: '{{conversation_uuid}}', phone: '{{customer_number}}', name: '{{customer_name}}', agent: '{{agent_name}}', order: '{{trigger.metadata.order_id}}', amount: '{{trigger.arguments.amount}}' } },
      },
    ]);
    graph.nodes[0]!.config.parameters = { type: 'object', properties: { amount: { type: 'integer' } } };
    // A body value that is one variable keeps its type: the context as an object, the amount as a number.
    graph.nodes[2]!.config = { status: 200, body: '{"context": "{{steps.context}}", "amount": "{{trigger.arguments.amount}}"}' };
    await api.publish('Context', graph);
    const answer = await invoke('echo_context', call({ amount: 7 }, 'call-ctx-1'));
    expect(answer).toMatchObject({
      status: 200,
      body: { context: { call: 'call-ctx-1', phone: '+14155551234', name: 'Alex Morgan', agent: 'Riya', order: 'ORD-1042', amount: '7' }, amount: 7 },
    });
  });

  it('answers a webhook from its flow.respond step; a flow without one keeps the 202', async () => {
    const flowId = await api.publish('Quote', {
      nodes: [
        { id: 'form', type: 'webhook.received', config: { path: 'quote' } },
        { id: 'price', type: 'flow.set', config: { values: { total: '{{trigger.body.quantity}}0' } } },
        { id: 'reply', type: 'flow.respond', config: { status: 201, body: '{"quote": "{{steps.price.total}}", "for": "{{trigger.body.name}}"}' } },
        { id: 'later', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } },
      ],
      edges: [
        { id: 'e1', source: 'form', target: 'price' },
        { id: 'e2', source: 'price', target: 'reply' },
        { id: 'e3', source: 'reply', target: 'later' },
      ],
    });
    const response = await fetch(`${api.baseUrl}/webhooks/in/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Alex', quantity: 3 }) });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ quote: '30', for: 'Alex' });
    const runId = response.headers.get('x-run-id')!;
    expect((await api.get(`/api/runs/${runId}`)).body.status).not.toBe('succeeded');
    expect((await api.waitForRun(runId)).status).toBe('succeeded');
    expect((await runsOf(flowId)).length).toBe(1);

    // The same delivery again gets the same answer, and starts nothing.
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'quote-7' };
    const first = await fetch(`${api.baseUrl}/webhooks/in/quote`, { method: 'POST', headers, body: JSON.stringify({ name: 'Sam', quantity: 1 }) });
    const second = await fetch(`${api.baseUrl}/webhooks/in/quote`, { method: 'POST', headers, body: JSON.stringify({ name: 'Sam', quantity: 1 }) });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(await second.json()).toEqual(await first.json());
    expect((await runsOf(flowId)).length).toBe(2);

    // Text answers are text.
    await api.unpublishAll();
    await api.publish('Plain', {
      nodes: [
        { id: 'hook', type: 'webhook.received', config: { path: 'plain' } },
        { id: 'reply', type: 'flow.respond', config: { body: 'Thanks {{trigger.body.name}}' } },
      ],
      edges: [{ id: 'e1', source: 'hook', target: 'reply' }],
    });
    const plain = await fetch(`${api.baseUrl}/webhooks/in/plain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Kim"}' });
    expect([plain.status, plain.headers.get('content-type'), await plain.text()]).toEqual([200, 'text/plain; charset=utf-8', 'Thanks Kim']);

    // Without a Respond step a webhook is answered at once, as before.
    await api.publish('Lead', { nodes: [{ id: 'hook', type: 'webhook.received', config: { path: 'lead' } }, { id: 'wait', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } }], edges: [{ id: 'e1', source: 'hook', target: 'wait' }] });
    const lead = await fetch(`${api.baseUrl}/webhooks/in/lead`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(lead.status).toBe(202);
    expect(((await lead.json()) as any).runs).toHaveLength(1);
  });

  it('answers a webhook 202 when its Respond step does not come in time, and the run goes on', async () => {
    await api.publish('Slow quote', {
      nodes: [
        { id: 'form', type: 'webhook.received', config: { path: 'slow-quote', responseTimeoutMs: 200 } },
        { id: 'think', type: 'flow.delay', config: { amount: 1, unit: 'seconds' } },
        { id: 'reply', type: 'flow.respond', config: { body: { late: true } } },
      ],
      edges: [
        { id: 'e1', source: 'form', target: 'think' },
        { id: 'e2', source: 'think', target: 'reply' },
      ],
    });
    const response = await fetch(`${api.baseUrl}/webhooks/in/slow-quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(202);
    const body = (await response.json()) as any;
    expect(body.runs[0].runId).toBe(response.headers.get('x-run-id'));
    const run = await api.waitForRun(body.runs[0].runId);
    expect(stepOf(run, 'reply')).toMatchObject({ status: 'succeeded', output: { status: 200, body: { late: true } } });
  });

  it('allows flow.respond only where a caller waits; a test run just records the answer', async () => {
    const graph = {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'reply', type: 'flow.respond', config: { body: 'hi' } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'reply' }],
    };
    const validated = await api.post('/api/flows/validate', { graph });
    expect(validated.body).toEqual({
      valid: false,
      problems: [{ nodeId: 'reply', field: 'type', message: expect.stringMatching(/call\.completed flow.*call\.function/) }],
    });

    const created = await api.post('/api/flows', { name: 'Test me', graph: functionFlow('test_me', [{ id: 'note', type: 'flow.set', config: { values: { amount: '{{trigger.arguments.amount}}' } } }]) });
    const tested = await api.post(`/api/flows/${created.body.id}/test`, { event: call({ amount: 5 }) });
    expect(tested.body).toMatchObject({ runId: expect.any(String), test: true });
    const run = await api.waitForRun(tested.body.runId!);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'answer')).toMatchObject({ status: 'succeeded', output: { status: 200, body: { done: true } } });
  });

  it('offers the three in-call templates in the gallery, each valid with a sandbox sender', async () => {
    const { templates } = (await api.get('/api/flow-templates')).body;
    const functions = templates.filter((template: any) => template.category === 'In-call functions');
    expect(functions.map((template: any) => template.id)).toEqual(['send_otp', 'send_payment_link', 'send_reference_number']);
    for (const template of functions) {
      expect(template.triggerType).toBe('call.function');
      const created = await api.post('/api/flows', { name: template.name, fromTemplate: template.id });
      expect(created.body.problems, template.id).toEqual([]);
    }
    const sandboxTemplates = (await api.get(`/api/connections/${sandbox}/templates`)).body.templates.map((template: any) => template.name);
    expect(sandboxTemplates).toEqual(expect.arrayContaining(['otp_code', 'payment_link', 'reference_number']));
  });
});

function stepOfGraph(flow: { body: { graph: { nodes: Array<{ id: string; config: any }> } } }, nodeId: string) {
  return flow.body.graph.nodes.find((node) => node.id === nodeId)!;
}
