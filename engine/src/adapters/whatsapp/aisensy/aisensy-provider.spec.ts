import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepError } from '@switchboard/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { OutboundPolicy } from '../../outbound/outbound-policy';
import type { SendOrigin } from '../whatsapp-provider';
import { AiSensyProvider, canListTemplates } from './aisensy-provider';

// One local server plays both AiSensy hosts (Campaign API and Project API, reference §5).
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
      else if (typeof answer.body === 'string') res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
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

beforeEach(() => {
  requests = [];
  reply = () => ({ status: 200, body: 'Success.' });
});

// Fakes listen on loopback, which the operator allows here (OUTBOUND_ALLOW).
const outbound = new OutboundPolicy(['127.0.0.1']);
const provider = new AiSensyProvider({ outbound, timeoutMs: 300 });
const origin: SendOrigin = { workspaceId: 'w1', runId: 'r1', nodeId: 'remind', idempotencyKey: 'r1:remind' };

function connection(overrides: Record<string, unknown> = {}): ResolvedConnection {
  return { id: 'c3', workspaceId: 'w1', provider: 'whatsapp.aisensy', config: { apiKey: 'ais-key', plan: 'basic', baseUrl: base, projectApiBaseUrl: `${base}/p`, ...overrides } };
}
const pro = (): ResolvedConnection => connection({ plan: 'pro', projectId: 'proj1', projectApiPassword: 'pwd-secret' });
const template = { connectionId: 'c3', to: '+917428526285', template: 'order_update_api', language: 'en' };

