import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** When the request arrived (ms since the epoch): pacing tests read the sends' spread from it. */
  at: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Waits this long before answering (a slow provider). */
  delayMs?: number;
}

type Route = (request: RecordedRequest) => FakeResponse | undefined;

/**
 * A local HTTP server that answers like a provider (Meta's Graph API, Heltar, AiSensy), records
 * every request, and can be told to answer the next sends with errors. The engine under test
 * points a connection's base URL at it.
 */
export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  /** Answers for the next sends, in order; a send with none left gets the route's success. */
  readonly nextSends: FakeResponse[] = [];
  private server?: Server;
  private sent = 0;

  constructor(private readonly routes: (fake: FakeProvider) => Route) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The requests whose path ends with `suffix` (e.g. `/messages`). */
  sends(suffix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'POST' && request.path.endsWith(suffix));
  }

  nextMessageId(): string {
    return `wamid.fake${++this.sent}`;
  }

  async start(): Promise<this> {
    const route = this.routes(this);
    this.server = createServer((req, res) => void this.handle(req, res, route));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, route: Route): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: text ? safeJson(text) : undefined, at };
    this.requests.push(request);
    const answer = route(request) ?? { status: 404, body: { error: { message: 'no such route in the fake', code: 100 } } };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface FakeTemplate {
  name: string;
  language?: string;
  status?: string;
  category?: string;
  body: string;
}

/**
 * Meta's create-template answer: `{ id, status, category }` for a request in Meta's format
 * (name, language, category, components with a BODY), Graph's error envelope otherwise; a name
 * and language the WABA already has is refused as Meta does.
 */
function createTemplate(body: any, existing: Array<{ name: string; language?: string }>, created: Array<Record<string, unknown>>): FakeResponse {
  const invalid = (message: string): FakeResponse => ({ status: 400, body: { error: { message, type: 'OAuthException', code: 100, error_subcode: 2388043, fbtrace_id: 'fake' } } });
  if (!body || typeof body !== 'object') return invalid('Invalid parameter');
  if (typeof body.name !== 'string' || !/^[a-z0-9_]+$/.test(body.name)) return invalid('Invalid parameter: name');
  if (typeof body.language !== 'string' || !['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(body.category)) return invalid('Invalid parameter: language or category');
  if (!Array.isArray(body.components) || !body.components.some((component: any) => component?.type === 'BODY' && typeof component.text === 'string')) return invalid('Invalid parameter: components needs a BODY');
  if ([...existing, ...(created as Array<{ name: string; language: string }>)].some((template) => template.name === body.name && (template.language ?? 'en') === body.language)) {
    return { status: 400, body: { error: { message: 'Message template already exists', type: 'OAuthException', code: 100, error_subcode: 2388024, fbtrace_id: 'fake' } } };
  }
  const id = String(5000 + created.length);
  created.push({ id, name: body.name, language: body.language, status: 'PENDING', category: body.category, parameter_format: body.parameter_format ?? 'POSITIONAL', components: body.components });
  return { status: 200, body: { id, status: 'PENDING', category: body.category } };
}

/** Meta's Graph API: send (template and text), template listing and creation, the sender's health (with `number`'s extra fields: tier, quality, throughput). */
export function fakeMeta(options: {
  templates: FakeTemplate[];
  phoneNumberId: string;
  wabaId: string;
  canSend?: 'AVAILABLE' | 'LIMITED' | 'BLOCKED';
  number?: { quality_rating?: string; throughput?: { level: string }; whatsapp_business_manager_messaging_limit?: string };
}): FakeProvider {
  const created: Array<Record<string, unknown>> = [];
  return new FakeProvider((fake) => (request) => {
    const path = request.path.split('?')[0]!;
    if (request.method === 'POST' && path.endsWith(`/${options.wabaId}/message_templates`)) {
      return createTemplate(request.body, options.templates, created);
    }
    if (request.method === 'POST' && path.endsWith(`/${options.phoneNumberId}/messages`)) {
      const next = fake.nextSends.shift();
      if (next) return next;
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: request.body.to, wa_id: request.body.to }], messages: [{ id: fake.nextMessageId() }] } };
    }
    if (request.method === 'GET' && path.endsWith(`/${options.wabaId}/message_templates`)) {
      return {
        status: 200,
        body: {
          data: options.templates.map((template, index) => ({
            id: String(1000 + index),
            name: template.name,
            language: template.language ?? 'en',
            status: template.status ?? 'APPROVED',
            category: template.category ?? 'UTILITY',
            parameter_format: 'POSITIONAL',
            components: [{ type: 'BODY', text: template.body }],
          })).concat(created as never[]),
        },
      };
    }
    if (request.method === 'GET' && path.endsWith(`/${options.phoneNumberId}`)) {
      return {
        status: 200,
        body: {
          id: options.phoneNumberId,
          status: 'CONNECTED',
          ...options.number,
          health_status: {
            can_send_message: options.canSend ?? 'AVAILABLE',
            entities:
              options.canSend === 'BLOCKED'
                ? [{ entity_type: 'PHONE_NUMBER', id: options.phoneNumberId, can_send_message: 'BLOCKED', errors: [{ error_code: 141006, error_description: 'The business account is restricted' }] }]
                : [],
          },
        },
      };
    }
    return undefined;
  });
}

/** Heltar's API: send and template listing (Meta's component format). */
export function fakeHeltar(options: { templates: FakeTemplate[] }): FakeProvider {
  return new FakeProvider((fake) => (request) => {
    const path = request.path.split('?')[0]!;
    if (request.method === 'POST' && path === '/v1/messages/send') {
      const next = fake.nextSends.shift();
      if (next) return next;
      const success = Object.fromEntries(
        (request.body.messages as Array<{ clientWaNumber: string }>).map((message, index) => [
          String(index),
          { clientWaNumber: message.clientWaNumber, wamid: fake.nextMessageId(), status: 'sent' },
        ]),
      );
      return { status: 200, body: { data: { success, fail: {} } } };
    }
    if (request.method === 'GET' && path === '/v1/templates') {
      return {
        status: 200,
        body: {
          data: options.templates.map((template, index) => ({
            id: String(2000 + index),
            name: template.name,
            language: template.language ?? 'en',
            status: template.status ?? 'APPROVED',
            category: template.category ?? 'UTILITY',
            components: [{ type: 'BODY', text: template.body }],
          })),
        },
      };
    }
    return undefined;
  });
}

/** AiSensy's Campaign API (template sends). */
export function fakeAisensy(): FakeProvider {
  return new FakeProvider((fake) => (request) => {
    if (request.method === 'POST' && request.path.split('?')[0] === '/campaign/t1/api/v2') {
      const next = fake.nextSends.shift();
      if (next) return next;
      return { status: 200, body: { success: 'true', submitted_message_id: fake.nextMessageId() } };
    }
    return undefined;
  });
}
