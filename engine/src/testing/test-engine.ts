import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { answerProblems, SwitchboardClient, SwitchboardContractError } from '@switchboard/client';
import type { NodeCatalog } from '@switchboard/nodes';
import { operationAtPath, type ApiErrorBody, type BodyAt, type OperationBody, type ResponseAt, type RunView, type ServedPath } from '@switchboard/shared';
import { Redis } from 'ioredis';
import pino from 'pino';
import { Client } from 'pg';
import { inject } from 'vitest';
import { loadConfig, type EngineConfig } from '../config/config';
import { startEngine, type RunningEngine } from '../engine';
import { WorkspacesService } from '../modules/workspaces/workspaces.service';
import { adminQuery, databaseUrl } from '../infra/find-services';

/** A database and a Redis key prefix of one test file's own, copied from the migrated template. */
export class TestEnvironment {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly apiKey = `sb_test_${randomBytes(12).toString('hex')}`;
  private readonly database: string;
  private readonly adminUrl: string;

  constructor() {
    this.adminUrl = inject('adminUrl');
    this.redisUrl = inject('redisUrl');
    const id = randomBytes(5).toString('hex');
    this.database = `switchboard_test_${id}`;
    this.databaseUrl = databaseUrl(this.adminUrl, this.database);
    this.queuePrefix = `{sbtest-${id}}`;
  }

  /** Creates this file's database as a copy of the migrated template (or `empty`, with no schema). */
  async create(options: { empty?: boolean } = {}): Promise<this> {
    await adminQuery(this.adminUrl, `CREATE DATABASE ${this.database}${options.empty ? '' : ` TEMPLATE ${inject('templateDatabase')}`}`);
    return this;
  }

