import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepError } from '@switchboard/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { OutboundPolicy } from '../../outbound/outbound-policy';
import type { SendOrigin } from '../whatsapp-provider';
import { HeltarProvider } from './heltar-provider';

// A local Heltar API (reference §4): records every request and answers what the test sets.
interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Reply = { status: number; body?: unknown } | 'hang';

let server: Server;
let base: string;
let requests: Recorded[];
let reply: (request: Recorded) => Reply;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
      requests.push(recorded);
      const answer = reply(recorded);
      if (answer === 'hang') return;
      if (answer.body === undefined) res.writeHead(answer.status).end();
      else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await outbound.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// The docs page's shape: keyed by number.
const docsSuccess = {
  status: 200,
  body: { success: { '919876543210': { clientWaNumber: '919876543210', message: { wamid: 'wamid.HBgMOTE5ODc2', status: 'sent' } } }, fail: {} },
};

beforeEach(() => {
  requests = [];
  reply = () => docsSuccess;
});

// Fakes listen on loopback, which the operator allows here (OUTBOUND_ALLOW).
const outbound = new OutboundPolicy(['127.0.0.1']);
const provider = new HeltarProvider({ outbound, timeoutMs: 300 });
const origin: SendOrigin = { workspaceId: 'w1', runId: 'r1', nodeId: 'notify', idempotencyKey: 'r1:notify' };
// A function: the server's port is known only once beforeAll ran.
const connection = (): ResolvedConnection => ({ id: 'c2', workspaceId: 'w1', provider: 'whatsapp.heltar', config: { apiKey: 'hk_live_abc', webhookSecret: 'hook', baseUrl: base } });
const template = { connectionId: 'c2', to: '+919876543210', template: 'order_confirmation', language: 'en' };

