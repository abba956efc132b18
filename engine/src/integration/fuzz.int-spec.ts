import { createHmac, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../bench/meta-cloud';
import { callCompletedEvent } from '../testing/fixtures';
import { metaMessagesPayload, metaSignature, metaStatusPayload } from '../testing/meta-webhook';
import { liveRoutes, type LiveRoute } from '../testing/route-table';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/**
 * A seeded fuzz of every route the engine serves: 10,000 generated requests, hostile in the ways
 * attackers and broken integrations are (NUL bytes, lone surrogates, prototype keys, deep
 * nesting, huge numbers, long strings, broken JSON, wrong content types, forged cursors,
 * negative limits, unicode in paths), and not one may answer 5xx. The seed is printed; run one
 * again with `FUZZ_SEED=<seed>`.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const TOTAL = Number(process.env.FUZZ_TOTAL ?? 10_000);
const CONCURRENCY = 16;
const BODY_LIMIT = 1_048_576;
const META_SECRET = 'fuzz-app-secret';
const RETELL_KEY = 'fuzz-retell-key';
const META_PHONE_NUMBER_ID = '55501';
const FUNCTION_NAME = 'fuzz_lookup';
const HOOK_PATH = 'fuzz-hook';

/** Routes the fuzz leaves alone, and why. */
const SKIPPED = new Set([
  // A server-sent event stream: it answers 200 and never ends (its query is fuzzed by nothing else).
  'GET /api/alerts/stream',
]);


class Gen {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

interface Case {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** Values of the wrong kind, or of the right kind but hostile. */
function hostileValue(gen: Gen): unknown {
  const values: Array<() => unknown> = [
    () => '\u0000',
    () => `before\u0000after`,
    () => '\ud800',
    () => `half \ud83d emoji`,
    () => '\udfff\ud800',
    () => '',
    () => ' ',
    () => 'x'.repeat(1 + gen.int(20_000)),
    () => -1,
    () => 0,
    () => -0.5,
    () => 1e308,
    () => -1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => 2 ** 31,
    () => true,
    () => false,
    () => null,
    () => [],
    () => {},
    () => [1, 'two', null],
    () => ({ nested: { deeper: ['x'] } }),
    () => '../../etc/passwd',
    () => '{{constructor.constructor("return process")()}}',
    () => '{{#each}}{{/if}}',
    () => '<script>alert(1)</script>',
    () => "'; DROP TABLE flows; --",
    () => '𝕏 ünïcödé ‮ right-to-left',
    () => '2026-13-45T99:99:99Z',
    () => 'constructor',
    () => '__proto__',
    () => 'toString',
    () => 'hasOwnProperty',
    () => randomLikeUuid(gen),
    () => 'not-a-uuid',
    () => '+1',
    () => '+' + '9'.repeat(40),
    () => 'https://169.254.169.254/latest/meta-data',
    () => 'http://127.0.0.1:9/#',
    () => '(a+)+$',
    () => '^(a|aa)+$',
  ];
  return gen.pick(values)();
}

/** A uuid from the generator (deterministic), not crypto. */
function randomLikeUuid(gen: Gen): string {
  const hex = () => gen.int(16).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

/** Changes one place in a JSON value: a field of the wrong type, a hostile value, a key removed or added. */
function mutate(gen: Gen, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6 || gen.chance(0.25)) return hostileValue(gen);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length === 0 || gen.chance(0.2)) copy.push(hostileValue(gen));
    else {
      const index = gen.int(copy.length);
      copy[index] = mutate(gen, copy[index], depth + 1);
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const roll = gen.random();
  if (keys.length === 0 || roll < 0.15) copy[gen.pick(['extra', 'id', 'type', 'data', 'config', 'graph', 'name', 'limit', 'cursor', '𝕏'])] = hostileValue(gen);
  else if (roll < 0.25) delete copy[gen.pick(keys)];
  else {
    const key = gen.pick(keys);
    copy[key] = mutate(gen, copy[key], depth + 1);
  }
  return copy;
}

/** A JSON schema's plainest valid instance (the OpenAPI document's request bodies). */
function sampleOf(schema: any, depth = 0): unknown {
  if (!schema || depth > 8) return {};
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant) return sampleOf(variant[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: any) => sampleOf(part, depth + 1)));
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) out[key] = sampleOf(property, depth + 1);
      return out;
    }
    case 'array':
      return [sampleOf(schema.items, depth + 1)];
    case 'string':
      return schema.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return {};
  }
}

