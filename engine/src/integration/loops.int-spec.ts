import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FlowRegistry } from '../execution/flow-registry';
import { PgExecutionStore } from '../persistence/pg-execution-store';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

const customers = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ name: `Customer ${index}`, phone: `+1415555${String(1000 + index).padStart(4, '0')}`, time: `${9 + (index % 8)}:00` }));

/** call → loop over `{{trigger.variables.items}}` → (log by HTTP → reminder template) per item → summary when done. */
function reminderLoop(connectionId: string, logUrl: string, concurrency: number) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      { id: 'each', type: 'flow.loop', config: { items: '{{trigger.variables.items}}', concurrency } },
      { id: 'log', type: 'http.request', config: { method: 'POST', url: logUrl, body: '{"index": {{steps.each.index}}, "phone": "{{steps.each.item.phone}}"}' } },
      {
        id: 'remind',
        type: 'whatsapp.send_template',
        config: {
          connectionId,
          template: 'appointment_reminder',
          to: '{{steps.each.item.phone}}',
          parameters: ['{{steps.each.item.name}}', 'Dr. Rao', '{{steps.each.item.time}}', 'Main St 1'],
        },
      },
      { id: 'summary', type: 'flow.set', config: { values: { sent: '{{steps.each.succeeded}}', failed: '{{steps.each.failed}}' } } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'each' },
      { id: 'e2', source: 'each', sourceHandle: 'item', target: 'log' },
      { id: 'e3', source: 'log', target: 'remind' },
      { id: 'e4', source: 'each', sourceHandle: 'done', target: 'summary' },
    ],
  };
}