async function failure(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

describe('HeltarProvider sends', () => {
  it('sends a positional template as one messages[] entry without +', async () => {
    const result = await provider.sendTemplate(connection(), { ...template, parameters: ['John', 'ORD-12345'] }, origin);
    expect(result).toEqual({ providerMessageId: 'wamid.HBgMOTE5ODc2', status: 'sent' });
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/v1/messages/send' });
    expect(requests[0]?.headers.authorization).toBe('Bearer hk_live_abc');
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(requests[0]?.body).toEqual({
      messages: [
        {
          clientWaNumber: '919876543210',
          messageType: 'template',
          templateName: 'order_confirmation',
          languageCode: 'en',
          variables: [{ type: 'body', parameters: [{ type: 'text', text: 'John' }, { type: 'text', text: 'ORD-12345' }] }],
          refId: 'r1:notify',
        },
      ],
    });
  });

  it('sends named parameters with parameter_name and omits variables when there are none', async () => {
    await provider.sendTemplate(connection(), { ...template, parameters: { customer: 'John' } }, origin);
    await provider.sendTemplate(connection(), { ...template, parameters: {} }, origin);
    const first = (requests[0]?.body as { messages: { variables: unknown }[] }).messages[0];
    expect(first?.variables).toEqual([{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer', text: 'John' }] }]);
    expect(requests[1]?.body).toEqual({ messages: [{ clientWaNumber: '919876543210', messageType: 'template', templateName: 'order_confirmation', languageCode: 'en', refId: 'r1:notify' }] });
  });

  it('sends text and reads the index-keyed data.success shape', async () => {
    reply = () => ({ status: 200, body: { data: { success: { '0': { wamid: 'wamid.X1', status: 'waiting', refId: 'r1:notify' } }, fail: {} } } });
    const result = await provider.sendText(connection(), { connectionId: 'c2', to: '+919876543210', text: 'Hello! How can I help you?' }, origin);
    expect(requests[0]?.body).toEqual({ messages: [{ clientWaNumber: '919876543210', messageType: 'text', message: 'Hello! How can I help you?', refId: 'r1:notify' }] });
    expect(result).toEqual({ providerMessageId: 'wamid.X1', status: 'queued' });
  });

  it('names a queued message without wamid by the idempotency key', async () => {
    reply = () => ({ status: 200, body: { data: { success: { '0': { status: 'waiting', refId: 'r1:notify' } }, fail: {} } } });
    expect(await provider.sendText(connection(), { connectionId: 'c2', to: '+919876543210', text: 'x' }, origin)).toEqual({ providerMessageId: 'heltar.r1:notify', status: 'queued' });
  });
});

describe('HeltarProvider errors', () => {
  it('maps a 206 fail entry with Meta code 131026 to RECIPIENT_UNAVAILABLE', async () => {
    reply = () => ({ status: 206, body: { data: { success: {}, fail: { '0': { clientWaNumber: '919876543210', errorCode: 131026, errorData: { details: 'Message undeliverable' } } } } } });
    const error = await failure(provider.sendTemplate(connection(), { ...template, parameters: ['John'] }, origin));
    expect(error).toMatchObject({ code: 'RECIPIENT_UNAVAILABLE', retryable: false });
    expect(error.message).toMatch(/^Heltar reported Meta error 131026: /);
    expect(error.details).toEqual({ provider: 'heltar', httpStatus: 206, providerCode: 131026, providerMessage: 'Message undeliverable' });
  });

  it('maps a number-keyed fail entry with a template error', async () => {
    reply = () => ({ status: 400, body: { success: {}, fail: { '919876543210': { clientWaNumber: '919876543210', errorCode: '132001', errorData: 'template does not exist' } } } });
    const error = await failure(provider.sendTemplate(connection(), { ...template, parameters: [] }, origin));
    expect(error).toMatchObject({ code: 'TEMPLATE_NOT_FOUND', retryable: false });
    expect(error.message).toContain('order_confirmation (en)');
  });

  it.each([
    [401, 'Unauthorized', 'PROVIDER_AUTH', false],
    [429, 'TooManyRequests', 'RATE_LIMITED', true],
    [500, 'InternalServerError', 'PROVIDER_UNAVAILABLE', true],
    [400, 'BadRequest', 'CONFIG_INVALID', false],
  ])('maps an error body with HTTP %i (%s) to %s', async (status, errorType, code, retryable) => {
    reply = () => ({ status, body: { errorType, errorMessage: 'something is off', errorsValidation: null, errorRaw: null } });
    const error = await failure(provider.sendText(connection(), { connectionId: 'c2', to: '+919876543210', text: 'x' }, origin));
    expect(error).toMatchObject({ code, retryable, details: { provider: 'heltar', httpStatus: status, providerCode: errorType, providerMessage: 'something is off' } });
  });

  it('turns a Heltar that never answers into a retryable TIMEOUT', async () => {
    reply = () => 'hang';
    expect(await failure(provider.sendText(connection(), { connectionId: 'c2', to: '+919876543210', text: 'x' }, origin))).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });
});

describe('HeltarProvider.listTemplates', () => {
  it('maps the Meta-format templates Heltar lists', async () => {
    reply = () => ({
      status: 200,
      body: {
        data: [
          { id: 'h1', name: 'order_confirmation', category: 'UTILITY', language: 'en', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} is confirmed.', example: { body_text: [['John', 'ORD-1']] } }] },
          { id: 'h2', name: 'welcome_named', category: 'MARKETING', language: 'en', status: 'PENDING', parameter_format: 'NAMED', components: [{ type: 'BODY', text: 'Welcome {{first_name}}!' }] },
        ],
      },
    });
    const templates = await provider.listTemplates(connection());
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/v1/templates' });
    expect(requests[0]?.headers.authorization).toBe('Bearer hk_live_abc');
    expect(templates).toEqual([
      { name: 'order_confirmation', language: 'en', status: 'APPROVED', category: 'UTILITY', body: 'Hi {{1}}, order {{2}} is confirmed.', parameterFormat: 'positional', parameters: ['1', '2'], externalId: 'h1', components: expect.any(Array) },
      { name: 'welcome_named', language: 'en', status: 'PENDING', category: 'MARKETING', body: 'Welcome {{first_name}}!', parameterFormat: 'named', parameters: ['first_name'], externalId: 'h2', components: expect.any(Array) },
    ]);
  });
});