async function failure(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

describe('AiSensyProvider.sendTemplate', () => {
  it('posts the campaign body with the API key in the body and the number with +', async () => {
    const result = await provider.sendTemplate(connection(), { ...template, parameters: ['Anna', 'ORD-1'], recipientName: 'Anna' }, origin);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/campaign/t1/api/v2' });
    expect(requests[0]?.headers.authorization).toBeUndefined();
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(requests[0]?.body).toEqual({
      apiKey: 'ais-key',
      campaignName: 'order_update_api',
      destination: '+917428526285',
      userName: 'Anna',
      source: 'switchboard',
      templateParams: ['Anna', 'ORD-1'],
    });
    // The success body is undocumented: with no id in it the idempotency key names the message.
    expect(result).toEqual({ providerMessageId: 'aisensy.r1:remind', status: 'queued' });
  });

  it('sends named parameters as their values in order, the number as user name, and reads an id', async () => {
    reply = () => ({ status: 200, body: { success: 'true', submitted_message_id: '6629f7b0c1' } });
    const result = await provider.sendTemplate(connection(), { ...template, parameters: { name: 'Anna', order: 'ORD-1' } }, origin);
    expect(requests[0]?.body).toMatchObject({ userName: '+917428526285', templateParams: ['Anna', 'ORD-1'] });
    expect(result).toEqual({ providerMessageId: '6629f7b0c1', status: 'queued' });
  });

  it.each([
    [400, 'Campaign not found', 'TEMPLATE_NOT_FOUND', false],
    [400, 'Campaign is not live', 'TEMPLATE_NOT_FOUND', false],
    [400, 'Template params does not match the campaign', 'TEMPLATE_PARAMS_MISMATCH', false],
    [401, 'Invalid API Key', 'PROVIDER_AUTH', false],
    [429, 'Too many requests', 'RATE_LIMITED', true],
    [500, 'Internal error', 'PROVIDER_UNAVAILABLE', true],
  ])('maps HTTP %i "%s" to %s', async (status, message, code, retryable) => {
    reply = () => ({ status, body: { success: false, message } });
    const error = await failure(provider.sendTemplate(connection(), { ...template, parameters: [] }, origin));
    expect(error).toMatchObject({ code, retryable, details: { provider: 'aisensy', httpStatus: status, providerCode: null, providerMessage: message } });
    expect(error.message).toContain(message);
  });

  it('treats success: false inside a 200 as a refusal', async () => {
    reply = () => ({ status: 200, body: { success: false, message: 'Campaign does not exist' } });
    expect(await failure(provider.sendTemplate(connection(), { ...template, parameters: [] }, origin))).toMatchObject({ code: 'TEMPLATE_NOT_FOUND' });
  });
});

describe('AiSensyProvider.sendText', () => {
  it('refuses free-form text on Basic without any HTTP call', async () => {
    const error = await failure(provider.sendText(connection(), { connectionId: 'c3', to: '+917428526285', text: 'Hi' }, origin));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', retryable: false, message: 'AiSensy Basic sends templates only: free-form text needs the Pro plan with a project id and API password' });
    expect(requests).toHaveLength(0);
  });

  it('sends text on Pro through the Project API with the password header', async () => {
    reply = () => ({ status: 200, body: { messages: [{ id: 'wamid.AIS1' }] } });
    const result = await provider.sendText(pro(), { connectionId: 'c3', to: '+917428526285', text: 'Hi there' }, origin);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/p/project-apis/v1/project/proj1/messages' });
    expect(requests[0]?.headers['x-aisensy-project-api-pwd']).toBe('pwd-secret');
    expect(requests[0]?.body).toEqual({ to: '917428526285', type: 'text', recipient_type: 'individual', text: { body: 'Hi there' } });
    expect(result).toEqual({ providerMessageId: 'wamid.AIS1', status: 'sent' });
  });

  it('maps a Meta error passed through by the Project API', async () => {
    reply = () => ({ status: 400, body: { error: { code: 131047, message: 'Re-engagement message' } } });
    const error = await failure(provider.sendText(pro(), { connectionId: 'c3', to: '+917428526285', text: 'Hi' }, origin));
    expect(error).toMatchObject({ code: 'OUTSIDE_24H_WINDOW', retryable: false });
    expect(error.message).toMatch(/^AiSensy reported Meta error 131047/);
  });
});

describe('AiSensyProvider.listTemplates', () => {
  it('is offered only on Pro with a project id and password', async () => {
    expect(canListTemplates(pro())).toBe(true);
    expect(canListTemplates(connection())).toBe(false);
    expect(canListTemplates(connection({ plan: 'pro' }))).toBe(false);
    expect(provider.canListTemplates(pro())).toBe(true);
    expect(provider.canListTemplates(connection())).toBe(false);
    expect(await failure(provider.listTemplates(connection()))).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(requests).toHaveLength(0);
  });

  it('reads templates under data and follows after cursors', async () => {
    const pages: Record<string, unknown> = {
      first: {
        data: [{ id: 't1', name: 'order_update', language: 'en', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Order {{1}} for {{2}}' }] }],
        paging: { cursors: { before: 'X', after: 'CUR1' }, next: 'https://apis.aisensy.com/next' },
      },
      CUR1: { data: [{ id: 't2', name: 'welcome', language: 'en', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi {{name}}' }] }], paging: { cursors: { after: 'CUR2' } } },
      // An empty page ends the walk.
      CUR2: { data: [] },
    };
    reply = (request) => ({ status: 200, body: pages[new URL(request.url, base).searchParams.get('after') ?? 'first'] });
    const templates = await provider.listTemplates(pro());
    expect(requests.map((request) => request.url)).toEqual([
      '/p/project-apis/v1/project/proj1/wa_template?limit=100',
      '/p/project-apis/v1/project/proj1/wa_template?limit=100&after=CUR1',
      '/p/project-apis/v1/project/proj1/wa_template?limit=100&after=CUR2',
    ]);
    expect(requests.every((request) => request.headers['x-aisensy-project-api-pwd'] === 'pwd-secret')).toBe(true);
    expect(templates).toEqual([
      { name: 'order_update', language: 'en', status: 'APPROVED', category: 'UTILITY', body: 'Order {{1}} for {{2}}', parameterFormat: 'positional', parameters: ['1', '2'], externalId: 't1', components: expect.any(Array) },
      { name: 'welcome', language: 'en', status: 'PENDING', category: 'MARKETING', body: 'Hi {{name}}', parameterFormat: 'named', parameters: ['name'], externalId: 't2', components: expect.any(Array) },
    ]);
  });
});