describe('loops', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let sandbox: string;
  let server: Server;
  let logUrl: string;
  let inFlight = 0;
  let mostInFlight = 0;
  const logged: Array<{ index: number; phone: string }> = [];

  beforeAll(async () => {
    // A log endpoint that answers slowly, so concurrent iterations overlap and can be counted.
    server = createServer((req, res) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        logged.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        setTimeout(() => {
          inFlight -= 1;
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        }, 15);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    logUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`;
    engine = await TestEngine.start();
    api = engine.api;
    sandbox = await api.sandbox();
    await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(logUrl).host] } });
  });
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends 100 reminders, each once, five at a time, then continues on done with every result', async () => {
    logged.length = 0;
    mostInFlight = 0;
    const flowId = await api.publish('Reminders', reminderLoop(sandbox, logUrl, 5));
    const items = customers(100);
    const posted = await api.post('/api/events', callCompletedEvent({ variables: { items } }));
    const runId = posted.body.runs.find((run: any) => run.flowId === flowId)!.runId;
    const run = await api.waitForRun(runId, undefined, 60_000);

    expect(run.status).toBe('succeeded');
    const { messages } = (await api.get(`/api/messages?runId=${runId}`)).body;
    expect(messages).toHaveLength(100);
    expect(new Set(messages.map((message: any) => message.customer))).toEqual(new Set(items.map((item) => item.phone)));
    const first = messages.find((message) => message.customer === items[0]!.phone);
    expect(first?.parameters).toEqual(['Customer 0', 'Dr. Rao', '9:00', 'Main St 1']);
    expect(logged.map((entry) => entry.index).sort((a, b) => a - b)).toEqual(items.map((_, index) => index));
    expect(mostInFlight).toBeLessThanOrEqual(5);
    expect(mostInFlight).toBeGreaterThan(1);

    const loop = stepOf(run, 'each');
    expect(loop).toMatchObject({ status: 'succeeded', handle: 'done', output: { count: 100, succeeded: 100, failed: 0 } });
    expect(loop.output.results[42]).toMatchObject({ index: 42, status: 'succeeded', item: items[42], outputs: { remind: { to: items[42]!.phone } } });
    expect(stepOf(run, 'summary').output).toEqual({ sent: '100', failed: '0' });
    // Each iteration is visible on the loop's step, with its own steps.
    expect(loop.iterations).toHaveLength(100);
    expect(loop.iterations[7]).toMatchObject({ index: 7, status: 'succeeded', item: items[7] });
    expect(loop.iterations[7].steps.map((step: any) => [step.nodeId, step.status])).toEqual([['log', 'succeeded'], ['remind', 'succeeded']]);
    expect(stepOf(run, 'remind')).toMatchObject({ status: 'succeeded', loopId: 'each', iterations: 100 });
  });

  it('reports a failing item on that item and goes on with the others', async () => {
    const flowId = await api.publish('Reminders with a bad number', reminderLoop(sandbox, logUrl, 2));
    const items = customers(4);
    items[2]!.phone = 'not a number';
    const posted = await api.post('/api/events', callCompletedEvent({ variables: { items } }));
    const runId = posted.body.runs.find((run: any) => run.flowId === flowId)!.runId;
    const run = await api.waitForRun(runId);

    expect(run.status).toBe('succeeded');
    const loop = stepOf(run, 'each');
    expect(loop.output).toMatchObject({ count: 4, succeeded: 3, failed: 1 });
    expect(loop.output.results[2]).toMatchObject({ index: 2, status: 'failed', error: { code: 'INVALID_PHONE', retryable: false } });
    expect(loop.iterations[2].status).toBe('failed');
    expect(loop.iterations[2].steps[1]).toMatchObject({ nodeId: 'remind', status: 'failed', error: { code: 'INVALID_PHONE' } });
    expect(stepOf(run, 'summary').output).toEqual({ sent: '3', failed: '1' });
    expect((await api.get(`/api/messages?runId=${runId}`)).body.messages).toHaveLength(3);
  });

  it('goes straight to done over an empty list', async () => {
    const flowId = await api.publish('Nothing to remind', reminderLoop(sandbox, logUrl, 5));
    const posted = await api.post('/api/events', callCompletedEvent({ variables: { items: [] } }));
    const run = await api.waitForRun(posted.body.runs.find((entry: any) => entry.flowId === flowId)!.runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'each')).toMatchObject({ handle: 'done', output: { count: 0, results: [] }, iterations: [] });
    expect(stepOf(run, 'remind').status).toBe('skipped');
    expect(stepOf(run, 'summary').output).toEqual({ sent: '0', failed: '0' });
  });

  it('refuses to publish a loop body that a step outside the loop also leads into', async () => {
    const graph = reminderLoop(sandbox, logUrl, 1);
    graph.edges.push({ id: 'e5', source: 'call', target: 'remind' });
    const { body } = await api.post('/api/flows/validate', { graph });
    expect(body.valid).toBe(false);
    expect(body.problems).toContainEqual(expect.objectContaining({ nodeId: 'remind', message: expect.stringContaining('once per item of the loop each') }));
  });

  it('picks a loop up where it was when its queue was lost: no item twice, none left out', async () => {
    const flowId = await api.publish('Reminders after a lost queue', reminderLoop(sandbox, logUrl, 2));
    const [{ workspace_id: workspaceId }] = await engine.environment.sql<{ workspace_id: string }>('SELECT workspace_id FROM flows WHERE id = $1', [flowId]);
    const [flow] = await engine.engine.app.get(FlowRegistry).publishedFor(workspaceId!, 'call.completed');
    const store = engine.engine.app.get(PgExecutionStore);
    const items = customers(5);
    const event = callCompletedEvent({ variables: { items } });
    const runId = randomUUID();
    await store.ingest(
      { id: randomUUID(), workspaceId: workspaceId!, type: event.type, source: 'api', externalId: event.id, occurredAt: event.occurredAt, data: event.data },
      [{ id: runId, workspaceId: workspaceId!, createdAt: new Date().toISOString(), flowId, versionId: flow!.id, isTest: false, remaining: flow!.reachableCount - 1, trigger: { nodeId: 'call', nodeType: 'call.completed', output: event.data } }],
    );
    // As Postgres holds it when the queue went away: the loop waits, item 0 is done, item 1 has logged but not sent.
    const at = new Date().toISOString();
    const step = (nodeId: string, scope: string, status: string, output: unknown, nodeType: string) => store.writeStep({ runId, nodeId, scope, nodeType, status: status as 'succeeded', attempt: 1, output, handle: status === 'succeeded' ? 'default' : undefined, startedAt: at, finishedAt: status === 'succeeded' ? at : undefined });
    await step('each', '', 'waiting', { items, count: 5, concurrency: 2 }, 'flow.loop');
    await step('log', '0', 'succeeded', { status: 200 }, 'http.request');
    await step('remind', '0', 'succeeded', { to: items[0]!.phone }, 'whatsapp.send_template');
    await step('each', '0', 'succeeded', { index: 0, failed: false }, 'flow.loop');
    await step('log', '1', 'succeeded', { status: 200 }, 'http.request');
    logged.length = 0;

    // The sweep finds the run stalled and queues the loop's step, which catches up.
    const run = await api.waitForRun(runId, undefined, 20_000);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'each').output).toMatchObject({ count: 5, succeeded: 5, failed: 0 });
    expect(logged.map((entry) => entry.index).sort()).toEqual([2, 3, 4]);
    const sent = (await api.get(`/api/messages?runId=${runId}`)).body.messages.map((message: any) => message.customer).sort();
    expect(sent).toEqual(items.slice(1).map((item) => item.phone));
  });
});