/** Ways a body's text goes wrong beyond its values, each given the valid-ish JSON value. */
function bodyText(gen: Gen, value: unknown): { body?: Buffer | string; contentType?: string } {
  const json = 'application/json';
  const roll = gen.random();
  const text = JSON.stringify(value) ?? 'null';
  if (roll < 0.4) return { body: text, contentType: json };
  if (roll < 0.47) {
    // A prototype-named key, at the top or inside.
    const key = gen.pick(['__proto__', 'constructor', 'prototype']);
    const at = text.startsWith('{') ? 1 : -1;
    const injected = at === 1 ? `{"${key}":{"polluted":true}${text === '{}' ? '' : ','}${text.slice(1)}` : `{"${key}":{"polluted":true},"value":${text}}`;
    return { body: injected, contentType: json };
  }
  if (roll < 0.53) {
    // Deep nesting, up to 10,000 levels.
    const depth = gen.pick([65, 100, 1000, 10_000]);
    const inner = gen.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    return { body: gen.chance(0.5) ? inner : text.startsWith('{') && text !== '{}' ? `{"deep":${inner},${text.slice(1)}` : inner, contentType: json };
  }
  if (roll < 0.58) {
    // Numbers JSON allows and JavaScript cannot hold.
    const huge = gen.pick(['1e400', '-1e400', '123456789012345678901234567890123', '0.0000000000000000000000000000000001', '-0', '1E+999999']);
    const replaced = text.replace(/-?\d+(\.\d+)?/, huge);
    return { body: replaced === text ? `{"amount":${huge},"limit":${huge}}` : replaced, contentType: json };
  }
  if (roll < 0.595) {
    // Long strings, up to the body limit and just past it.
    const size = gen.chance(0.6) ? BODY_LIMIT - 64 - gen.int(1024) : BODY_LIMIT + 1 + gen.int(1024);
    return { body: `{"name":"${'x'.repeat(size)}","text":"y"}`, contentType: json };
  }
  if (roll < 0.63) return { body: '', contentType: json };
  if (roll < 0.68) {
    const broken = [text.slice(0, Math.max(1, gen.int(text.length))), `${text},`, text.replace(/"/g, "'"), 'undefined', '{', '}', '{"a":1,}', 'NaN', `${text}${text}`, '\uFEFF' + text];
    return { body: gen.pick(broken), contentType: json };
  }
  if (roll < 0.72) {
    const type = gen.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', 'none']);
    return type === 'none' ? { body: Buffer.from(text) } : { body: type.startsWith('application/x-www') ? 'a=1&b=%00&__proto__[x]=1' : text, contentType: type };
  }
  if (roll < 0.78) {
    // Raw bytes no JSON.stringify gives: a lone surrogate encoded as UTF-8 (ED A0 80), invalid UTF-8, a raw NUL.
    const bytes = gen.pick([Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff, 0xfe]), Buffer.from([0x00]), Buffer.from([0xc0, 0x80])]);
    const quote = text.indexOf('"', 1);
    const at = quote > 0 ? quote : 0;
    const raw = quote > 0 ? Buffer.concat([Buffer.from(text.slice(0, at)), bytes, Buffer.from(text.slice(at))]) : Buffer.concat([Buffer.from('{"text":"a'), bytes, Buffer.from('b"}')]);
    return { body: raw, contentType: json };
  }
  if (roll < 0.85) {
    // Escapes JSON allows and Postgres refuses: \u0000 and lone surrogates.
    const escape = gen.pick(['\\u0000', '\\ud800', '\\udfff', '\\ud83d\\u0041']);
    const replaced = text.replace(/"([^"\\]*)"(?=[,}\]])/, `"$1${escape}"`);
    return { body: replaced === text ? `{"text":"x${escape}y","name":"${escape}"}` : replaced, contentType: json };
  }
  if (roll < 0.9) return { body: gen.pick(['[]', '"a string"', '123', 'null', 'true', '[{}]', '[null]']), contentType: json };
  return { body: JSON.stringify(mutate(gen, mutate(gen, value))), contentType: json };
}

