import { apiErrorSchema, apiOperations, type OperationBody, type OperationId, type OperationPath, type OperationQuery, type OperationResponse, type OperationSpec, type PathParams } from '@switchboard/shared';
import type { z } from 'zod';
import { SwitchboardApiError, SwitchboardContractError } from './errors';

export interface SwitchboardClientOptions {
  /** Where the engine listens: `https://switchboard.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** An API key of the workspace, sent as `Authorization: Bearer <key>`; `null` sends none. */
  apiKey: string | null;
  /**
   * Check every answer against the contract's schema for its operation and status, and throw
   * `SwitchboardContractError` when it does not fit. Off by default; the engine's tests turn it on.
   */
  validateResponses?: boolean;
  /** Headers sent with every request (a tracing header, a user agent). */
  headers?: Record<string, string>;
  /** The `fetch` to use; the global one by default. */
  fetch?: typeof fetch;
}

type HasKeys<T> = keyof T extends never ? false : true;

/** What a call of operation `K` takes: its path parameters, query, body, and the headers it reads. */
export type CallOptions<K extends OperationId> = {
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
} & (HasKeys<PathParams<OperationPath<K>>> extends true ? { params: PathParams<OperationPath<K>> } : { params?: undefined })
  & ([OperationQuery<K>] extends [never] ? { query?: undefined } : { query?: OperationQuery<K> })
  & ([OperationBody<K>] extends [never] ? { body?: undefined } : { body?: OperationBody<K> });

/** The options argument of `K`: required when the path has parameters. */
export type CallArgs<K extends OperationId> = HasKeys<PathParams<OperationPath<K>>> extends true ? [options: CallOptions<K>] : [options?: CallOptions<K>];

/** A success answer with its status and headers. */
export interface Answer<K extends OperationId> {
  status: number;
  body: OperationResponse<K>;
  headers: Headers;
  /** The run the answer is about (`X-Run-Id`), when the engine names one. */
  runId: string | null;
}

/** Any answer, the error envelope included, as the engine sent it. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  /** JSON parsed, text as text, `undefined` when there is no body. */
  body: unknown;
}

/**
 * A typed client of the Switchboard HTTP API. Every operation of `apiOperations`
 * (`shared/src/api/operations.ts`) by its id, and named helpers for the common ones.
 *
 * @example
 * const switchboard = new SwitchboardClient({ baseUrl: 'https://switchboard.example.com', apiKey: process.env.SWITCHBOARD_API_KEY! });
 * const { runs } = await switchboard.events.send({ type: 'call.completed', data: { call, customer } }, { idempotencyKey: call.id });
 * const run = await switchboard.runs.get(runs[0]!.runId);
 */
export class SwitchboardClient {
  private readonly fetch: typeof fetch;

