import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { metaMessagesPayload, metaSignature, postWebhook } from '../testing/meta-webhook';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const stepOf = (run: any, nodeId: string) => run.steps.find((step: any) => step.nodeId === nodeId);

/** A server that records every request's headers (where a leaked secret would show). */
async function recorder(): Promise<{ url: string; seen: string[]; close(): Promise<void>; server: Server }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(JSON.stringify(request.headers));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"choices":[{"message":{"content":"ok"}}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('workspaces stay apart and hostile input is refused', () => {
  let engine: TestEngine;
  let api: ApiClient;

  beforeAll(async () => {
    // A low public-route rate, so a flood of this machine's speed meets it.
    engine = await TestEngine.start({ env: { METRICS_TOKEN: 'metrics-token-0123456789', RATE_LIMIT_PER_SECOND: '20', RATE_LIMIT_BURST: '40' } });
    api = engine.api;
  });
  afterAll(() => engine?.stop());

  it("never lets a run wait on another workspace's sender, even through a templated id", async () => {
    const other = await engine.otherWorkspace();
    const theirs = await other.sandbox('Their sender');
    const listener = await other.publish('Their inbound', {
      nodes: [
        { id: 'inbound', type: 'whatsapp.message_received', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { text: '{{trigger.text}}' } } },
      ],
      edges: [{ id: 'e1', source: 'inbound', target: 'note' }],
    });
    await api.publish('Capture their replies', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId: '{{trigger.variables.conn}}', from: '{{trigger.customer.phone}}', timeoutMinutes: 60 } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'wait' }],
    });
    const posted = await api.post('/api/events', callCompletedEvent({ phone: '+14155550401', variables: { conn: theirs } }));
    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('failed');
    expect(stepOf(run, 'wait').error.code).toBe('CONNECTION_NOT_FOUND');

    // Their customer's reply reaches their own flow.
    const inbound = await other.post(`/api/sandbox/${theirs}/inbound`, { from: '+14155550401', text: 'for my own business' });
    expect(inbound.status).toBeLessThan(300);
    await expect.poll(async () => (await other.get(`/api/runs?flowId=${listener}`)).body.runs.length, { timeout: 10_000 }).toBe(1);
  });

  it('keeps stored secrets from a base URL or host they were not entered for', async () => {
    const server = await recorder();
    try {
      const meta = await api.post('/api/connections', {
        name: 'Meta',
        provider: 'whatsapp.meta',
        config: { accessToken: 'stored-meta-token', phoneNumberId: '1234', wabaId: '5678', appSecret: 'stored-app-secret', verifyToken: 'stored-verify', baseUrl: 'http://127.0.0.1:9' },
      });
      expect(meta.status).toBe(201);
      const moved = await api.request('PATCH', `/api/connections/${meta.body.id}`, { config: { baseUrl: server.url } });
      expect(moved.status).toBe(400);
      expect(moved.body.error.details.map((detail: any) => detail.field).sort()).toEqual(['config.accessToken', 'config.appSecret', 'config.verifyToken']);
      await api.post(`/api/connections/${meta.body.id}/templates/sync`);
      expect((await api.get(`/api/connections/${meta.body.id}`)).body.config.baseUrl).toBe('http://127.0.0.1:9');

      const ai = await api.post('/api/connections', { name: 'Model', provider: 'ai.openai_compatible', config: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'stored-ai-key', model: 'm' } });
      expect((await api.request('PATCH', `/api/connections/${ai.body.id}`, { config: { baseUrl: `${server.url}/v1` } })).status).toBe(400);
      await api.post(`/api/connections/${ai.body.id}/test`);
      const smtp = await api.post('/api/connections', { name: 'Mail', provider: 'smtp', config: { host: '127.0.0.1', port: 9, user: 'u', password: 'stored-smtp-password', from: 'a@example.com' } });
      const smtpMoved = await api.request('PATCH', `/api/connections/${smtp.body.id}`, { config: { host: 'mail.example.net' } });
      expect(smtpMoved.status).toBe(400);
      expect(smtpMoved.body.error.details).toEqual([{ field: 'config.password', message: expect.stringContaining('give password again') }]);

      // Given again with the new place, the new secret goes there — never the stored one.
      const renewed = await api.request('PATCH', `/api/connections/${ai.body.id}`, { config: { baseUrl: `${server.url}/v1`, apiKey: 'new-ai-key' } });
      expect(renewed.status).toBe(200);
      await api.post(`/api/connections/${ai.body.id}/test`);
      expect(server.seen.join('\n')).toContain('new-ai-key');
      expect(server.seen.join('\n')).not.toMatch(/stored-/);
      // A change that does not move the secrets keeps them.
      expect((await api.request('PATCH', `/api/connections/${meta.body.id}`, { config: { sendRatePerSecond: 20 } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('answers 400 naming the field for NUL bytes, lone surrogates, prototype keys, deep nesting, unknown providers and forged cursors', async () => {
    const raw = async (path: string, body: string) => {
      const response = await fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': 'application/json' }, body });
      return { status: response.status, body: (await response.json()) as any };
    };
    const flow = { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] };
    const nul = await raw('/api/flows', JSON.stringify({ name: 'bad\u0000name', graph: flow }));
    expect(nul).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'name' }] } } });
    const surrogate = await raw('/api/flows', `{"name":"half \\ud83d emoji","graph":${JSON.stringify(flow)}}`);
    expect(surrogate).toMatchObject({ status: 400, body: { error: { details: [{ field: 'name' }] } } });
    const proto = await raw('/api/flows', `{"name":"x","graph":{"nodes":[],"edges":[],"__proto__":{"polluted":true}}}`);
    expect(proto).toMatchObject({ status: 400, body: { error: { details: [{ field: 'graph.__proto__' }] } } });
    const deep = await raw('/api/events', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(deep.status).toBe(400);
    const constructor = await api.post('/api/connections', { name: 'x', provider: 'constructor', config: {} });
    expect(constructor).toMatchObject({ status: 400, body: { error: { details: [{ field: 'provider' }] } } });
    const forged = Buffer.from(JSON.stringify(['yesterday', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    expect((await api.get(`/api/runs?cursor=${forged}`)).status).toBe(400);
    const inbound = await raw(`/api/sandbox/${await api.sandbox('Hostile')}/inbound`, JSON.stringify({ from: '+14155550402', text: 'nul \u0000 here' }));
    expect(inbound).toMatchObject({ status: 400, body: { error: { details: [{ field: 'text' }] } } });
    const noData = await api.request('POST', '/api/events', { type: 'call.completed', id: 'no-data' });
    expect(noData).toMatchObject({ status: 400, body: { error: { details: [{ field: 'data' }] } } });
    // Nothing of it was stored, and the engine still serves.
    expect((await engine.environment.sql(`SELECT id FROM flows WHERE name LIKE 'bad%' OR name LIKE 'half%'`)).length).toBe(0);
    expect((await api.get('/api/flows')).status).toBe(200);
  });

  it('guards /metrics with its token and sends security headers', async () => {
    expect((await fetch(`${api.baseUrl}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${api.baseUrl}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_cpu');
    expect((await fetch(`${api.baseUrl}/api/flows`, { headers: { authorization: `Bearer ${api.apiKey}` } })).headers.get('x-content-type-options')).toBe('nosniff');
    // The editor's page (pnpm test builds it first) may not be framed elsewhere.
    const page = await fetch(`${api.baseUrl}/flows`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it("keeps event ids apart by source: a webhook's Idempotency-Key cannot claim a call's id", async () => {
    const hook = await api.publish('Id squatter', {
      nodes: [
        { id: 'hook', type: 'webhook.received', config: { path: 'squat' } },
        { id: 'note', type: 'flow.set', config: { values: { got: 'it' } } },
      ],
      edges: [{ id: 'e1', source: 'hook', target: 'note' }],
    });
    const calls = await api.publish('Calls', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { call: '{{trigger.call.id}}' } } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'note' }],
    });
    const squat = await fetch(`${api.baseUrl}/webhooks/in/squat`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'call-123' }, body: '{}' });
    expect(squat.status).toBe(202);
    const call = await api.post('/api/events', callCompletedEvent({ id: 'call-123' }));
    expect(call.status).toBe(202);
    expect(call.body).toMatchObject({ eventId: 'call-123', runs: expect.arrayContaining([expect.objectContaining({ flowId: calls })]) });
    expect(call.body).not.toHaveProperty('duplicate');
    await api.post(`/api/flows/${hook}/unpublish`);
    await api.post(`/api/flows/${calls}/unpublish`);
  });

  it('answers 429 with Retry-After to a flood from one address, and never 5xx', async () => {
    await api.publish('Flooded hook', {
      nodes: [
        { id: 'hook', type: 'webhook.received', config: { path: 'flood' } },
        { id: 'note', type: 'flow.set', config: { values: { n: '{{trigger.body.n}}' } } },
      ],
      edges: [{ id: 'e1', source: 'hook', target: 'note' }],
    });
    const statuses: number[] = [];
    const retryAfter = new Set<string | null>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        while (next < 1000) {
          const n = next++;
          const response = await fetch(`${api.baseUrl}/webhooks/in/flood`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
          statuses.push(response.status);
          if (response.status === 429) retryAfter.add(response.headers.get('retry-after'));
          await response.arrayBuffer();
        }
      }),
    );
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 202).length).toBeGreaterThan(0);
    expect([...retryAfter].every((value) => Number(value) >= 1)).toBe(true);

    // Guessing keys: past the failures an address may make, 429 instead of 401.
    const guesses: number[] = [];
    for (let i = 0; i < 60; i++) guesses.push((await api.withKey(`sb_guess_${i}`).get('/api/flows')).status);
    expect(guesses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(guesses).toContain(429);
    expect((await api.get('/api/flows')).status).toBe(200);
  });

  it("stores a provider's message that carries a NUL byte, instead of failing its delivery for ever", async () => {
    const connection = await api.post('/api/connections', {
      name: 'Meta inbound',
      provider: 'whatsapp.meta',
      config: { accessToken: 't', phoneNumberId: '4321', wabaId: '8765', appSecret: 'app-secret', verifyToken: 'v', baseUrl: 'http://127.0.0.1:9' },
    });
    const body = JSON.stringify(metaMessagesPayload('4321', [{ id: 'wamid.nul-1', from: '+14155550403', text: 'before\u0000after \ud83d' }]));
    expect((await postWebhook(api.baseUrl, connection.body.id, body, { 'x-hub-signature-256': metaSignature(body, 'app-secret') })).status).toBe(200);
    await expect
      .poll(async () => (await engine.environment.sql<{ body: string }>(`SELECT body FROM messages WHERE provider_message_id = 'wamid.nul-1'`))[0]?.body, { timeout: 10_000 })
      .toBe('before\uFFFDafter \uFFFD');
  });
});
