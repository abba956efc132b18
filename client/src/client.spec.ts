import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardApiError, SwitchboardClient, SwitchboardContractError } from './index';

/** What the server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Seen, response: ServerResponse) => void;

/**
 * A local HTTP server speaking the API's format: each test says how it answers, and reads what
 * the client sent. Real sockets and the real global fetch, nothing mocked.
 */
describe('SwitchboardClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const seen: Seen[] = [];

  const answer = (response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, { ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8' }), ...headers });
    response.end(text);
  };

  /** A run as the contract describes it (RunView). */
  const run = {
    id: '6a0d7b2e-1f43-4c55-9a8e-3c1b2d4e5f60',
    flowId: '7b1e8c3f-2a54-4d66-8b9f-4d2c3e5f6a71',
    flowVersionId: '8c2f9d40-3b65-4e77-9ca0-5e3d4f6a7b82',
    status: 'succeeded',
    isTest: false,
    customer: { phone: '+14155551234', name: 'Alex' },
    summary: 'Call to Alex, connected, 2:05',
    replayOf: null,
    error: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    startedAt: '2026-11-25T10:00:00.000Z',
    finishedAt: '2026-11-25T10:00:01.000Z',
    durationMs: 1000,
    flowName: 'Follow up',
    version: 1,
    event: { id: 'evt-1', type: 'call.completed' },
    replays: [],
    steps: [],
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const one = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        seen.push(one);
        handler(one, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const client = (options: { validateResponses?: boolean; apiKey?: string | null } = {}) =>
    new SwitchboardClient({ baseUrl: `${baseUrl}/`, apiKey: options.apiKey === undefined ? 'sb_key' : options.apiKey, validateResponses: options.validateResponses });

  it('sends the API key as a Bearer token and fills the path parameters, URL-encoded', async () => {
    handler = (_, response) => answer(response, 200, { phone: '+14155551234', messages: 0, conversations: 0, aiMemories: 0, runs: 0, optedOut: false });
    await client().contacts.erase('+14155551234');
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/api/contacts/%2B14155551234' });
    expect(seen[0]!.headers.authorization).toBe('Bearer sb_key');
    await client({ apiKey: null }).request('GET /api/flows/:id/versions/:version', { params: { id: 'a/b', version: '2' } }).catch(() => undefined);
    expect(seen[1]!.url).toBe('/api/flows/a%2Fb/versions/2');
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });

  it('encodes a query: undefined left out, numbers and lists as text', async () => {
    handler = (_, response) => answer(response, 200, { runs: [], nextCursor: null });
    await client().runs.list({ status: 'failed', limit: 20, flowId: undefined });
    expect(seen[0]!.url).toBe('/api/runs?status=failed&limit=20');
    await client().runs.list();
    expect(seen[1]!.url).toBe('/api/runs');
    await client().request('GET /api/messages', { query: { conversationId: 'c 1&x=2' } }).catch(() => undefined);
    expect(new URL(seen[2]!.url, baseUrl).searchParams.get('conversationId')).toBe('c 1&x=2');
  });

  it('throws the error envelope as SwitchboardApiError with its code, message, details and status', async () => {
    const details = [{ field: 'data', message: 'data is required' }];
    handler = (_, response) => answer(response, 400, { error: { code: 'INVALID_INPUT', message: 'The event is not valid', details } });
    const error = await client().events.send({ type: 'call.completed', data: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SwitchboardApiError);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_INPUT', message: 'The event is not valid', details, operation: 'POST /api/events' });

    handler = (_, response) => answer(response, 429, { error: { code: 'RATE_LIMITED', message: 'Slow down' } }, { 'retry-after': '3' });
    await expect(client().runs.get(run.id)).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: 3 });

    // Not the envelope (a proxy's page): still a SwitchboardApiError, with what came back.
    handler = (_, response) => answer(response, 502, '<html>Bad gateway</html>');
    await expect(client().runs.get(run.id)).rejects.toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE', details: '<html>Bad gateway</html>' });
  });

  it('sends the idempotency key: as the event id for an event, as the Idempotency-Key header for a function call', async () => {
    handler = (_, response) => answer(response, 202, { eventId: 'call-77', runs: [{ runId: run.id, flowId: run.flowId }] });
    const accepted = await client().events.send({ type: 'call.completed', data: { call: { id: 'call-77' } } }, { idempotencyKey: 'call-77' });
    expect(JSON.parse(seen[0]!.body)).toEqual({ type: 'call.completed', data: { call: { id: 'call-77' } }, id: 'call-77' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(accepted.runs[0]!.runId).toBe(run.id);

    handler = (_, response) => answer(response, 200, { slots: ['10:00'] }, { 'x-run-id': run.id });
    const invoked = await client().functions.invoke('book_slot', { callId: 'call-77', arguments: { day: 'monday' } }, { idempotencyKey: 'call-77:book_slot:1' });
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/api/functions/book_slot/invoke' });
    expect(seen[1]!.headers['idempotency-key']).toBe('call-77:book_slot:1');
    expect(invoked).toMatchObject({ status: 200, body: { slots: ['10:00'] }, runId: run.id });

    // A text answer comes back as text.
    handler = (_, response) => answer(response, 200, 'Booked for Monday', { 'x-run-id': run.id });
    expect((await client().functions.invoke('book_slot', { callId: 'call-78' })).body).toBe('Booked for Monday');
    expect(seen[2]!.headers['idempotency-key']).toBeUndefined();
  });

  it('checks answers against the contract when asked to, and only then', async () => {
    handler = (_, response) => answer(response, 200, run);
    expect((await client({ validateResponses: true }).runs.get(run.id)).status).toBe('succeeded');

    // A field the contract does not name, a wrong type: the engine and the client disagree.
    handler = (_, response) => answer(response, 200, { ...run, status: 'exploded', secret: 'x' });
    const error = await client({ validateResponses: true }).runs.get(run.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SwitchboardContractError);
    expect((error as SwitchboardContractError).problems.join('\n')).toMatch(/status/);
    expect((error as SwitchboardContractError).problems.join('\n')).toMatch(/secret/);
    // Off (the default), the body is handed over as it came.
    expect(await client().runs.get(run.id)).toMatchObject({ status: 'exploded' });

    // A status the operation does not document, and an error that is not the envelope.
    handler = (_, response) => answer(response, 201, run);
    await expect(client({ validateResponses: true }).runs.get(run.id)).rejects.toThrow(/no answer is documented for 201/);
    handler = (_, response) => answer(response, 404, { message: 'not found' });
    await expect(client({ validateResponses: true }).runs.get(run.id)).rejects.toBeInstanceOf(SwitchboardContractError);
    // 204 has no body, and a deleted flow answers undefined.
    handler = (_, response) => answer(response, 204);
    expect(await client({ validateResponses: true }).flows.remove(run.flowId)).toBeUndefined();
  });

  it('answers any status through send, and sends anything through fetchRaw', async () => {
    handler = (_, response) => answer(response, 404, { error: { code: 'NOT_FOUND', message: 'Run x not found' } });
    const missing = await client().send('GET /api/runs/:id', { params: { id: 'x' } });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    handler = (_, response) => answer(response, 400, { error: { code: 'INVALID_INPUT', message: 'Body is not JSON' } });
    const hostile = await client().fetchRaw('POST', '/api/events', '{"type":', { 'content-type': 'application/json' });
    expect(seen[1]!.body).toBe('{"type":');
    expect(hostile.status).toBe(400);
  });
});