  constructor(readonly options: SwitchboardClientOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The same client with another API key (or none). */
  withApiKey(apiKey: string | null): SwitchboardClient {
    return new SwitchboardClient({ ...this.options, apiKey });
  }

  /**
   * Calls an operation and answers its body; an error answer throws `SwitchboardApiError`.
   *
   * @example await switchboard.request('GET /api/runs/:id', { params: { id } })
   */
  async request<K extends OperationId>(id: K, ...args: CallArgs<K>): Promise<OperationResponse<K>> {
    return (await this.call(id, ...args)).body;
  }

  /** Like `request`, with the answer's status and headers (`X-Run-Id` as `runId`). */
  async call<K extends OperationId>(id: K, ...args: CallArgs<K>): Promise<Answer<K>> {
    const answer = await this.send(id, ...args);
    if (answer.status >= 400 || answer.status < 200) throw apiError(id, answer);
    return { status: answer.status, body: answer.body as OperationResponse<K>, headers: answer.headers, runId: answer.headers.get('x-run-id') };
  }

  /** Calls an operation and answers whatever came back, the error envelope included (nothing thrown for a 4xx). */
  async send<K extends OperationId>(id: K, ...args: CallArgs<K>): Promise<RawAnswer> {
    const options = (args[0] ?? {}) as CallOptions<K> & { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
    const [method, pattern] = id.split(' ') as [string, string];
    const path = fillPath(pattern, options.params ?? {});
    const answer = await this.fetchRaw(method, `${path}${queryString(options.query)}`, options.body, {
      ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
      ...options.headers,
    }, options.signal);
    if (this.options.validateResponses) checkAnswer(id, answer);
    return answer;
  }

  /**
   * Any method and path, untyped and unchecked: for what the table does not describe, or for a
   * body the API must refuse. JSON bodies are sent as JSON; a string as it is.
   */
  async fetchRaw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<RawAnswer> {
    const sent: Record<string, string> = { ...this.options.headers };
    if (this.options.apiKey) sent.authorization = `Bearer ${this.options.apiKey}`;
    if (body !== undefined && typeof body !== 'string') sent['content-type'] = 'application/json';
    Object.assign(sent, headers);
    const response = await this.fetch(`${this.options.baseUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: sent,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal,
    });
    return { status: response.status, headers: response.headers, body: await readBody(response) };
  }

  readonly flows = {
    list: () => this.request('GET /api/flows'),
    get: (id: string) => this.request('GET /api/flows/:id', { params: { id } }),
    create: (body: OperationBody<'POST /api/flows'>) => this.request('POST /api/flows', { body }),
    /**
     * Saves the draft. With `baseRevision` (the `revision` the change was made on) a draft saved
     * since is not overwritten: the call fails with a 409 `CONFLICT` naming `details.currentRevision`.
     * @example await client.flows.update(flow.id, { graph, baseRevision: flow.revision })
     */
    update: (id: string, body: OperationBody<'PUT /api/flows/:id'>) => this.request('PUT /api/flows/:id', { params: { id }, body }),
    /** An editor session's heartbeat on a flow; answers how many other sessions have it open. */
    presence: (id: string, body: OperationBody<'POST /api/flows/:id/presence'>) => this.request('POST /api/flows/:id/presence', { params: { id }, body }),
    remove: (id: string) => this.request('DELETE /api/flows/:id', { params: { id } }),
    validate: (graph: unknown) => this.request('POST /api/flows/validate', { body: { graph } }),
    import: (document: OperationBody<'POST /api/flows/import'>) => this.request('POST /api/flows/import', { body: document }),
    export: (id: string) => this.request('GET /api/flows/:id/export', { params: { id } }),
    publish: (id: string) => this.request('POST /api/flows/:id/publish', { params: { id } }),
    unpublish: (id: string) => this.request('POST /api/flows/:id/unpublish', { params: { id } }),
    versions: (id: string) => this.request('GET /api/flows/:id/versions', { params: { id } }),
    version: (id: string, version: number | string) => this.request('GET /api/flows/:id/versions/:version', { params: { id, version: String(version) } }),
    /** Runs the draft (or with `target: 'published'` the live version) once, marked as a test, with `event` (the trigger's sample when omitted). */
    test: (id: string, body: OperationBody<'POST /api/flows/:id/test'> = {}) => this.request('POST /api/flows/:id/test', { params: { id }, body }),
    /** Starts the published version once with `data`. */
    run: (id: string, body: OperationBody<'POST /api/flows/:id/run'> = {}) => this.request('POST /api/flows/:id/run', { params: { id }, body }),
    templates: () => this.request('GET /api/flow-templates'),
  };

  readonly runs = {
    list: (query?: OperationQuery<'GET /api/runs'>) => this.request('GET /api/runs', { query }),
    get: (id: string) => this.request('GET /api/runs/:id', { params: { id } }),
    cancel: (id: string) => this.request('POST /api/runs/:id/cancel', { params: { id } }),
    retry: (id: string) => this.request('POST /api/runs/:id/retry', { params: { id } }),
    /**
     * A new run on the flow's published version from `fromStep`, keeping the steps before it as they succeeded.
     * @example const { runId } = await client.runs.replay(failed.id, 'notify_crm')
     */
    replay: (id: string, fromStep: string) => this.request('POST /api/runs/:id/replay', { params: { id }, body: { fromStep } }),
    /** Retries or cancels up to 200 runs; each run's outcome is in `results`. */
    bulk: (body: OperationBody<'POST /api/runs/bulk'>) => this.request('POST /api/runs/bulk', { body }),
  };

  readonly events = {
    /**
     * Sends an event; answers the runs it started. `idempotencyKey` is the event's `id`: the same
     * key again starts nothing and answers the first delivery's runs with `duplicate: true`.
     */
    send: (event: OperationBody<'POST /api/events'>, options: { idempotencyKey?: string } = {}) =>
      this.request('POST /api/events', { body: options.idempotencyKey === undefined ? event : { ...event, id: options.idempotencyKey } }),
  };

  readonly functions = {
    /** The published in-call functions, `tools` ready to register with a voice agent. */
    list: (query?: OperationQuery<'GET /api/functions'>) => this.request('GET /api/functions', { query }),
    /**
     * Calls a function as the voice agent would. `status` 200 with the flow's answer as `body`, or
     * 202 `{ runId }` when its timeout passed first; `runId` names the run either way. The same
     * `idempotencyKey` again is the same run.
     */
    invoke: (name: string, body: OperationBody<'POST /api/functions/:name/invoke'>, options: { idempotencyKey?: string } = {}) =>
      this.call('POST /api/functions/:name/invoke', { params: { name }, body, idempotencyKey: options.idempotencyKey }),
  };

  readonly apiKeys = {
    list: () => this.request('GET /api/api-keys'),
    /** The answer's `key` is the secret, shown this once only. */
    create: (body: OperationBody<'POST /api/api-keys'>) => this.request('POST /api/api-keys', { body }),
    revoke: (id: string) => this.request('DELETE /api/api-keys/:id', { params: { id } }),
  };

  readonly connections = {
    list: () => this.request('GET /api/connections'),
    get: (id: string) => this.request('GET /api/connections/:id', { params: { id } }),
    create: (body: OperationBody<'POST /api/connections'>) => this.request('POST /api/connections', { body }),
    update: (id: string, body: OperationBody<'PATCH /api/connections/:id'>) => this.request('PATCH /api/connections/:id', { params: { id }, body }),
    remove: (id: string) => this.request('DELETE /api/connections/:id', { params: { id } }),
    test: (id: string) => this.request('POST /api/connections/:id/test', { params: { id } }),
    templates: (id: string, query?: OperationQuery<'GET /api/connections/:id/templates'>) => this.request('GET /api/connections/:id/templates', { params: { id }, query }),
    syncTemplates: (id: string) => this.request('POST /api/connections/:id/templates/sync', { params: { id } }),
    /** Submits a new template to the sender's provider for review. */
    createTemplate: (id: string, body: OperationBody<'POST /api/connections/:id/templates'>) => this.request('POST /api/connections/:id/templates', { params: { id }, body }),
  };

  readonly conversations = {
    list: (query?: OperationQuery<'GET /api/conversations'>) => this.request('GET /api/conversations', { query }),
    get: (id: string) => this.request('GET /api/conversations/:id', { params: { id } }),
    close: (id: string) => this.request('POST /api/conversations/:id/close', { params: { id } }),
  };

  readonly messages = { list: (query?: OperationQuery<'GET /api/messages'>) => this.request('GET /api/messages', { query }) };
  readonly emails = { list: (query?: OperationQuery<'GET /api/emails'>) => this.request('GET /api/emails', { query }) };

  readonly tasks = {
    list: (query?: OperationQuery<'GET /api/tasks'>) => this.request('GET /api/tasks', { query }),
    update: (id: string, body: OperationBody<'PATCH /api/tasks/:id'>) => this.request('PATCH /api/tasks/:id', { params: { id }, body }),
  };

  readonly alerts = {
    list: (query?: OperationQuery<'GET /api/alerts'>) => this.request('GET /api/alerts', { query }),
    update: (id: string, body: OperationBody<'PATCH /api/alerts/:id'>) => this.request('PATCH /api/alerts/:id', { params: { id }, body }),
  };

  /** The workspace's audit log, newest first (`actor`, `action`, `from`, `to`, `limit`, `cursor`). */
  readonly audit = {
    list: (query?: OperationQuery<'GET /api/audit'>) => this.request('GET /api/audit', { query }),
  };

  /**
   * Events newest first with what each did to every flow of its type: the run, or why not
   * (`phone`, `eventId`, `callId`, `flowId`, `status`, `from`, `to`, `limit`, `cursor`).
   */
  readonly activity = {
    list: (query?: OperationQuery<'GET /api/activity'>) => this.request('GET /api/activity', { query }),
  };

  readonly webhookDeliveries = {
    list: (query?: OperationQuery<'GET /api/webhook-deliveries'>) => this.request('GET /api/webhook-deliveries', { query }),
    retry: (id: string) => this.request('POST /api/webhook-deliveries/:id/retry', { params: { id } }),
  };

  readonly workspace = {
    get: () => this.request('GET /api/workspace'),
    update: (body: OperationBody<'PATCH /api/workspace'>) => this.request('PATCH /api/workspace', { body }),
  };

  readonly contacts = {
    /** Erases one customer (E.164) of the workspace: messages, conversations, AI memory, customer data in runs. */
    erase: (phone: string) => this.request('DELETE /api/contacts/:phone', { params: { phone } }),
  };

  readonly sandbox = {
    /** Everyone who received or sent messages on a sandbox sender, newest first, with unread counts. */
    customers: (connectionId: string) => this.request('GET /api/sandbox/:connectionId/customers', { params: { connectionId } }),
    /** A customer writes to a sandbox sender. */
    inbound: (connectionId: string, body: OperationBody<'POST /api/sandbox/:connectionId/inbound'>) =>
      this.request('POST /api/sandbox/:connectionId/inbound', { params: { connectionId }, body }),
  };

  /** The node catalog. */
  nodes() {
    return this.request('GET /api/nodes');
  }

  /** Postgres and Redis as the engine sees them: `status: 'degraded'` (a 503) names the dependency that does not answer. */
  async health(): Promise<OperationResponse<'GET /health'>> {
    const answer = await this.send('GET /health');
    if (answer.status !== 200 && answer.status !== 503) throw apiError('GET /health', answer);
    return answer.body as OperationResponse<'GET /health'>;
  }
}

/** `/api/flows/:id/versions/:version` with `{ id, version }`, each value URL-encoded. */
function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new TypeError(`${pattern}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

/** `?status=failed&limit=20`: undefined values left out, a list as the parameter repeated. */
export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, item instanceof Date ? item.toISOString() : String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function apiError(id: string, answer: RawAnswer): SwitchboardApiError {
  const retryAfter = Number(answer.headers.get('retry-after'));
  const retry = Number.isFinite(retryAfter) && answer.headers.has('retry-after') ? retryAfter : null;
  const envelope = apiErrorSchema.safeParse(answer.body);
  if (envelope.success) return new SwitchboardApiError(answer.status, envelope.data.error.code, envelope.data.error.message, envelope.data.error.details, id, retry);
  return new SwitchboardApiError(answer.status, 'UNEXPECTED_RESPONSE', `${id} answered ${answer.status} without the error envelope`, answer.body, id, retry);
}

/** Throws `SwitchboardContractError` when the answer is not what the table says `id` answers with this status. */
function checkAnswer(id: OperationId, answer: RawAnswer): void {
  const problems = answerProblems(id, answer.status, answer.body);
  if (problems.length > 0) throw new SwitchboardContractError(id, answer.status, problems, answer.body);
}

/**
 * What is wrong with an answer of operation `id` against the contract: no answer documented for
 * its status (a 4xx or 5xx must be the error envelope), a body where none is documented, or a body
 * its schema does not describe. Empty when the answer fits.
 */
export function answerProblems(id: OperationId, status: number, body: unknown): string[] {
  const spec: OperationSpec = apiOperations[id];
  const documented = spec.responses[status];
  const schema: z.ZodType | null | undefined = documented ? documented.schema : status >= 400 ? apiErrorSchema : undefined;
  if (schema === undefined) return [`no answer is documented for ${status} (documented: ${Object.keys(spec.responses).join(', ')})`];
  if (schema === null) return body === undefined ? [] : ['documented without a body, but it has one'];
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
}