/** A path parameter: one of the workspace's real ids mostly, else something hostile (already URL-encoded). */
function paramValue(gen: Gen, real: string[]): string {
  if (real.length > 0 && gen.chance(0.6)) return encodeURIComponent(gen.pick(real));
  return gen.pick([
    () => randomLikeUuid(gen),
    () => 'not-a-uuid',
    () => '%00',
    () => 'a%00b',
    () => '%ED%A0%80',
    () => '%F0%9D%95%8F%C3%A9',
    () => encodeURIComponent('𝕏 ünï'),
    () => 'x'.repeat(2000 + gen.int(3000)),
    () => '..%2F..%2Fetc',
    () => '-1',
    () => '0',
    () => '1e400',
    () => '99999999999999999999',
    () => 'constructor',
    () => '__proto__',
    () => '%25',
    () => '%',
  ])();
}

/** A query string: filters, limits and cursors of the wrong kind. */
function queryString(gen: Gen, ids: string[]): string {
  if (gen.chance(0.1)) return '';
  const keys = ['limit', 'cursor', 'status', 'flowId', 'runId', 'conversationId', 'connectionId', 'phone', 'from', 'to', 'unread', 'priority', 'assignee', 'format', 'groupBy', 'interval', 'includeTests', 'template', 'campaignId', 'eventId', 'callId', 'hub.mode', 'hub.verify_token', 'hub.challenge', '__proto__[x]', 'constructor', 'toString', 'limit[]', 'a[b][c]'];
  const cursor = () =>
    Buffer.from(
      gen.pick([
        JSON.stringify(['yesterday', randomLikeUuid(gen)]),
        JSON.stringify([1, 2]),
        JSON.stringify({}),
        JSON.stringify([null, null]),
        JSON.stringify(['2026-01-01T00:00:00Z', 'x']),
        JSON.stringify(['2026-01-01T00:00:00Z', randomLikeUuid(gen), 'extra']),
        JSON.stringify([`${'9'.repeat(30)}`, randomLikeUuid(gen)]),
        '\u0000',
        'not json',
      ]),
    ).toString(gen.chance(0.5) ? 'base64url' : 'base64');
  const values = [
    () => '-1',
    () => '0',
    () => '1',
    () => '1e400',
    () => '99999999999',
    () => '-99999999999',
    () => '1.5',
    () => 'NaN',
    () => 'abc',
    () => '',
    () => '%00',
    () => '%ED%A0%80',
    () => encodeURIComponent('𝕏'),
    () => encodeURIComponent(cursor()),
    () => 'forged-cursor',
    () => encodeURIComponent(gen.pick(ids.length > 0 ? ids : ['x'])),
    () => 'x'.repeat(1000 + gen.int(4000)),
    () => 'true',
    () => 'failed',
    () => encodeURIComponent('+14155551234'),
    () => '2026-13-45',
    () => gen.pick(['flow', 'template', 'sender', 'campaign', 'day', 'hour']),
    () => encodeURIComponent(new Date(Date.UTC(1970 + gen.int(200), gen.int(12), 1 + gen.int(28))).toISOString()),
  ];
  const parts: string[] = [];
  const count = 1 + gen.int(4);
  for (let i = 0; i < count; i++) parts.push(`${gen.pick(keys)}=${gen.pick(values)()}`);
  return `?${parts.join('&')}`;
}

interface World {
  ids: Record<string, string[]>;
  seeds: Record<string, unknown>;
  openApiBodies: Record<string, unknown>;
}

/** The workspace's ids for a parameter, by the route pattern up to it (the fuzz uses them mostly, and hostile ones otherwise). */
function idsFor(world: World, pattern: string): string[] {
  return world.ids[pattern] ?? [];
}

