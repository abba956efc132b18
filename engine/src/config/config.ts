import { z } from 'zod';

/**
 * The engine's configuration: typed, validated once at boot, and the only reader of
 * `process.env`. Every other part of the engine receives an `EngineConfig`.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  /**
   * A Redis Cluster instead of the single Redis at REDIS_URL: comma-separated `host:port` of
   * its nodes, any node first (the rest of the cluster is discovered from it). An entry may
   * also be a `redis://` or `rediss://` URL; the first entry's user, password and TLS apply to
   * every node, as a managed cluster-mode Redis shares them.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .transform((value, context) => {
      const nodes = parseClusterNodes(value);
      if (typeof nodes === 'string') {
        context.addIssue({ code: 'custom', message: nodes });
        return z.NEVER;
      }
      return nodes;
    })
    .optional(),
  /** Where embedded Postgres, the private Redis and the generated keys live. */
  DATA_DIR: z.string().optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  ENCRYPTION_KEY: z.string().optional(),
  BOOTSTRAP_API_KEY: z.string().min(16, 'BOOTSTRAP_API_KEY must be at least 16 characters').optional(),
  /** Where users reach this engine (links, webhook URLs); `http://localhost:<PORT>` when unset. */
  PUBLIC_URL: z.string().url().optional(),
  /** `smtp://user:pass@host:port` (or `smtps://`); unset: emails are captured and listed at /api/emails. */
  SMTP_URL: z.string().url('SMTP_URL looks like smtp://user:password@host:587').optional(),
  /** The sender of emails sent through SMTP_URL. */
  SMTP_FROM: z.string().default('Switchboard <switchboard@localhost>'),
  /** An OpenAI-compatible chat completions API (`https://api.openai.com/v1`, Ollama's `http://localhost:11434/v1`); unset: the offline AI rules. */
  AI_BASE_URL: z.string().url('AI_BASE_URL looks like https://api.openai.com/v1').optional(),
  AI_API_KEY: z.string().optional(),
  AI_MODEL: z.string().optional(),
  /**
   * Hosts every workspace's outbound calls (provider, AI and SMTP connections, `http.request`)
   * may reach even on a private, loopback or link-local address: comma-separated names,
   * addresses, `*.suffix` or `host:port` (a local model server: `localhost:11434`). Unset:
   * such addresses are refused unless a workspace lists the host in its allowed hosts. The
   * engine's own `AI_BASE_URL` and `SMTP_URL` are operator configuration and not checked.
   */
  OUTBOUND_ALLOW: z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/, 'OUTBOUND_ALLOW lists hosts or host:port, e.g. localhost:11434,10.0.0.5')))
    .default([]),
  /** How long one call to a WhatsApp provider (Meta, Heltar, AiSensy) may take; a send that times out has an unknown outcome. */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How long a sandbox sender takes to approve a template created on it (ms): its stand-in for Meta's review. */
  SANDBOX_TEMPLATE_APPROVAL_MS: z.coerce.number().int().min(0).default(5_000),
  /** How long an SMTP server may stay silent (connecting, greeting, any answer); silence after the session opened leaves the mail's outcome unknown. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** How long one AI call may take before it fails with TIMEOUT. */
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  DEFAULT_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'DEFAULT_PHONE_COUNTRY must be an ISO 3166 alpha-2 code such as DE')
    .transform((value) => value.toUpperCase())
    .optional(),
  RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** Prefix of every Redis key (queues carry a hash tag so a Redis Cluster keeps them on one slot). */
  QUEUE_PREFIX: z.string().default('{switchboard}'),
  /**
   * How many queues the steps, alarms, schedules and webhooks are spread over, each under a
   * hash tag of its own derived from QUEUE_PREFIX's: on a Redis Cluster, enough to put queues on
   * every master (a multiple of the masters' count spreads them evenly). A run's steps stay in
   * one. Every process must use the same count; changing it moves the jobs (see `ShardRegistry`).
   * Unset: 1 on one Redis, `CLUSTER_QUEUE_SHARDS` on a Redis Cluster.
   */
  QUEUE_SHARDS: z.coerce.number().int().min(1).max(64).optional(),
  /** The shards a worker consumes (`0-2`, `0,3`); unset: every one. Each shard must be consumed by some worker. */
  WORKER_SHARDS: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` (one object per line) or `pretty` (coloured, for a person); unset: pretty when stdout is a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'LOG_FORMAT must be json or pretty' }).optional(),
  /** How long a worker holds a job before another may take it over (a crashed worker's jobs come back after this). */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often the sweep re-arms due waitpoints and reconciles runs that stopped moving. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** How often each worker's campaign dispatcher starts the due recipients' runs (each sender's rate is spread over these ticks). */
  CAMPAIGN_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).max(10_000).default(250),
  /** A run not updated for this long is reconciled by the sweep. */
  STALE_RUN_MS: z.coerce.number().int().min(100).default(60_000),
  /** Requests per second one address may send to each public route group (webhooks, function invokes, the sandbox's inbound); 0 turns it off. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(100),
  /** How many requests above that rate one address may send at once. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(200),
  /** `open`: anyone who reaches the engine may create an account (with a workspace of their own); `invite`: only with an invitation or the first start's setup link. */
  SIGNUP: z.enum(['open', 'invite'], { error: 'SIGNUP must be open or invite' }).default('open'),
  /** A session not used for this long ends (sliding: each use extends it). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(7 * 24 * 60),
  /** A session ends this long after sign-in however much it is used. */
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).default(30),
  /**
   * OpenID Connect single sign-on: the issuer's URL (its `/.well-known/openid-configuration` is
   * read at the first sign-in, then hourly); unset: no SSO. Register `<PUBLIC_URL>/api/auth/oidc/callback`
   * as the client's redirect URI at the provider.
   */
  OIDC_ISSUER: z.string().url('OIDC_ISSUER looks like https://accounts.example.com').optional(),
  /** The client this engine is at the provider (SSO is on when OIDC_ISSUER and this are set). */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** The client's secret (client_secret_basic, or client_secret_post when that is all the provider takes); unset: a public client, PKCE alone. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The sign-in button's label: "Sign in with <OIDC_NAME>". */
  OIDC_NAME: z.string().min(1).default('SSO'),
  /** Failed authentications one address may make per minute before getting 429. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /**
   * The worker role serves no API; with this set it listens here for `GET /metrics` and
   * `GET /health` only, for Prometheus to scrape each worker. Unset: a worker serves no HTTP.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** When set, `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** How long opening a Postgres connection may take before the request fails (a partition fails fast). */
  PG_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Longest statement Postgres runs for the engine (server-side `statement_timeout`); the client gives up a little later. Migrations have none. */
  PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * Connections each process keeps to Postgres, or to the pooler in front of it. Every process
   * has its own pool: processes × this must fit the server's `max_connections` (less what
   * others use), or the pooler's client limit when DATABASE_URL is a pooler.
   */
  PG_POOL_SIZE: z.coerce
    .number({ error: 'PG_POOL_SIZE must be a number of connections, e.g. 10' })
    .int('PG_POOL_SIZE must be a whole number of connections')
    .min(1, 'PG_POOL_SIZE must be at least 1')
    .default(20),
  /**
   * What DATABASE_URL reaches. `none`: Postgres itself, or a pooler in session mode.
   * `transaction`: a pooler in transaction mode (PgBouncer's `pool_mode = transaction`), where
   * consecutive statements outside a transaction may run on different server connections: the
   * engine then sends no `statement_timeout` at connect (PgBouncer refuses it; set it on the
   * role or database instead) and names no prepared statement (a name prepared on one server
   * connection is unknown on the next).
   */
  PG_POOLER: z.enum(['none', 'transaction'], { error: 'PG_POOLER must be none or transaction' }).default('none'),
  /** How long connecting to Redis may take. */
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** How long a Redis command may wait for its answer (not on the workers' blocking connections). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** On SIGTERM/SIGINT: how long the steps in flight get to finish before the process exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(25_000),
  /** Maximum size of an API request body. */
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /**
   * OpenTelemetry tracing, off by default, configured by the standard variables (the
   * specification's names and meanings; no other names). On when `OTEL_TRACES_EXPORTER`
   * includes `otlp`, or when it is unset and an OTLP endpoint is set; `none` or
   * `OTEL_SDK_DISABLED=true` turns it off. Spans go to OTLP over HTTP (JSON); the SDK itself
   * reads `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT` and the sampler
   * (`OTEL_TRACES_SAMPLER`, parent-based always-on by default) from the environment.
   */
  OTEL_SDK_DISABLED: z
    .string()
    .optional()
    .transform((value) => value?.trim().toLowerCase() === 'true'),
  /** Comma-separated exporters: `otlp` (the only one this engine has) or `none`. */
  OTEL_TRACES_EXPORTER: z
    .string()
    .transform((value) => value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean))
    .optional(),
  /** The collector's base URL (`http://collector:4318`); traces go to `<it>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('OTEL_EXPORTER_OTLP_ENDPOINT looks like http://collector:4318').optional(),
  /** The full traces URL (`http://collector:4318/v1/traces`), used as it is; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT looks like http://collector:4318/v1/traces').optional(),
  /** The spans' `service.name`; the process's role (all, api, worker) is the resource attribute `switchboard.role`. */
  OTEL_SERVICE_NAME: z.string().min(1).default('switchboard'),
  /** Milliseconds between two exports of the batch span processor (the SDK's default: 5000). */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(0).optional(),
  /** Test-only fault injection: `crash-after-side-effect` kills the worker right after a provider call. */
  SWITCHBOARD_FAULT: z.string().optional(),
});

