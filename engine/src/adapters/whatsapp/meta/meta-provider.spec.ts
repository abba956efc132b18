import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepError } from '@switchboard/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { OutboundPolicy } from '../../outbound/outbound-policy';
import type { SendOrigin } from '../whatsapp-provider';
import { MetaProvider } from './meta-provider';

// A local Graph API: records every request and answers what the current test sets.
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

beforeEach(() => {
  requests = [];
  reply = () => ({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '4915112345678', wa_id: '4915112345678' }], messages: [{ id: 'wamid.HBgL123', message_status: 'accepted' }] } });
});

// Fakes listen on loopback, which the operator allows here (OUTBOUND_ALLOW).
const outbound = new OutboundPolicy(['127.0.0.1']);
const provider = new MetaProvider({ outbound, timeoutMs: 300 });
const origin: SendOrigin = { workspaceId: 'w1', runId: 'r1', nodeId: 'confirm', idempotencyKey: 'r1:confirm' };

function connection(overrides: Record<string, unknown> = {}): ResolvedConnection {
  return {
    id: 'c1',
    workspaceId: 'w1',
    provider: 'whatsapp.meta',
    config: { accessToken: 'EAAJB-token', phoneNumberId: '106540352242922', wabaId: '102290129340398', appSecret: 's', verifyToken: 'v', baseUrl: `${base}/`, ...overrides },
  };
}

const template = { connectionId: 'c1', to: '+4915112345678', template: 'appointment_confirmation', language: 'en' };

async function failure(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

function graphError(code: number, message: string) {
  return { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam' } };
}

describe('MetaProvider sends', () => {
  it('sends a positional template with the bearer token, the number without + and the default version', async () => {
    const result = await provider.sendTemplate(connection(), { ...template, parameters: ['Anna', '12.03., 10:00'] }, origin);
    expect(result).toEqual({ providerMessageId: 'wamid.HBgL123', status: 'sent' });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({ method: 'POST', url: '/v23.0/106540352242922/messages' });
    expect(request?.headers.authorization).toBe('Bearer EAAJB-token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'template',
      template: {
        name: 'appointment_confirmation',
        language: { code: 'en', policy: 'deterministic' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Anna' }, { type: 'text', text: '12.03., 10:00' }] }],
      },
      biz_opaque_callback_data: 'r1:confirm',
    });
  });

  it('sends named parameters with parameter_name, on the configured version', async () => {
    await provider.sendTemplate(connection({ apiVersion: 'v21.0' }), { ...template, parameters: { first_name: 'Anna', day: 'Monday' } }, origin);
    expect(requests[0]?.url).toBe('/v21.0/106540352242922/messages');
    expect((requests[0]?.body as { template: unknown }).template).toEqual({
      name: 'appointment_confirmation',
      language: { code: 'en', policy: 'deterministic' },
      components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Anna' }, { type: 'text', parameter_name: 'day', text: 'Monday' }] }],
    });
  });

  it('omits components for a template without parameters', async () => {
    await provider.sendTemplate(connection(), { ...template, parameters: [] }, origin);
    expect((requests[0]?.body as { template: unknown }).template).toEqual({ name: 'appointment_confirmation', language: { code: 'en', policy: 'deterministic' } });
  });

  it('sends text with a link preview only when the text has a link', async () => {
    await provider.sendText(connection(), { connectionId: 'c1', to: '+4915112345678', text: 'See https://example.com/x' }, origin);
    await provider.sendText(connection(), { connectionId: 'c1', to: '+4915112345678', text: 'Thanks!' }, origin);
    expect(requests[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '4915112345678',
      type: 'text',
      text: { body: 'See https://example.com/x', preview_url: true },
      biz_opaque_callback_data: 'r1:confirm',
    });
    expect((requests[1]?.body as { text: unknown }).text).toEqual({ body: 'Thanks!', preview_url: false });
  });

  it('refuses a connection without a token before calling Meta', async () => {
    const error = await failure(provider.sendText(connection({ accessToken: '' }), { connectionId: 'c1', to: '+4915112345678', text: 'x' }, origin));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
    expect(error.message).toContain('accessToken');
    expect(requests).toHaveLength(0);
  });
});

describe('MetaProvider errors', () => {
  it.each([
    [404, 132001, 'TEMPLATE_NOT_FOUND', false],
    [400, 132000, 'TEMPLATE_PARAMS_MISMATCH', false],
    [400, 131047, 'OUTSIDE_24H_WINDOW', false],
    [400, 130429, 'RATE_LIMITED', true],
    [401, 190, 'PROVIDER_AUTH', false],
  ])('HTTP %i with Meta code %i → %s (retryable %s)', async (status, metaCode, code, retryable) => {
    reply = () => ({ status, body: graphError(metaCode, `(#${metaCode}) title`) });
    const error = await failure(provider.sendTemplate(connection(), { ...template, parameters: ['Anna'] }, origin));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(`Meta error ${metaCode}`);
    expect(error.details).toEqual({ provider: 'meta', httpStatus: status, providerCode: metaCode, providerMessage: `(#${metaCode}) title` });
  });

  it('names the template in a 132001 message', async () => {
    reply = () => ({ status: 404, body: graphError(132001, 'Template name does not exist in the translation') });
    const error = await failure(provider.sendTemplate(connection(), { ...template, parameters: [] }, origin));
    expect(error.message).toBe('Meta error 132001: the template appointment_confirmation (en) does not exist or is not approved');
  });

  it('maps an HTTP 500 without a body to a retryable PROVIDER_UNAVAILABLE', async () => {
    reply = () => ({ status: 500 });
    const error = await failure(provider.sendText(connection(), { connectionId: 'c1', to: '+4915112345678', text: 'x' }, origin));
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', retryable: true, details: { provider: 'meta', httpStatus: 500, providerCode: null, providerMessage: null } });
  });

  it('turns a Graph API that never answers into a retryable TIMEOUT', async () => {
    reply = () => 'hang';
    const error = await failure(provider.sendText(connection(), { connectionId: 'c1', to: '+4915112345678', text: 'x' }, origin));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(error.message).not.toContain('EAAJB-token');
  });

  it('turns a refused connection into a retryable NETWORK error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(provider.sendText(connection({ baseUrl: `http://127.0.0.1:${port}` }), { connectionId: 'c1', to: '+4915112345678', text: 'x' }, origin));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('does not retry blindly when a 200 carries no message id', async () => {
    reply = () => ({ status: 200, body: { messaging_product: 'whatsapp' } });
    const error = await failure(provider.sendText(connection(), { connectionId: 'c1', to: '+4915112345678', text: 'x' }, origin));
    expect(error).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: false });
  });
});

