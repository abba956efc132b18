import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/** A span as an OTLP/HTTP JSON export carries it (ids in hex), attributes flattened. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  startTimeUnixNano: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
type OtlpAttribute = { key: string; value: OtlpValue };

function flatten(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.boolValue ?? value.doubleValue))]));
}

/** A collector's OTLP/HTTP traces endpoint: takes `POST /v1/traces` (JSON) and keeps the spans. */
async function startCollector(): Promise<{ server: Server; url: string; spans: ReceivedSpan[]; contentTypes: string[] }> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return res.writeHead(404).end();
      contentTypes.push(String(req.headers['content-type']));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{ resource?: { attributes?: OtlpAttribute[] }; scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'attributes' | 'resource'> & { attributes?: OtlpAttribute[] }> }> }>;
      };
      for (const resourceSpans of body.resourceSpans) {
        const resource = flatten(resourceSpans.resource?.attributes);
        for (const scope of resourceSpans.scopeSpans) {
          for (const span of scope.spans) spans.push({ ...span, parentSpanId: span.parentSpanId ?? '', attributes: flatten(span.attributes), resource });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, contentTypes };
}

describe('tracing (OpenTelemetry, OTLP over HTTP)', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let target: Server;
  let targetUrl: string;
  const calls: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    collector = await startCollector();
    target = createServer((req, res) => {
      calls.push({ path: req.url!, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    // Exports every 50 ms, so the test can wait for a run's spans instead of for the shutdown.
    engine = await TestEngine.start({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'switchboard-test', OTEL_BSP_SCHEDULE_DELAY: '50' } });
    api = engine.api;
  });
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => target?.close(resolve));
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  /** Posts an event with these headers; returns its first run once it finished. */
  const postEvent = async (headers: Record<string, string>) => {
    const response = await fetch(`${api.baseUrl}/api/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(callCompletedEvent()),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { eventId: string; runs: Array<{ runId: string }> };
    return api.waitForRun(body.runs[0]!.runId);
  };

  /** The spans the collector received for a run: waits (a bounded poll) until the run's span and `count` spans of the trace are there. */
  const spansOfRun = async (runId: string, count: number): Promise<ReceivedSpan[]> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const run = collector.spans.find((span) => span.name === 'run' && span.attributes['switchboard.run.id'] === runId);
      const trace = run ? collector.spans.filter((span) => span.traceId === run.traceId) : [];
      if (trace.length >= count || Date.now() > deadline) return trace;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it("exports the event's, the run's and each step's span in the caller's trace, and http.request passes the step's traceparent on", async () => {
    await api.publish('Traced', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config: { url: `${targetUrl}/leads` } },
        { id: 'note', type: 'flow.set', config: { values: { done: 'yes' } } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'http' },
        { id: 'e2', source: 'http', target: 'note' },
      ],
    });
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const run = await postEvent({ traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate: 'vendor=abc' });
    expect(run.status).toBe('succeeded');

    const spans = await spansOfRun(run.id, 4);
    expect(spans.every((span) => span.traceId === traceId)).toBe(true);
    const event = spans.find((span) => span.name === 'event call.completed');
    const runSpan = spans.find((span) => span.name === 'run');
    const http = spans.find((span) => span.name === 'step http.request');
    const note = spans.find((span) => span.name === 'step flow.set');
    expect(event, JSON.stringify(spans)).toBeDefined();
    expect(runSpan).toBeDefined();
    expect(http).toBeDefined();
    expect(note).toBeDefined();

    // The links: caller → event → run → steps.
    expect(event!.parentSpanId).toBe(callerSpanId);
    expect(runSpan!.parentSpanId).toBe(event!.spanId);
    expect(http!.parentSpanId).toBe(runSpan!.spanId);
    expect(note!.parentSpanId).toBe(runSpan!.spanId);
    // The run's span starts when the run was created, before its steps.
    expect(BigInt(runSpan!.startTimeUnixNano)).toBeLessThanOrEqual(BigInt(http!.startTimeUnixNano));

    expect(event!.attributes).toMatchObject({ 'switchboard.event.type': 'call.completed', 'switchboard.event.source': 'api', 'switchboard.event.duplicate': false, 'switchboard.event.runs': 1 });
    expect(runSpan!.attributes).toMatchObject({ 'switchboard.run.id': run.id, 'switchboard.flow.id': run.flowId, 'switchboard.run.status': 'succeeded' });
    expect(http!.attributes).toMatchObject({
      'switchboard.workspace.id': runSpan!.attributes['switchboard.workspace.id'],
      'switchboard.flow.id': run.flowId,
      'switchboard.run.id': run.id,
      'switchboard.node.id': 'http',
      'switchboard.node.type': 'http.request',
      'switchboard.step.status': 'succeeded',
    });
    expect(typeof http!.attributes['switchboard.workspace.id']).toBe('string');
    expect(http!.resource).toMatchObject({ 'service.name': 'switchboard-test', 'switchboard.role': 'all' });
    expect(collector.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);

    // The called service continues the step's span (and the caller's tracestate).
    const call = calls.find((received) => received.headers.traceparent?.includes(traceId));
    expect(call?.headers.traceparent).toBe(`00-${traceId}-${http!.spanId}-01`);
    expect(call?.headers.tracestate).toBe('vendor=abc');

    // The run keeps its trace context: its span's ids, whichever process ends it.
    const [stored] = await engine.environment.sql<{ trace_context: { traceparent: string; parentSpanId: string } }>('SELECT trace_context FROM runs WHERE id = $1', [run.id]);
    expect(stored!.trace_context).toMatchObject({ traceparent: `00-${traceId}-${runSpan!.spanId}-01`, parentSpanId: event!.spanId });
  });

  it('a failed step marks its span and the run span with the error code; a traceparent the flow sets itself is kept', async () => {
    const own = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    await api.publish('Traced failure', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'mine', type: 'http.request', config: { url: `${targetUrl}/own`, headers: { traceparent: own } } },
        { id: 'bad', type: 'http.request', config: { url: 'not a url' } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'mine' },
        { id: 'e2', source: 'mine', target: 'bad' },
      ],
    });
    const traceId = randomBytes(16).toString('hex');
    const run = await postEvent({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(run.status).toBe('failed');
    expect(calls.find((received) => received.path === '/own')?.headers.traceparent).toBe(own);

    const spans = await spansOfRun(run.id, 4);
    const runSpan = spans.find((span) => span.name === 'run');
    const bad = spans.find((span) => span.name === 'step http.request' && span.attributes['switchboard.node.id'] === 'bad');
    expect(runSpan?.attributes).toMatchObject({ 'switchboard.run.status': 'failed', 'switchboard.error.code': 'CONFIG_INVALID' });
    expect(bad?.attributes).toMatchObject({ 'switchboard.step.status': 'failed', 'switchboard.error.code': 'CONFIG_INVALID' });
    expect(bad?.parentSpanId).toBe(runSpan?.spanId);

    // Retried, the run ends a second time: a second run span, with an id of its own, under the same event.
    expect((await api.post(`/api/runs/${run.id}/retry`)).status).toBe(200);
    await api.waitForRun(run.id, (again) => again.status === 'failed' && again.finishedAt !== run.finishedAt);
    const after = await spansOfRun(run.id, 6);
    const runSpans = after.filter((span) => span.name === 'run');
    expect(runSpans).toHaveLength(2);
    expect(runSpans[1]!.spanId).not.toBe(runSpans[0]!.spanId);
    expect(runSpans[1]!.parentSpanId).toBe(runSpans[0]!.parentSpanId);
    const retried = after.filter((span) => span.attributes['switchboard.node.id'] === 'bad').map((span) => span.parentSpanId);
    expect(retried).toEqual([runSpans[0]!.spanId, runSpans[1]!.spanId]);
  });

  it('an invalid traceparent is ignored: the event is accepted and starts a trace of its own', async () => {
    await api.publish('Traced, no caller', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { done: 'yes' } } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'note' }],
    });
    const run = await postEvent({ traceparent: '00-not-a-trace-01', tracestate: 'not=valid=state' });
    expect(run.status).toBe('succeeded');
    const spans = await spansOfRun(run.id, 3);
    const event = spans.find((span) => span.name === 'event call.completed');
    expect(event).toBeDefined();
    expect(event!.parentSpanId).toBe('');
    expect(event!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.find((span) => span.name === 'step flow.set')?.parentSpanId).toBe(spans.find((span) => span.name === 'run')?.spanId);
  });

  it("continues the caller's trace from an in-call function's invoke and from an inbound webhook", async () => {
    await api.publish('Traced function', {
      nodes: [
        { id: 'fn', type: 'call.function', config: { name: 'note_it', description: 'Notes it', parameters: { type: 'object', properties: {} } } },
        { id: 'note', type: 'flow.set', config: { values: { done: 'yes' } } },
      ],
      edges: [{ id: 'e1', source: 'fn', target: 'note' }],
    });
    await api.publish('Traced webhook', {
      nodes: [
        { id: 'hook', type: 'webhook.received', config: { path: 'traced-hook' } },
        { id: 'note', type: 'flow.set', config: { values: { done: 'yes' } } },
      ],
      edges: [{ id: 'e1', source: 'hook', target: 'note' }],
    });
    const token = (await api.get('/api/workspace')).body.webhookToken;
    for (const [kind, url, headers] of [
      ['function', `${api.baseUrl}/api/functions/note_it/invoke`, { authorization: `Bearer ${api.apiKey}` }],
      ['webhook', `${api.baseUrl}/webhooks/in/${token}/traced-hook`, {}],
    ] as const) {
      const traceId = randomBytes(16).toString('hex');
      const callerSpanId = randomBytes(8).toString('hex');
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpanId}-01` },
        body: JSON.stringify(kind === 'function' ? { callId: `call-${traceId}`, arguments: {} } : { hello: 'there' }),
      });
      expect(response.status, kind).toBeLessThan(300);
      const runId = response.headers.get('x-run-id') ?? ((await response.json()) as { runs: Array<{ runId: string }> }).runs[0]!.runId;
      await api.waitForRun(runId);
      const spans = await spansOfRun(runId, 3);
      const event = spans.find((span) => span.name.startsWith('event '));
      expect(event, kind).toMatchObject({ traceId, parentSpanId: callerSpanId });
      expect(spans.find((span) => span.name === 'run')?.parentSpanId, kind).toBe(event!.spanId);
    }
  });
});