export type EngineConfig = Omit<z.output<typeof schema>, 'QUEUE_SHARDS'> & {
  QUEUE_SHARDS: number;
  PUBLIC_URL: string;
  role: 'all' | 'api' | 'worker';
  /** The shard indexes this process consumes when it runs steps: `WORKER_SHARDS`, or every shard. */
  workerShards: number[];
};

/**
 * Queue shards on a Redis Cluster when `QUEUE_SHARDS` is unset: the queue then spreads over the
 * masters without being told to. Six slices of the slots sit evenly on 1, 2, 3 or 6 masters
 * (two per master on the usual three); a larger cluster wants `QUEUE_SHARDS` set to a multiple
 * of its masters.
 */
export const CLUSTER_QUEUE_SHARDS = 6;

export class ConfigError extends Error {}

/** The nodes of a Redis Cluster to start from, and what every node shares. */
export interface RedisClusterNodes {
  nodes: Array<{ host: string; port: number }>;
  username?: string;
  password?: string;
  tls: boolean;
}

/** Whether keys starting with `prefix` hash by a tag, by Redis Cluster's rule: the text between the first `{` and the next `}`, if not empty. */
function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  return open >= 0 && prefix.indexOf('}', open + 1) > open + 1;
}

/** `REDIS_CLUSTER_NODES`, or the message saying what is wrong with it. */
function parseClusterNodes(value: string): RedisClusterNodes | string {
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return 'REDIS_CLUSTER_NODES lists no node; it looks like 10.0.0.1:7000,10.0.0.2:7000';
  const urls: URL[] = [];
  for (const entry of entries) {
    let url: URL;
    try {
      url = new URL(entry.includes('://') ? entry : `redis://${entry}`);
    } catch {
      return `REDIS_CLUSTER_NODES: "${entry}" is not host:port`;
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `REDIS_CLUSTER_NODES: "${entry}" is neither host:port nor a redis:// or rediss:// URL`;
    if (!url.hostname || !url.port) return `REDIS_CLUSTER_NODES: "${entry}" has no port; entries look like host:port`;
    urls.push(url);
  }
  const first = urls[0]!;
  return {
    // URL keeps an IPv6 host in brackets; a socket wants it bare.
    nodes: urls.map((url) => ({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) })),
    username: first.username ? decodeURIComponent(first.username) : undefined,
    password: first.password ? decodeURIComponent(first.password) : undefined,
    tls: first.protocol === 'rediss:',
  };
}