function generate(gen: Gen, route: LiveRoute, world: World): Case {
  const key = `${route.method} ${route.path}`;
  const parts = route.path.split('/');
  const path = parts
    .map((part, index) => {
      if (part === '*') return gen.chance(0.6) ? HOOK_PATH : gen.pick(['', 'a/b/c', '%00', '%ED%A0%80', 'x'.repeat(150), encodeURIComponent('𝕏'), 'fuzz-hook/../x']);
      if (!part.startsWith(':')) return part;
      return paramValue(gen, idsFor(world, parts.slice(0, index + 1).join('/')));
    })
    .join('/');
  const headers: Record<string, string> = {};
  const isPublic = route.path.startsWith('/webhooks/') || route.path === '/health' || route.path === '/metrics';
  if (!isPublic || gen.chance(0.1)) headers.authorization = `Bearer ${world.ids.apiKey![0]}`;
  // Now and then a key that is no key: empty, another scheme, far too long, a prefix of the real one.
  if (gen.chance(0.03)) headers.authorization = gen.pick(['Bearer ', 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(8000)}`, `Bearer ${world.ids.apiKey![0]!.slice(0, 12)}`, 'Bearer %00', `bearer ${world.ids.apiKey![0]}`]);

  if (route.method === 'GET' || route.method === 'DELETE') {
    return { route: key, method: route.method, path: `${path}${route.method === 'GET' ? queryString(gen, Object.values(world.ids).flat()) : ''}`, headers };
  }
  const seed = world.seeds[key] ?? world.openApiBodies[key] ?? {};
  const seeded = typeof seed === 'function' ? (seed as (gen: Gen) => unknown)(gen) : seed;
  const value = gen.chance(0.3) ? seeded : mutate(gen, seeded);
  const { body, contentType } = bodyText(gen, value);
  const query =
    route.path === '/api/functions/:name/invoke' && gen.chance(0.6)
      ? `?format=${gen.pick(['vapi', 'retell', 'elevenlabs', 'bland', 'openai', 'VAPI', ''])}`
      : gen.chance(0.1)
        ? queryString(gen, Object.values(world.ids).flat())
        : '';
  if (contentType) headers['content-type'] = contentType;
  if (route.path === '/webhooks/whatsapp/:connectionId' && body !== undefined && gen.chance(0.6)) {
    // Signed with the connection's app secret, so the body goes past the signature to be stored.
    headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', META_SECRET).update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body).digest('hex')}`;
  }
  if (route.path === '/webhooks/voice/:connectionId' && body !== undefined && gen.chance(0.6)) {
    // Signed as Retell signs (the fuzz's voice connection is a Retell one), so the body is read.
    const stamp = String(Date.now());
    const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    headers['x-retell-signature'] = `v=${stamp},d=${createHmac('sha256', RETELL_KEY).update(Buffer.concat([raw, Buffer.from(stamp)])).digest('hex')}`;
  }
  if (route.path === '/webhooks/in/*' && gen.chance(0.3)) headers['idempotency-key'] = gen.pick(['call-123', '', ' ', 'x'.repeat(300), 'fuzz-key', '%00']);
  return { route: key, method: route.method, path: `${path}${query}`, headers, body };
}

interface Outcome {
  case: Case;
  status: number;
  answer: string;
  ms: number;
}

async function send(baseUrl: string, c: Case): Promise<Outcome> {
  const startedAt = performance.now();
  try {
    // A redirect (single sign-on's routes answer with one) is the answer, not followed off the engine.
    const response = await fetch(`${baseUrl}${c.path}`, { method: c.method, headers: c.headers, body: c.body, redirect: 'manual', signal: AbortSignal.timeout(45_000) });
    const answer = await response.text();
    return { case: c, status: response.status, answer, ms: performance.now() - startedAt };
  } catch (error) {
    return { case: c, status: 0, answer: `no answer: ${(error as Error).message}; ${String((error as { cause?: unknown }).cause ?? '')}`, ms: performance.now() - startedAt };
  }
}

function inEnvelope(answer: string): boolean {
  try {
    const { error } = JSON.parse(answer) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === 'string' && typeof error.message === 'string';
  } catch {
    return false;
  }
}

function excerpt(body: Buffer | string | undefined): string {
  if (body === undefined) return '(no body)';
  const text = typeof body === 'string' ? body : body.toString('latin1');
  return JSON.stringify(text.length > 160 ? `${text.slice(0, 160)}… (${text.length} characters)` : text);
}

