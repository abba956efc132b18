import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepError } from '@switchboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundPolicy } from '../outbound/outbound-policy';
import { mayHaveArrived, requestJson as policyRequest, safeUrl, type JsonRequest } from './http';

// A plain local server: one route answers JSON, one text, one never answers.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url?.startsWith('/hang')) return;
      // Read the request, then drop the connection without an answer.
      if (req.url === '/reset') return req.socket.destroy();
      if (req.url === '/same-origin') return res.writeHead(307, { location: '/echo' }).end();
      if (req.url === '/elsewhere') return res.writeHead(307, { location: `http://localhost:${(server.address() as AddressInfo).port}/echo` }).end();
      if (req.url === '/text') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json', 'x-echo': 'yes' });
      res.end(JSON.stringify({ method: req.method, contentType: req.headers['content-type'] ?? null, received: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await policy.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// The operator allows 127.0.0.1 (OUTBOUND_ALLOW); `localhost` is not allowed by name.
const policy = new OutboundPolicy(['127.0.0.1']);

function requestJson(request: Omit<JsonRequest, 'outbound'> & { outbound?: JsonRequest['outbound'] }) {
  return policyRequest({ outbound: policy.operator(), ...request });
}

async function failure(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

describe('requestJson', () => {
  it('sends JSON and returns status, lower-case headers and the parsed body', async () => {
    const response = await requestJson({ service: 'Test', method: 'POST', url: `${base}/echo`, json: { a: 1 } });
    expect(response.status).toBe(201);
    expect(response.headers['x-echo']).toBe('yes');
    expect(response.body).toEqual({ method: 'POST', contentType: 'application/json', received: '{"a":1}' });
  });

  it('returns a non-JSON body as text and does not throw on an error status', async () => {
    const response = await requestJson({ service: 'Test', method: 'GET', url: `${base}/text` });
    expect(response).toMatchObject({ status: 502, body: '<h1>Bad gateway</h1>' });
  });

  it('turns a server that never answers into a retryable TIMEOUT without the query string', async () => {
    const error = await failure(requestJson({ service: 'Test', method: 'GET', url: `${base}/hang?access_token=SECRET`, timeoutMs: 150 }));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(error.message).toContain('Test did not answer within 150 ms');
    expect(error.message).not.toContain('SECRET');
    // The request was written: the provider may have taken it.
    expect(mayHaveArrived(error)).toBe(true);
  });

  it('says a request may have arrived when the connection broke after it was written', async () => {
    const error = await failure(requestJson({ service: 'Test', method: 'POST', url: `${base}/reset`, json: { a: 1 } }));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(mayHaveArrived(error)).toBe(true);
  });

  it('turns a refused connection into a retryable NETWORK error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(requestJson({ service: 'Test', method: 'GET', url: `http://127.0.0.1:${port}/x` }));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(error.message).toContain('connection refused');
    // Never connected: safe to send again.
    expect(mayHaveArrived(error)).toBe(false);
  });

  it('refuses a malformed URL as a permanent CONFIG_INVALID', async () => {
    const error = await failure(requestJson({ service: 'Test', method: 'GET', url: 'not a url' }));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
  });

  it('refuses loopback unless the host is allowed, before anything is sent', async () => {
    const strictPolicy = new OutboundPolicy([]);
    const strict = await strictPolicy.forWorkspace('w');
    await strictPolicy.close();
    const refused = await failure(requestJson({ service: 'Test', method: 'POST', url: `${base}/echo`, json: { a: 1 }, outbound: strict }));
    expect(refused).toMatchObject({ code: 'URL_NOT_ALLOWED', retryable: false });
    expect(refused.message).toContain('OUTBOUND_ALLOW');
    expect(mayHaveArrived(refused)).toBe(false);
    const allowed = await policy.forWorkspace('w');
    expect((await requestJson({ service: 'Test', method: 'POST', url: `${base}/echo`, json: { a: 1 }, outbound: allowed })).status).toBe(201);
    // localhost resolves to loopback and is not allowed by name: refused in the socket's lookup.
    const byName = await failure(requestJson({ service: 'Test', method: 'GET', url: base.replace('127.0.0.1', 'localhost'), outbound: allowed }));
    expect(byName.code).toBe('URL_NOT_ALLOWED');
  });

  it('follows a same-origin redirect and refuses one to another origin (it would carry the secret)', async () => {
    const followed = await requestJson({ service: 'Test', method: 'POST', url: `${base}/same-origin`, json: { a: 2 } });
    expect(followed).toMatchObject({ status: 201, body: { method: 'POST', received: '{"a":2}' } });
    const error = await failure(requestJson({ service: 'Test', method: 'GET', url: `${base}/elsewhere`, headers: { authorization: 'Bearer secret' } }));
    expect(error).toMatchObject({ code: 'URL_NOT_ALLOWED', retryable: false });
    expect(error.message).toContain('another origin');
  });

  it('safeUrl drops query and credentials', () => {
    expect(safeUrl('https://user:pw@graph.example.com/v23.0/1/message_templates?access_token=abc#x')).toBe('https://graph.example.com/v23.0/1/message_templates');
  });
});
