import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';

export interface MetaCloudOptions {
  phoneNumberId: string;
  wabaId: string;
  templates: Array<{ name: string; language: string; body: string }>;
  /** Share of sends (0–1) answered only after `slowMs`: accepted, but the client gives up first. */
  slowFraction: number;
  slowMs: number;
  /** Seeded randomness, so which sends are slow repeats with the seed. */
  random: () => number;
}

/** Where status webhooks go, and the app secret that signs them; known once the connection exists. */
export interface WebhookTarget {
  url: string;
  appSecret: string;
}

const MAX_BACKOFF_MS = 10_000;

export interface MetaCloudStats {
  accepted: number;
  slowAnswers: number;
  webhooks: { reports: number; acknowledged: number; attempts: number; refused: number; pending: number };
  /** Accepted sends per recipient|template|parameters. */
  sends: Array<[string, number]>;
}

export interface MetaCloudProcess {
  url: string;
  reportTo(target: WebhookTarget): void;
  stats(): Promise<MetaCloudStats>;
  stop(): Promise<void>;
}

/**
 * The server in a process of its own (meta-cloud-process.ts), so its answers and reports are
 * not delayed by the load generator sharing its event loop: a slow answer must be the knob's,
 * not the bench's.
 */
export async function startMetaCloudProcess(options: Omit<MetaCloudOptions, 'random'> & { seed: number }): Promise<MetaCloudProcess> {
  const child = fork(join(__dirname, 'meta-cloud-process.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, (stats: MetaCloudStats) => void>();
  let nextRequest = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: { url?: string; request?: number; stats?: MetaCloudStats }) => {
      if (message.url) resolve(message.url);
      if (message.request !== undefined) {
        waiting.get(message.request)?.(message.stats!);
        waiting.delete(message.request);
      }
    });
    exited.then(() => reject(new Error('the Meta server process exited')), reject);
  });
  return {
    url,
    reportTo: (target) => child.send({ reportTo: target }),
    stats: () =>
      new Promise<MetaCloudStats>((resolve, reject) => {
        const request = nextRequest++;
        waiting.set(request, resolve);
        child.send({ stats: request }, (error) => error && reject(error));
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Meta's WhatsApp Cloud API as `pnpm chaos` needs it: `POST /{version}/{phone-number-id}/messages`
 * accepts a send and answers with a wamid, and every accepted send is counted by recipient,
 * template and parameters (the run's marker is a parameter), so a message sent twice shows
 * even without an idempotency key. Like Meta, it then reports the message `sent` and
 * `delivered` by signed webhook to the connection's URL, echoing `biz_opaque_callback_data`,
 * and redelivers with backoff until the engine answers 2xx — through any outage. It also lists
 * the templates and reports the number healthy, which the engine asks before sending.
 */
export class MetaCloudServer {
  /** Accepted sends per recipient|template|parameters. */
  readonly sends = new Map<string, number>();
  accepted = 0;
  slowAnswers = 0;
  webhooks = { reports: 0, acknowledged: 0, attempts: 0, refused: 0, pending: 0 };
  private target?: WebhookTarget;
  private server?: Server;
  private stopped = false;
  private nextId = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly agent = new Agent({ connections: 16, headersTimeout: 10_000, bodyTimeout: 10_000, connectTimeout: 2_000 });

  constructor(private readonly options: MetaCloudOptions) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Status reports start once the engine's webhook URL and secret are known. */
  reportTo(target: WebhookTarget): void {
    this.target = target;
  }

  stats(): MetaCloudStats {
    return { accepted: this.accepted, slowAnswers: this.slowAnswers, webhooks: { ...this.webhooks }, sends: [...this.sends] };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        console.error('fake Meta: a request failed', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Stops answering and abandons the reports still being redelivered (they stay counted as pending). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
    await this.agent.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0]!;
    const answer = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const { phoneNumberId, wabaId } = this.options;
    if (req.method === 'POST' && path.endsWith(`/${phoneNumberId}/messages`)) {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: { message: 'Invalid JSON', type: 'OAuthException', code: 100 } });
      }
      const wamid = `wamid.chaos${++this.nextId}`;
      const parameters = (body.template?.components ?? []).flatMap((component: any) => (component.parameters ?? []).map((parameter: any) => parameter.text));
      const key = [body.to, body.template?.name ?? body.type, ...parameters].join('|');
      this.sends.set(key, (this.sends.get(key) ?? 0) + 1);
      this.accepted++;
      // Meta reports what it accepted whether or not the sender ever read the answer.
      this.report(wamid, String(body.to), typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined);
      if (this.options.slowFraction > 0 && this.options.random() < this.options.slowFraction) {
        this.slowAnswers++;
        await this.sleep(this.options.slowMs);
      }
      return answer(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] });
    }
    if (req.method === 'GET' && path.endsWith(`/${wabaId}/message_templates`)) {
      return answer(200, {
        data: this.options.templates.map((template, index) => ({
          id: String(3000 + index),
          name: template.name,
          language: template.language,
          status: 'APPROVED',
          category: 'UTILITY',
          parameter_format: 'POSITIONAL',
          components: [{ type: 'BODY', text: template.body }],
        })),
      });
    }
    if (req.method === 'GET' && path.endsWith(`/${phoneNumberId}`)) {
      return answer(200, { id: phoneNumberId, status: 'CONNECTED', health_status: { can_send_message: 'AVAILABLE', entities: [] } });
    }
    answer(404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
  }

  /** `sent`, then `delivered`, each redelivered until acknowledged. */
  private report(wamid: string, recipient: string, callbackData: string | undefined): void {
    const deliver = async () => {
      for (const status of ['sent', 'delivered']) {
        this.webhooks.reports++;
        this.webhooks.pending++;
        const acknowledged = await this.deliver(statusPayload(this.options.phoneNumberId, wamid, status, recipient, callbackData));
        this.webhooks.pending--;
        if (!acknowledged) return;
        this.webhooks.acknowledged++;
      }
    };
    // A moment later, as Meta's reports follow the send's answer.
    this.later(() => {
      deliver().catch((error: unknown) => console.error('fake Meta: a status report failed', error));
    }, 100);
  }

  private async deliver(payload: unknown): Promise<boolean> {
    const raw = JSON.stringify(payload);
    for (let attempt = 0; !this.stopped; attempt++) {
      if (this.target) {
        this.webhooks.attempts++;
        try {
          const response = await request(this.target.url, {
            method: 'POST',
            dispatcher: this.agent,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', this.target.appSecret).update(raw).digest('hex')}` },
            body: raw,
          });
          await response.body.dump();
          if (response.statusCode >= 200 && response.statusCode < 300) return true;
        } catch {
          // Unreachable or too slow: the engine is down or cannot store; try again later.
        }
        this.webhooks.refused++;
      }
      await this.sleep(Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 5)));
    }
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(resolve, ms));
  }

  private later(callback: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, ms);
    this.timers.add(timer);
  }
}

/** A Cloud API status webhook (reference §2.4) for one message. */
function statusPayload(phoneNumberId: string, wamid: string, status: string, recipient: string, callbackData: string | undefined) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              statuses: [
                {
                  id: wamid,
                  status,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: recipient,
                  ...(callbackData === undefined ? {} : { biz_opaque_callback_data: callbackData }),
                  pricing: { billable: true, pricing_model: 'PMP', category: 'utility' },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** A small seeded generator, so a run's fault schedule and slow answers repeat with its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