describe('a seeded fuzz of every route', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let world: World;

  beforeAll(async () => {
    // No rate limit: 10,000 requests from one address would meet it (429 is fine, but would hide the routes behind it).
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0', AUTH_FAILURES_PER_MINUTE: '1000000' } });
    api = engine.api;
    world = await prepare(engine, api);
  }, 180_000);
  afterAll(() => engine?.stop());

  it('answers no request with 5xx, then still serves', async () => {
    console.log(`fuzz seed ${SEED} (run again with FUZZ_SEED=${SEED}), ${TOTAL} requests`);
    const gen = new Gen(mulberry32(SEED));
    const routes = liveRoutes(engine.engine.app).filter((route) => !SKIPPED.has(`${route.method} ${route.path}`));
    expect(routes.length).toBeGreaterThan(40);
    const cases = Array.from({ length: TOTAL }, (_, index) => generate(gen, routes[index % routes.length]!, world));

    const startedAt = Date.now();
    const outcomes: Outcome[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) outcomes.push(await send(api.baseUrl, cases[next++]!));
      }),
    );
    const seconds = (Date.now() - startedAt) / 1000;
    const byStatus = new Map<number, number>();
    for (const outcome of outcomes) byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
    console.log(`fuzz: ${outcomes.length} requests to ${routes.length} routes in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort(([a], [b]) => a - b)))}`);

    const timeByRoute = new Map<string, number>();
    for (const outcome of outcomes) timeByRoute.set(outcome.case.route, (timeByRoute.get(outcome.case.route) ?? 0) + outcome.ms);
    const slowest = [...timeByRoute].sort(([, a], [, b]) => b - a).slice(0, 5);
    console.log(`fuzz: slowest routes (request-seconds): ${slowest.map(([route, ms]) => `${route} ${(ms / 1000).toFixed(1)}`).join(', ')}`);

    const failures = outcomes.filter((outcome) => outcome.status >= 500 || outcome.status === 0);
    const report = failures.slice(0, 40).map((failure) => `${failure.status} ${failure.case.method} ${failure.case.path.slice(0, 120)} [${failure.case.route}] body ${excerpt(failure.case.body)} → ${failure.answer.slice(0, 200)}`);
    expect(report, `seed ${SEED}: ${failures.length} requests answered 5xx or not at all`).toEqual([]);
    expect(outcomes.length).toBe(TOTAL);
    // Every refusal is in the error envelope, whatever refused it (a handler, the body parser, the router).
    const bare = outcomes.filter((outcome) => outcome.status >= 400 && !inEnvelope(outcome.answer));
    const bareReport = bare.slice(0, 20).map((outcome) => `${outcome.status} ${outcome.case.method} ${outcome.case.path.slice(0, 120)} [${outcome.case.route}] → ${outcome.answer.slice(0, 200)}`);
    expect(bareReport, `seed ${SEED}: ${bare.length} refusals outside the error envelope`).toEqual([]);

    // The engine still serves: health, and an event that starts a run that succeeds.
    expect((await fetch(`${api.baseUrl}/health`)).status).toBe(200);
    const flowId = await api.publish(`After the fuzz ${randomUUID()}`, {
      nodes: [
        { id: 'call', type: 'call.completed', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { phone: '{{trigger.customer.phone}}' } } },
      ],
      edges: [{ id: 'e1', source: 'call', target: 'note' }],
    });
    const posted = await api.post('/api/events', callCompletedEvent({ id: `after-fuzz-${SEED}` }));
    expect(posted.status).toBe(202);
    const runId = posted.body.runs.find((run: { flowId: string }) => run.flowId === flowId)!.runId;
    expect((await api.waitForRun(runId, undefined, 60_000)).status).toBe('succeeded');
  }, 600_000);

  it("answers what Node's HTTP parser refuses (a path past its header limit, bytes that are not HTTP) in the error envelope", async () => {
    const long = await fetch(`${api.baseUrl}/api/conversations/${'x'.repeat(20_000)}`, { headers: { authorization: `Bearer ${api.apiKey}` } });
    expect(long.status).toBe(431);
    expect(inEnvelope(await long.text())).toBe(true);

    const url = new URL(api.baseUrl);
    const garbage = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(inEnvelope(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toBe(true);
  });
});