/**
 * Which shards a worker consumes: `WORKER_SHARDS` (`0-2`, `0,3`, `1,4-5`), or every one.
 * Returns the indexes, or the message saying what is wrong.
 */
function parseShardList(value: string, count: number): number[] | string {
  const indexes = new Set<number>();
  for (const part of value.split(',').map((entry) => entry.trim()).filter(Boolean)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return `WORKER_SHARDS: "${part}" is neither a shard number nor a range such as 0-2`;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return `WORKER_SHARDS: the range "${part}" ends before it starts`;
    if (last >= count) return `WORKER_SHARDS: shard ${last} does not exist; QUEUE_SHARDS is ${count}, so shards are numbered 0 to ${count - 1}`;
    for (let index = first; index <= last; index++) indexes.add(index);
  }
  if (indexes.size === 0) return 'WORKER_SHARDS names no shard; it looks like 0-2 or 0,3';
  return [...indexes].sort((a, b) => a - b);
}

/** Reads and validates the environment; throws a `ConfigError` naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  // Every key of a queue must share one cluster slot (BullMQ's scripts touch several keys at once).
  if (parsed.data.REDIS_CLUSTER_NODES && !hasHashTag(parsed.data.QUEUE_PREFIX)) {
    throw new ConfigError(`Invalid configuration:\n  QUEUE_PREFIX: on a Redis Cluster it must carry a hash tag such as {switchboard}; "${parsed.data.QUEUE_PREFIX}" has none`);
  }
  const shards = parsed.data.QUEUE_SHARDS ?? (parsed.data.REDIS_CLUSTER_NODES ? CLUSTER_QUEUE_SHARDS : 1);
  // Each shard's hash tag is derived from the prefix's.
  if (shards > 1 && !hasHashTag(parsed.data.QUEUE_PREFIX)) {
    throw new ConfigError(`Invalid configuration:\n  QUEUE_PREFIX: with QUEUE_SHARDS above 1 it must carry a hash tag such as {switchboard}, from which each shard's is derived; "${parsed.data.QUEUE_PREFIX}" has none`);
  }
  const workerShards = parsed.data.WORKER_SHARDS ? parseShardList(parsed.data.WORKER_SHARDS, shards) : [...Array(shards).keys()];
  if (typeof workerShards === 'string') throw new ConfigError(`Invalid configuration:\n  ${workerShards}`);
  return { ...parsed.data, QUEUE_SHARDS: shards, PUBLIC_URL: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`, role: parsed.data.ROLE, workerShards };
}
