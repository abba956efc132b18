import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('the HTTP request node', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let server: Server;
  let base: string;
  const received: Received[] = [];
  let failNext = 0;
  let slowNext = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const port = (server.address() as AddressInfo).port;
        if (req.url === '/slow-once' && slowNext > 0) {
          // Takes the request, then answers after the caller gave up.
          slowNext -= 1;
          setTimeout(() => res.writeHead(201, { 'content-type': 'application/json' }).end('{"created":true}'), 1000);
        } else if (req.url === '/flaky' && failNext > 0) {
          failNext -= 1;
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
        } else if (req.url === '/missing') res.writeHead(404, { 'content-type': 'text/plain' }).end('no such lead');
        else if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
        else if (req.url === '/to-localhost') res.writeHead(302, { location: `http://localhost:${port}/leads` }).end();
        else if (req.url === '/to-leads') res.writeHead(303, { location: '/leads' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, path: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Loopback refused unless the workspace allows it: this file tests that refusal.
    engine = await TestEngine.start({ env: { OUTBOUND_ALLOW: '' } });
    api = engine.api;
  });
  afterEach(() => api.unpublishAll());
  afterAll(async () => {
    await engine?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  const runRequest = async (config: Record<string, unknown>) => {
    const flowId = await api.publish(`HTTP ${Math.random()}`, {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'http', type: 'http.request', config },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'http' }],
    });
    const posted = await api.post('/api/events', callCompletedEvent());
    const run = await api.waitForRun(posted.body.runs[0].runId);
    await api.post(`/api/flows/${flowId}/unpublish`);
    return run;
  };

  it('refuses loopback, the metadata address and a name that resolves to a private address', async () => {
    const before = received.length;
    for (const url of [`${base}/leads`, 'http://169.254.169.254/latest/meta-data', `http://localhost:${new URL(base).port}/leads`, 'http://[::1]/x', 'file:///etc/passwd']) {
      const run = await runRequest({ url });
      expect(run.status, url).toBe('failed');
      expect(stepOf(run, 'http'), url).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'URL_NOT_ALLOWED', retryable: false } });
    }
    expect(received.length).toBe(before);
  });

  it('calls a host the workspace allows, with the rendered body, JSON answer and the idempotency key', async () => {
    const invalid = await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: ['not a host!'] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0].field).toBe('settings.httpAllowedHosts[0]');
    const allowed = await api.request('PATCH', '/api/workspace', { settings: { httpAllowedHosts: [new URL(base).host] } });
    expect(allowed.body.settings.httpAllowedHosts).toEqual([new URL(base).host]);

    const run = await runRequest({ method: 'POST', url: `${base}/leads`, headers: { 'X-Source': 'switchboard' }, body: '{"name": "{{trigger.customer.name}}", "phone": "{{customer_number}}"}' });
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'http').output).toMatchObject({ status: 200, body: { ok: true, path: '/leads' }, headers: { 'content-type': 'application/json' } });
    const request = received.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', path: '/leads' });
    expect(JSON.parse(request.body)).toEqual({ name: 'Alex', phone: '+14155551234' });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-source']).toBe('switchboard');
    expect(request.headers['idempotency-key']).toBe(`${run.id}:http:`);
  });

  it('follows redirects but re-checks every hop', async () => {
    const followed = await runRequest({ method: 'POST', url: `${base}/to-leads`, body: 'x' });
    expect(stepOf(followed, 'http').output).toMatchObject({ status: 200, body: { path: '/leads' } });
    expect(received.at(-1)).toMatchObject({ method: 'GET', path: '/leads' });
    for (const path of ['/to-metadata', '/to-localhost']) {
      const run = await runRequest({ url: `${base}${path}` });
      expect(stepOf(run, 'http'), `${path} ${JSON.stringify(stepOf(run, 'http'))}`).toMatchObject({ status: 'failed', error: { code: 'URL_NOT_ALLOWED' } });
    }
  });

  it('retries a 503 and fails a 404 at once, both as HTTP_STATUS', async () => {
    failNext = 1;
    const retried = await runRequest({ url: `${base}/flaky`, retry: { attempts: 3, backoffMs: 50 } });
    expect(stepOf(retried, 'http'), JSON.stringify(stepOf(retried, 'http'))).toMatchObject({ status: 'succeeded', attempts: 2 });
    const missing = await runRequest({ url: `${base}/missing`, retry: { attempts: 3, backoffMs: 50 } });
    expect(stepOf(missing, 'http')).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'HTTP_STATUS', retryable: false, message: `GET ${base}/missing answered 404: no such lead` } });
  });

  it('retries a POST whose answer timed out after it was written with the same Idempotency-Key, so the remote API can drop the repeat', async () => {
    slowNext = 1;
    const before = received.length;
    const run = await runRequest({ url: `${base}/slow-once`, method: 'POST', body: '{"name":"Anna"}', timeoutMs: 300, retry: { attempts: 3, backoffMs: 50 } });
    expect(stepOf(run, 'http'), JSON.stringify(stepOf(run, 'http'))).toMatchObject({ status: 'succeeded', attempts: 2 });
    const calls = received.slice(before);
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.headers['idempotency-key'])).toEqual([`${run.id}:http:`, `${run.id}:http:`]);
  });

  it('adds a secret header from an auth connection without storing it in the flow or the step', async () => {
    const auth = await api.post('/api/connections', { name: 'CRM token', provider: 'http.header', config: { value: 'Bearer crm-secret-123' } });
    expect(auth.status).toBe(201);
    const run = await runRequest({ url: `${base}/leads`, authConnectionId: auth.body.id });
    expect(run.status).toBe('succeeded');
    expect(received.at(-1)!.headers.authorization).toBe('Bearer crm-secret-123');
    expect(JSON.stringify(run)).not.toContain('crm-secret-123');
  });
});