/** The workspace the fuzz works in: one of each resource whose id a route takes, and valid bodies to start from. */
async function prepare(engine: TestEngine, api: ApiClient): Promise<World> {
  const sandbox = await api.sandbox('Fuzz sandbox');
  const meta = await api.post('/api/connections', {
    name: 'Fuzz meta',
    provider: 'whatsapp.meta',
    config: { accessToken: 't', phoneNumberId: META_PHONE_NUMBER_ID, wabaId: '55502', appSecret: META_SECRET, verifyToken: 'fuzz-verify', baseUrl: 'http://127.0.0.1:9' },
  });
  const heltar = await api.post('/api/connections', { name: 'Fuzz heltar', provider: 'whatsapp.heltar', config: { apiKey: 'k', webhookSecret: 'fuzz-heltar-secret', baseUrl: 'http://127.0.0.1:9' } });
  const retell = await api.post('/api/connections', { name: 'Fuzz retell', provider: 'voice.retell', config: { apiKey: RETELL_KEY } });
  const ai = await api.post('/api/connections', { name: 'Fuzz ai', provider: 'ai.openai_compatible', config: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm' } });
  const draft = await api.post('/api/flows', { name: 'Fuzz draft', graph: { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] } });
  // A draft as broken as a draft may be (saved, with its problems): every flow route must still answer it.
  // Entries that are not shaped as nodes and edges are refused (400 naming them); what they mean is not checked until publish.
  const junk = await api.request('POST', '/api/flows', { name: 'Fuzz junk draft', graph: { nodes: [null, 'node', { id: 7, type: 'flow.set' }], edges: ['edge'] } });
  if (junk.status !== 400 || !junk.body.error.details.some((detail: { field?: string }) => detail.field?.startsWith('graph.nodes'))) throw new Error(`junk draft: ${junk.status} ${JSON.stringify(junk.body)}`);
  const broken = await api.post('/api/flows', {
    name: 'Fuzz broken draft',
    graph: {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'start', type: 'constructor' },
        { id: '', type: 'flow.set', config: { values: null } },
        { id: 'fn', type: 'call.function', config: { name: null } },
        { id: 'far', type: 'flow.delay', config: { amount: 'soon' }, retry: { attempts: 99 } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'nowhere' },
        { id: 'e1', source: 'fn', target: 'fn', sourceHandle: 'sideways' },
      ],
    },
  });
  if (broken.status !== 201) throw new Error(`broken draft: ${broken.status} ${JSON.stringify(broken.body)}`);
  const calls = await api.publish('Fuzz calls', {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      { id: 'task', type: 'task.create', config: { title: 'Call {{trigger.customer.name}}', priority: 'high' } },
      { id: 'alert', type: 'alert.team', config: { message: 'called', recipients: 'all' } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'task' },
      { id: 'e2', source: 'task', target: 'alert' },
    ],
  });
  const fn = await api.publish('Fuzz function', {
    nodes: [
      {
        id: 'called',
        type: 'call.function',
        config: {
          name: FUNCTION_NAME,
          description: 'Looks something up',
          parameters: { type: 'object', properties: { code: { type: 'string', pattern: '^[a-z]+$' }, amount: { type: 'number', minimum: 0 } }, required: ['code'] },
          timeoutMs: 2000,
        },
      },
      { id: 'answer', type: 'flow.respond', config: { body: '{"code":"{{trigger.arguments.code}}"}', status: 200 } },
    ],
    edges: [{ id: 'e1', source: 'called', target: 'answer' }],
  });
  await api.publish('Fuzz hook', {
    nodes: [
      { id: 'hook', type: 'webhook.received', config: { path: HOOK_PATH } },
      { id: 'note', type: 'flow.set', config: { values: { got: '{{trigger.body.name}}' } } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'note' }],
  });
  const inbound = await api.post(`/api/sandbox/${sandbox}/inbound`, { from: '+14155550999', text: 'hello', name: 'Fuzz customer' });
  const event = await api.post('/api/events', callCompletedEvent({ id: 'fuzz-call-1', phone: '+14155550999' }));
  const run = event.body.runs.find((candidate: { flowId: string }) => candidate.flowId === calls)!.runId as string;
  await api.waitForRun(run, undefined, 60_000);
  const task = (await api.get('/api/tasks')).body.tasks[0]?.id as string;
  const alert = (await api.get('/api/alerts')).body.alerts[0]?.id as string;
  const exported = (await api.get(`/api/flows/${calls}/export`)).body;
  const payload = JSON.stringify(metaMessagesPayload(META_PHONE_NUMBER_ID, [{ id: 'wamid.fuzz-1', from: '+14155550999', text: 'hi' }]));
  await fetch(`${api.baseUrl}/webhooks/whatsapp/${meta.body.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(payload, META_SECRET) }, body: payload });
  const deliveries = (await engine.environment.sql<{ id: string }>(`SELECT id FROM webhook_deliveries`)).map((row) => row.id);
  const campaignBody = { name: 'Fuzz campaign', connectionId: sandbox, template: 'follow_up', parameters: ['{{contact.name}}'], audience: { rows: [{ phone: '+14155550999', name: 'Alex' }] }, sendAt: '2031-01-01T09:00', timeZone: 'Europe/Berlin' };
  const campaign = (await api.post('/api/campaigns', campaignBody)).body.id as string;

  const docs = (await (await fetch(`${api.baseUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, any>> };
  const openApiBodies: Record<string, unknown> = {};
  for (const [path, operations] of Object.entries(docs.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation?.requestBody?.content?.['application/json']?.schema;
      if (schema) openApiBodies[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`] = sampleOf(schema);
    }
  }

  const phone = '+14155550999';
  const ids: Record<string, string[]> = {
    apiKey: [api.apiKey!],
    '/api/connections/:id': [sandbox, meta.body.id, heltar.body.id, ai.body.id],
    '/api/conversations/:id': [inbound.body.conversationId],
    '/api/flows/:id': [draft.body.id, broken.body.id, calls, fn],
    '/api/flows/:id/versions/:version': ['1', '2'],
    '/api/functions/:name': [FUNCTION_NAME],
    '/api/runs/:id': [run],
    '/api/alerts/:id': [alert],
    '/api/tasks/:id': [task],
    '/api/webhook-deliveries/:id': deliveries,
    '/api/sandbox/:connectionId': [sandbox],
    '/api/contacts/:phone': [phone],
    '/api/campaigns/:id': [campaign],
    '/webhooks/whatsapp/:connectionId': [meta.body.id, heltar.body.id],
    '/webhooks/voice/:connectionId': [retell.body.id],
  };
  const manual = { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] };
  const seeds: Record<string, unknown> = {
    'POST /api/connections': (gen: Gen) =>
      gen.pick([
        { name: 'Fuzzed', provider: 'whatsapp.sandbox', config: {} },
        { name: 'Fuzzed', provider: 'whatsapp.meta', config: { accessToken: 't', phoneNumberId: '1', wabaId: '2', appSecret: 's', verifyToken: 'v', baseUrl: 'http://127.0.0.1:9' } },
        { name: 'Fuzzed', provider: 'smtp', config: { url: 'smtp://u:p@127.0.0.1:9', from: 'a@example.com' } },
        { name: 'Fuzzed', provider: 'ai.openai_compatible', config: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', model: 'm' } },
        { name: 'Fuzzed', provider: 'whatsapp.aisensy', config: { apiKey: 'k', plan: 'pro', projectId: 'p', projectApiPassword: 'x' } },
      ]),
    'PATCH /api/connections/:id': { name: 'Renamed', config: { sendRatePerSecond: 10 } },
    'POST /api/connections/:id/templates': (gen: Gen) =>
      gen.pick([
        { name: `fuzz_${gen.int(1e9)}`, category: 'UTILITY', language: 'en', body: 'Hello {{1}}', bodyExamples: ['Alex'] },
        { name: `fuzz_${gen.int(1e9)}`, category: 'MARKETING', language: 'en_US', parameterFormat: 'named', body: 'Hi {{first_name}}', bodyExamples: { first_name: 'Alex' }, buttons: [{ type: 'QUICK_REPLY', text: 'Yes' }] },
      ]),
    'POST /api/campaigns': (gen: Gen) => gen.pick([campaignBody, { ...campaignBody, audience: { csv: 'phone,name,city\n+14155550999,Alex,Berlin\n' } }, { ...campaignBody, audience: { segment: { tags: ['vip'] } } }]),
    'PATCH /api/contacts/:phone': { name: 'Alex', tags: { add: ['vip'] }, attributes: { city: 'Berlin', plan: null } },
    'POST /api/contacts/import': (gen: Gen) => gen.pick([{ csv: 'phone,name,tags,city\n+14155550999,Alex,vip;new,Berlin\n' }, { rows: [{ phone: '+14155550999', name: 'Alex', city: 'Berlin' }] }]),
    'POST /api/flows': (gen: Gen) => gen.pick([{ name: 'Fuzzed flow', graph: manual }, { name: 'From template', fromTemplate: 'appointment-confirmation' }, { name: 'Exported', graph: exported.graph }]),
    'PUT /api/flows/:id': { name: 'Fuzzed flow', graph: exported.graph },
    'POST /api/flows/:id/presence': { session: 'fuzz-session-0001', open: true },
    'POST /api/flows/validate': { graph: exported.graph },
    'POST /api/flows/import': exported,
    'POST /api/flows/:id/test': { event: callCompletedEvent().data },
    'POST /api/flows/:id/run': { id: 'fuzz-run', data: { anything: 1 } },
    'POST /api/events': (gen: Gen) =>
      gen.pick([
        callCompletedEvent({ id: `fuzz-${gen.int(1e9)}` }),
        { type: 'whatsapp.message_received', id: `fuzz-${gen.int(1e9)}`, data: { connectionId: sandbox, from: phone, text: 'hi', messageId: 'm1', timestamp: '2026-11-21T10:15:00Z' } },
        { type: 'manual', id: `fuzz-${gen.int(1e9)}`, data: {} },
        { type: 'call.completed', occurredAt: 'yesterday', data: { call: { id: 'c' } } },
      ]),
    // Switchboard's invoke body, or a voice platform's own tool request (the query's format picks the reader).
    'POST /api/functions/:name/invoke': (gen: Gen) =>
      gen.pick([
        { callId: 'fuzz-call', customer: { phone, name: 'Alex' }, agent: { id: 'a1' }, metadata: {}, arguments: { code: 'abc', amount: 3 } },
        { message: { type: 'tool-calls', call: { id: 'fuzz-call' }, customer: { number: phone }, toolCallList: [{ id: 'tc1', function: { name: FUNCTION_NAME, arguments: '{"code":"abc","amount":3}' } }, { id: 'tc2', function: { name: FUNCTION_NAME, arguments: { code: 'x' } } }] } },
        { name: FUNCTION_NAME, call: { call_id: 'fuzz-call', direction: 'inbound', from_number: phone, metadata: {} }, args: { code: 'abc', amount: 3 } },
        { code: 'abc', amount: 3, call_id: 'fuzz-call', caller_id: phone },
      ]),
    'POST /api/sandbox/:connectionId/inbound': { from: phone, text: 'hello again', name: 'Alex' },
    'PATCH /api/tasks/:id': { status: 'done', priority: 'low', assignee: 'sam' },
    'PATCH /api/alerts/:id': { read: true },
    'POST /api/runs/:id/replay': { fromStep: 'task' },
    'POST /webhooks/voice/:connectionId': (gen: Gen) =>
      gen.pick([
        { event: 'call_ended', call: { call_id: `fuzz-${gen.int(1e9)}`, direction: 'outbound', to_number: phone, duration_ms: 61000, disconnection_reason: 'user_hangup', transcript_object: [{ role: 'agent', content: 'Hi', words: [] }] } },
        { event: 'call_analyzed', call: { call_id: 'fuzz-1', call_analysis: { call_summary: 'ok', custom_analysis_data: { booked: true } } } },
        { event: 'call_started', call: { call_id: 'fuzz-2' } },
      ]),
    'POST /webhooks/whatsapp/:connectionId': (gen: Gen) =>
      gen.pick([
        metaMessagesPayload(META_PHONE_NUMBER_ID, [{ id: `wamid.fuzz-${gen.int(1e9)}`, from: phone, text: 'fuzzed' }]),
        metaStatusPayload(META_PHONE_NUMBER_ID, [{ id: 'wamid.fuzz-1', status: 'delivered', recipient: phone }]),
        metaMessagesPayload('another-number', [{ id: `wamid.other-${gen.int(1e9)}`, from: phone, text: 'not ours' }]),
        {
          object: 'whatsapp_business_account',
          entry: [{ id: '2', time: 1751247548, changes: [{ field: 'message_template_status_update', value: { event: 'REJECTED', message_template_id: 1, message_template_name: 'fuzz_template', message_template_language: 'en', reason: 'SCAM' } }] }],
        },
        {
          object: 'whatsapp_business_account',
          entry: [{ id: '2', changes: [{ field: 'message_template_quality_update', value: { new_quality_score: 'RED', message_template_id: 1, message_template_name: 'fuzz_template', message_template_language: 'en' } }] }],
        },
      ]),
    'POST /webhooks/in/*': { name: 'Alex', phone, nested: { list: [1, 2, 3] } },
  };
  return { ids, seeds, openApiBodies };
}
