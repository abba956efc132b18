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
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: text ? safeJson(text) : undefined, at: Date.now() };
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

/** Meta's Graph API: send (template and text), template listing, the sender's health. */
export function fakeMeta(options: { templates: FakeTemplate[]; phoneNumberId: string; wabaId: string; canSend?: 'AVAILABLE' | 'LIMITED' | 'BLOCKED' }): FakeProvider {
  return new FakeProvider((fake) => (request) => {
    const path = request.path.split('?')[0]!;
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
          })),
        },
      };
    }
    if (request.method === 'GET' && path.endsWith(`/${options.phoneNumberId}`)) {
      return {
        status: 200,
        body: {
          id: options.phoneNumberId,
          status: 'CONNECTED',
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