  /** The engine's environment for this test file; `overrides` win. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redisUrl,
      QUEUE_PREFIX: this.queuePrefix,
      ENCRYPTION_KEY: 'test-encryption-key',
      BOOTSTRAP_API_KEY: this.apiKey,
      PORT: '0',
      // Where Meta would reach this engine; the real listening port is only known after start.
      PUBLIC_URL: 'https://flows.example.test',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
      WORKER_LOCK_MS: '3000',
      SWEEP_INTERVAL_MS: '1000',
      STALE_RUN_MS: '3000',
      // The fake providers, model servers and mail servers listen on loopback, which the
      // operator allows here; a test of the outbound policy itself passes OUTBOUND_ALLOW: ''.
      OUTBOUND_ALLOW: '127.0.0.1,localhost',
      ...overrides,
    };
  }

  config(overrides: Record<string, string> = {}): EngineConfig {
    return loadConfig(this.env(overrides));
  }

  /** A plain SQL client on this file's database, for assertions on what Postgres holds. */
  async sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async destroy(): Promise<void> {
    const redis = new Redis(this.redisUrl);
    try {
      let cursor = '0';
      do {
        // `{sbtest-<id>*`: the shards' prefixes extend the tag (`{sbtest-<id>.2of6.5}`).
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.queuePrefix.slice(0, -1)}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    await adminQuery(this.adminUrl, `DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
  }
}

/** An engine running in the test's process, and an HTTP client for its API. */
export class TestEngine {
  private constructor(
    readonly environment: TestEnvironment,
    readonly engine: RunningEngine,
    readonly api: ApiClient,
  ) {}

  static async start(options: { env?: Record<string, string>; catalog?: NodeCatalog } = {}): Promise<TestEngine> {
    const environment = await new TestEnvironment().create();
    const config = environment.config(options.env);
    const engine = await startEngine(config, pino({ level: config.LOG_LEVEL }), { catalog: options.catalog });
    return new TestEngine(environment, engine, new ApiClient(engine.url!, environment.apiKey));
  }

  /** Another workspace with its own API key. */
  async otherWorkspace(): Promise<ApiClient> {
    const workspaces = this.engine.app.get(WorkspacesService);
    const workspace = await workspaces.create('Another workspace');
    const key = await workspaces.createApiKey(workspace.id, 'test');
    return new ApiClient(this.engine.url!, key);
  }

  async stop(): Promise<void> {
    await this.engine.close();
    await this.environment.destroy();
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  /** The success body its operation describes; an error answer's body is the envelope `{ error: { code, message, details? } }`. */
  body: T;
}

/**
 * The HTTP API as an integration uses it, for tests: `client` is the typed `@switchboard/client`;
 * `get`/`post`/`put`/`patch`/`delete` take a path and are typed by the operation that serves it (a
 * path no operation serves does not compile) and answer any status. Both check every answer
 * against the contract, so a test fails when a route answers what its schema does not describe;
 * `request` sends anything, untyped and unchecked, for input the API must refuse.
 */
export class ApiClient {
  readonly client: SwitchboardClient;

  constructor(
    readonly baseUrl: string,
    readonly apiKey: string | null,
    /** How requests go out (the contract test passes one that checks every answer). */
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {
    this.client = new SwitchboardClient({ baseUrl, apiKey, validateResponses: true, fetch: fetcher });
  }

  withKey(apiKey: string | null): ApiClient {
    return new ApiClient(this.baseUrl, apiKey, this.fetcher);
  }

  /** Any method, path and body, untyped and unchecked: for input the API must refuse, or a path outside the API. */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse<any>> {
    const answer = await this.client.fetchRaw(method, path, body);
    return { status: answer.status, body: answer.body };
  }

  get<const P extends string>(path: P & ServedPath<'GET', P>): Promise<ApiResponse<Answered<ResponseAt<'GET', P>>>> {
    return this.checked('GET', path);
  }

  post<const P extends string>(path: P & ServedPath<'POST', P>, body?: BodyAt<'POST', P>): Promise<ApiResponse<Answered<ResponseAt<'POST', P>>>> {
    return this.checked('POST', path, body ?? {});
  }

  put<const P extends string>(path: P & ServedPath<'PUT', P>, body?: BodyAt<'PUT', P>): Promise<ApiResponse<Answered<ResponseAt<'PUT', P>>>> {
    return this.checked('PUT', path, body);
  }

  patch<const P extends string>(path: P & ServedPath<'PATCH', P>, body?: BodyAt<'PATCH', P>): Promise<ApiResponse<Answered<ResponseAt<'PATCH', P>>>> {
    return this.checked('PATCH', path, body);
  }

  delete<const P extends string>(path: P & ServedPath<'DELETE', P>): Promise<ApiResponse<Answered<ResponseAt<'DELETE', P>>>> {
    return this.checked('DELETE', path);
  }

  /** Sends, and fails the test (`SwitchboardContractError`) when the answer is not what the operation serving the path describes. */
  private async checked(method: string, path: string, body?: unknown): Promise<ApiResponse<any>> {
    const answer = await this.request(method, path, body);
    const operation = operationAtPath(method, path);
    const problems = operation ? answerProblems(operation, answer.status, answer.body) : [`no operation serves ${method} ${path}`];
    if (problems.length > 0) throw new SwitchboardContractError(operation ?? `${method} ${path}`, answer.status, problems, answer.body);
    return answer;
  }

  /**
   * Polls a run until `done` says so (default: a final status) or the timeout passes. Takes the
   * `runId` of an answer as it is: null (a manual or test run that started nothing) fails at once.
   */
  async waitForRun(runId: string | null, done: (run: RunView) => boolean = (run) => ['succeeded', 'failed', 'cancelled'].includes(run.status), timeoutMs = 15_000): Promise<RunView> {
    if (runId === null) throw new Error('no run was started, so there is none to wait for');
    const deadline = Date.now() + timeoutMs;
    let run: unknown;
    while (Date.now() < deadline) {
      const answer = await this.client.send('GET /api/runs/:id', { params: { id: runId } });
      run = answer.body;
      if (answer.status === 200 && done(answer.body as RunView)) return answer.body as RunView;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${runId} did not get there in ${timeoutMs} ms; last seen: ${JSON.stringify(run)}`);
  }

  /** Creates a sandbox connection and returns its id. */
  async sandbox(name = 'Sandbox'): Promise<string> {
    return (await this.client.connections.create({ name, provider: 'whatsapp.sandbox', config: {} })).id;
  }

  /** Unpublishes every published flow of the workspace but `keep`: tests that publish on a shared event type clean up so. */
  async unpublishAll(keep: readonly string[] = []): Promise<void> {
    const { flows } = await this.client.flows.list();
    for (const flow of flows) if (flow.status === 'published' && !keep.includes(flow.id)) await this.client.flows.unpublish(flow.id);
  }

  /** Creates and publishes a flow; returns its id. */
  async publish(name: string, graph: DraftGraph): Promise<string> {
    const created = await this.client.flows.create({ name, graph });
    await this.client.flows.publish(created.id);
    return created.id;
  }
}

/** A graph as a test writes it: any nodes and edges (a draft may be invalid). */
export type DraftGraph = NonNullable<OperationBody<'POST /api/flows'>['graph']>;

/**
 * The error envelope as a test reads it. `details` is the contract's own free field (each bad
 * field of a 400, the classified error of a 422…), read per code, so it stays untyped here.
 */
export interface ErrorField {
  error?: Omit<ApiErrorBody['error'], 'details'> & { details?: any };
}

/**
 * A body as a test reads it: the operation's success body, and on an error answer the envelope
 * (`body.error?.code`), so a test can read either without a cast.
 */
export type Answered<T> = [T] extends [undefined] ? ErrorField | undefined : T & ErrorField;

/** The engine as its own process (`node engine/dist/main.js`), to kill it for real. */
export class EngineProcess {
  private child?: ChildProcess;
  url = '';
  private output = '';

  constructor(
    private readonly environment: TestEnvironment,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<this> {
    const main = join(__dirname, '..', '..', 'dist', 'main.js');
    const child = spawn(process.execPath, [main], { env: { ...process.env, ...this.environment.env({ LOG_LEVEL: 'info', ...this.env }) }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    // api and all roles are ready when they listen; a worker when it consumes the queue.
    const listening = new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)"/.exec(this.output);
        if (match) resolve(match[1]!);
        else if (this.env.ROLE === 'worker' && this.output.includes('"msg":"worker started"')) resolve('');
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`engine exited with ${code} before listening:\n${this.output}`)));
    });
    this.url = await Promise.race([listening, new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`engine did not start:\n${this.output}`)), 30_000))]);
    return this;
  }

  api(): ApiClient {
    return new ApiClient(this.url, this.environment.apiKey);
  }

  /** Resolves when the process has exited (on its own, e.g. by an injected fault, or killed). */
  exited(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Whether the process is still running (it has neither exited nor been killed). */
  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote so far (for failure messages). */
  get log(): string {
    return this.output;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const exited = this.exited();
    this.child?.kill(signal);
    await exited;
  }
}