describe('MetaProvider.listTemplates', () => {
  it('follows paging.next and maps named and positional templates', async () => {
    reply = (request) => {
      if (!request.url.includes('after=')) {
        return {
          status: 200,
          body: {
            data: [
              {
                id: '111',
                name: 'reservation_confirmation',
                language: 'en_US',
                status: 'APPROVED',
                category: 'UTILITY',
                parameter_format: 'NAMED',
                components: [
                  { type: 'HEADER', format: 'TEXT', text: 'Hi' },
                  {
                    type: 'BODY',
                    text: 'Your reservation for {{number_of_guests}} on {{day}}, {{number_of_guests}} seats.',
                    example: { body_text_named_params: [{ param_name: 'number_of_guests', example: '4' }, { param_name: 'day', example: 'Monday' }] },
                  },
                  { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://x/{{1}}' }] },
                ],
              },
              {
                id: '222',
                name: 'order_update',
                language: 'de',
                status: 'PENDING',
                category: 'MARKETING',
                components: [{ type: 'BODY', text: 'Hallo {{1}}, Bestellung {{2}} ist da.', example: { body_text: [['Anna', 'ORD-1']] } }],
              },
            ],
            paging: { cursors: { before: 'B1', after: 'A1' }, next: `${base}/v23.0/102290129340398/message_templates?limit=100&after=A1&access_token=EAAJB-token` },
          },
        };
      }
      return {
        status: 200,
        body: { data: [{ id: '333', name: 'no_params', language: 'en', status: 'REJECTED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Thanks!' }] }], paging: { cursors: { before: 'B2', after: 'A2' } } },
      };
    };
    const templates = await provider.listTemplates(connection());
    expect(requests.map((request) => request.url)).toEqual([
      '/v23.0/102290129340398/message_templates?limit=100',
      '/v23.0/102290129340398/message_templates?limit=100&after=A1&access_token=EAAJB-token',
    ]);
    expect(requests.every((request) => request.method === 'GET' && request.headers.authorization === 'Bearer EAAJB-token')).toBe(true);
    expect(templates).toEqual([
      {
        name: 'reservation_confirmation',
        language: 'en_US',
        status: 'APPROVED',
        category: 'UTILITY',
        body: 'Your reservation for {{number_of_guests}} on {{day}}, {{number_of_guests}} seats.',
        parameterFormat: 'named',
        parameters: ['number_of_guests', 'day'],
        externalId: '111', components: expect.any(Array),
      },
      { name: 'order_update', language: 'de', status: 'PENDING', category: 'MARKETING', body: 'Hallo {{1}}, Bestellung {{2}} ist da.', parameterFormat: 'positional', parameters: ['1', '2'], externalId: '222', components: expect.any(Array) },
      { name: 'no_params', language: 'en', status: 'REJECTED', category: 'UTILITY', body: 'Thanks!', parameterFormat: 'positional', parameters: [], externalId: '333', components: expect.any(Array) },
    ]);
  });

  it('does not send the token to a paging link on another host', async () => {
    reply = () => ({ status: 200, body: { data: [], paging: { next: 'https://evil.example.com/page2' } } });
    await provider.listTemplates(connection());
    expect(requests).toHaveLength(1);
  });

  it('maps a listing error through the Meta table', async () => {
    reply = () => ({ status: 401, body: graphError(190, 'Error validating access token') });
    expect(await failure(provider.listTemplates(connection()))).toMatchObject({ code: 'PROVIDER_AUTH', retryable: false });
  });
});

describe('MetaProvider.health', () => {
  it('reads status, health_status, quality, throughput and tier of the phone number', async () => {
    reply = () => ({
      status: 200,
      body: {
        status: 'CONNECTED',
        quality_rating: 'GREEN',
        throughput: { level: 'HIGH' },
        whatsapp_business_manager_messaging_limit: 'TIER_2K',
        health_status: { can_send_message: 'AVAILABLE', entities: [] },
        id: '106540352242922',
      },
    });
    expect(await provider.health(connection())).toEqual({ canSend: true, limits: { tier: 'TIER_2K', dailyLimit: 2000, qualityRating: 'GREEN', throughputPerSecond: 1000 } });
    expect(requests[0]?.url).toBe('/v23.0/106540352242922?fields=status,health_status,quality_rating,throughput,whatsapp_business_manager_messaging_limit');
    expect(requests[0]?.headers.authorization).toBe('Bearer EAAJB-token');
  });

  it('reports BLOCKED with Meta’s reason', async () => {
    reply = () => ({
      status: 200,
      body: {
        status: 'CONNECTED',
        health_status: {
          can_send_message: 'BLOCKED',
          entities: [
            { entity_type: 'PHONE_NUMBER', id: '106540352242922', can_send_message: 'AVAILABLE' },
            { entity_type: 'WABA', id: '102290129340398', can_send_message: 'BLOCKED', errors: [{ error_code: 141010, error_description: 'The Business has not passed business verification.', possible_solution: 'Verify' }] },
          ],
        },
      },
    });
    const health = await provider.health(connection());
    expect(health.canSend).toBe(false);
    expect(health.reason).toContain('The Business has not passed business verification.');
  });

  it('reports a number that is not CONNECTED', async () => {
    reply = () => ({ status: 200, body: { status: 'FLAGGED', health_status: { can_send_message: 'LIMITED' } } });
    expect(await provider.health(connection())).toEqual({ canSend: false, reason: "the WhatsApp number's status at Meta is FLAGGED, not CONNECTED" });
  });

  it('does not block sending when the health call fails, except for a rejected token', async () => {
    reply = () => ({ status: 500 });
    expect(await provider.health(connection())).toEqual({ canSend: true });
    reply = () => 'hang';
    expect(await provider.health(connection())).toEqual({ canSend: true });
    reply = () => ({ status: 401, body: graphError(190, 'Error validating access token') });
    expect(await failure(provider.health(connection()))).toMatchObject({ code: 'PROVIDER_AUTH' });
  });
});
