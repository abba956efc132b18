import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { callCompletedEvent } from '../testing/fixtures';
import { metaMessagesPayload, metaSignature, postWebhook } from '../testing/meta-webhook';
import { fillPath, liveRoutes, type LiveRoute } from '../testing/route-table';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/**
 * Workspace A calls every route the engine serves with workspace B's ids. The calls are generated
 * from the live route table, so a route added tomorrow is called the day it is added — and fails
 * this test until its parameter is known below (or it is listed as not workspace-scoped).
 */

const B_PHONE = '+14155550777';
const B_META_PHONE_NUMBER_ID = '77001';
const B_META_APP_SECRET = 'b-app-secret';
const B_FUNCTION = 'b_private_lookup';
const B_HOOK_PATH = 'b-private/hook';
const B_HOOK_SECRET = 'b-hook-secret-0123456789';

interface BIds {
  connections: Record<string, string>;
  draftFlow: string;
  publishedFlow: string;
  functionFlow: string;
  hookFlow: string;
  scheduleFlow: string;
  waitingFlow: string;
  run: string;
  waitingRun: string;
  conversation: string;
  task: string;
  alert: string;
  delivery: string;
  apiKey: string;
}

/**
 * B's id for each route parameter, keyed by the route pattern up to and including it (the same
 * name means another kind under another resource: `:id` of a flow, of a run…). Several values
 * are all tried (every provider's connection).
 */
function paramValues(b: BIds): Record<string, string[]> {
  const connections = Object.values(b.connections);
  const flows = [b.draftFlow, b.publishedFlow, b.functionFlow, b.hookFlow, b.scheduleFlow, b.waitingFlow];
  return {
    '/api/connections/:id': connections,
    '/api/conversations/:id': [b.conversation],
    '/api/flows/:id': flows,
    '/api/flows/:id/versions/:version': ['1'],
    '/api/functions/:name': [B_FUNCTION],
    '/api/runs/:id': [b.run, b.waitingRun],
    '/api/alerts/:id': [b.alert],
    '/api/tasks/:id': [b.task],
    '/api/webhook-deliveries/:id': [b.delivery],
    '/api/sandbox/:connectionId': [b.connections['whatsapp.sandbox']!],
    '/api/contacts/:phone': [B_PHONE],
    '/api/api-keys/:id': [b.apiKey],
    '/webhooks/whatsapp/:connectionId': [b.connections['whatsapp.meta']!, b.connections['whatsapp.heltar']!, b.connections['whatsapp.aisensy']!],
    '/webhooks/in/*': [B_HOOK_PATH],
  };
}

/** A plausible valid body for each route that takes one (by `METHOD path`); a missing entry fails the test. */
const BODIES: Record<string, unknown> = {
  'PATCH /api/connections/:id': { name: 'taken over', config: {} },
  'POST /api/connections/:id/templates/sync': {},
  'POST /api/connections/:id/test': {},
  'POST /api/conversations/:id/close': {},
  'PUT /api/flows/:id': { name: 'taken over', graph: { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] } },
  'POST /api/flows/:id/publish': {},
  'POST /api/flows/:id/unpublish': {},
  'POST /api/flows/:id/test': {},
  'POST /api/flows/:id/run': { data: { from: 'A' } },
  'POST /api/functions/:name/invoke': { callId: 'call-from-a', arguments: {} },
  'POST /api/runs/:id/cancel': {},
  'POST /api/runs/:id/retry': {},
  'POST /api/runs/:id/replay': { fromStep: 'note' },
  'PATCH /api/alerts/:id': { read: true },
  'PATCH /api/tasks/:id': { status: 'done' },
  'POST /api/webhook-deliveries/:id/retry': {},
  'POST /api/sandbox/:connectionId/inbound': { from: B_PHONE, text: 'written through A' },
  'POST /webhooks/whatsapp/:connectionId': metaMessagesPayload(B_META_PHONE_NUMBER_ID, [{ id: 'wamid.forged-by-a', from: B_PHONE, text: 'forged' }]),
  'POST /webhooks/in/*': { from: 'A' },
};

/**
 * Routes whose parameter is not an id only B has, and what they answer instead of 404 (B's rows
 * are compared all the same).
 *
 * Public routes are not workspace-scoped by an API key: the provider or caller proves itself with
 * a secret of B's, so A's key means nothing to them; without B's secret they refuse.
 */
const OTHER_ANSWERS: Record<string, number[]> = {
  // A phone number is not B's id but a customer's number any workspace may also have: erasing it
  // in A erases A's data (none) and must leave B's alone.
  'DELETE /api/contacts/:phone': [200, 204, 404],
  // Meta's handshake with no verify token (403); Heltar's copy of it; AiSensy has none (404).
  'GET /webhooks/whatsapp/:connectionId': [403, 404],
  // A provider's delivery without B's signature or shared secret.
  'POST /webhooks/whatsapp/:connectionId': [401],
  // B's inbound webhook path has a secret: an unsigned call is refused.
  'POST /webhooks/in/*': [401],
};

/** Routes that are not workspace data at all (no parameter of B's can mean anything to them). */
const NOT_WORKSPACE_SCOPED = [
  // Swagger UI's static files.
  /^\/api\/docs/,
  // The built editor's files and its single-page fallback (present when editor/dist exists, as in CI).
  /^\/\*$/,
  // The queue board: the engine's queue, shared by every workspace, shown to the operator's key
  // only (A's here); another workspace's key is refused (metrics.int-spec).
  /^\/admin\/queues\//,
];

/** The list routes' query filters, each given B's id of its kind; the answers must not carry B's data. */
function queryFilters(b: BIds): Record<string, string> {
  return {
    flowId: b.publishedFlow,
    runId: b.run,
    conversationId: b.conversation,
    connectionId: b.connections['whatsapp.sandbox']!,
    phone: B_PHONE,
    customerPhone: B_PHONE,
    sender: b.connections['whatsapp.sandbox']!,
  };
}

/** List routes the query check skips, and why. */
const QUERY_CHECK_SKIPPED = new Set([
  // A server-sent event stream: it never ends. Its alerts come from the workspace's own channel.
  '/api/alerts/stream',
]);

/** Every table's rows of workspace B: tables without `workspace_id` are reached through what owns them. */
async function snapshot(engine: TestEngine, workspaceId: string): Promise<Record<string, string>> {
  const columns = await engine.environment.sql<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) tables.set(table_name, [...(tables.get(table_name) ?? []), column_name]);
  const out: Record<string, string> = {};
  for (const [table, names] of tables) {
    const has = (name: string) => names.includes(name);
    let where: string;
    if (has('workspace_id')) where = `workspace_id = $1`;
    else if (table === 'workspaces') where = `id = $1`;
    else if (has('run_id')) where = `run_id IN (SELECT id FROM runs WHERE workspace_id = $1)`;
    else if (has('connection_id')) where = `connection_id IN (SELECT id FROM connections WHERE workspace_id = $1)`;
    else if (table === 'ai_turns') where = `conversation_id IN (SELECT id FROM ai_conversations WHERE workspace_id = $1)`;
    else if (table === 'migrations') continue; // the schema's history, no workspace's data
    else throw new Error(`table ${table} has no workspace_id and no known owner: say how its rows belong to a workspace`);
    const [row] = await engine.environment.sql<{ rows: string }>(`SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text AS rows FROM (SELECT * FROM ${table} WHERE ${where}) t`, [workspaceId]);
    out[table] = row!.rows;
  }
  return out;
}

const routeKey = (route: LiveRoute) => `${route.method} ${route.path}`;

/** Every combination of B's values for the route's parameters. */
function fillings(route: LiveRoute, values: Record<string, string[]>): Array<Record<string, string>> | string {
  let out: Array<Record<string, string>> = [{}];
  const parts = route.path.split('/');
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const name = part.startsWith(':') ? part.slice(1) : part === '*' ? '*' : null;
    if (name === null) continue;
    const key = parts.slice(0, index + 1).join('/');
    const candidates = values[key];
    if (!candidates) return `no id of workspace B is known for ${key}: add it to paramValues (or to NOT_WORKSPACE_SCOPED, saying why)`;
    out = out.flatMap((filled) => candidates.map((value) => ({ ...filled, [name]: value })));
  }
  return out;
}

async function call(baseUrl: string, apiKey: string | null, method: string, path: string, body: unknown): Promise<{ status: number; text: string; json: any }> {
  const headers: Record<string, string> = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

describe("workspace A with workspace B's ids on every route", () => {
  let engine: TestEngine;
  let a: ApiClient;
  let b: ApiClient;
  let bWorkspace: string;
  let ids: BIds;
  let meta: FakeProvider;

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: B_META_PHONE_NUMBER_ID, wabaId: '77002', templates: [{ name: 'b_private_template', body: 'Hello {{1}}' }] }).start();
    // No rate limit: the test sends many calls from one address. Loopback is the fake Meta's.
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0', OUTBOUND_ALLOW: '127.0.0.1' } });
    a = engine.api;
    b = await engine.otherWorkspace();
    bWorkspace = (await engine.environment.sql<{ id: string }>(`SELECT id FROM workspaces WHERE name = 'Another workspace'`))[0]!.id;
    ids = { ...(await populate(b, meta.url)), apiKey: (await engine.environment.sql<{ id: string }>(`SELECT id FROM api_keys WHERE workspace_id = $1`, [bWorkspace]))[0]!.id };
    await settle(engine, b, bWorkspace);
  }, 180_000);
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it('answers 404 and changes nothing in B, on every route with a parameter', async () => {
    const routes = liveRoutes(engine.engine.app);
    // The table was read: the routes this test knows are among them.
    expect(routes.map(routeKey)).toEqual(expect.arrayContaining(['GET /api/flows/:id', 'POST /api/sandbox/:connectionId/inbound', 'POST /webhooks/in/*']));
    const values = paramValues(ids);
    const before = await snapshot(engine, bWorkspace);

    const problems: string[] = [];
    let calls = 0;
    for (const route of routes) {
      if (route.params.length === 0 || NOT_WORKSPACE_SCOPED.some((pattern) => pattern.test(route.path))) continue;
      const filled = fillings(route, values);
      if (typeof filled === 'string') {
        problems.push(`${routeKey(route)}: ${filled}`);
        continue;
      }
      const takesBody = !['GET', 'DELETE'].includes(route.method);
      if (takesBody && !(routeKey(route) in BODIES)) {
        problems.push(`${routeKey(route)}: no body known; add a plausible valid one to BODIES`);
        continue;
      }
      const otherAnswers = OTHER_ANSWERS[routeKey(route)];
      for (const filling of filled) {
        const path = fillPath(route.path, filling);
        const answer = await call(a.baseUrl, a.apiKey, route.method, path, takesBody ? BODIES[routeKey(route)] : undefined);
        calls++;
        const expected = otherAnswers ?? [404];
        const inEnvelope = answer.status < 400 || (typeof answer.json?.error?.code === 'string' && typeof answer.json?.error?.message === 'string');
        if (!expected.includes(answer.status) || !inEnvelope) problems.push(`${route.method} ${path} answered ${answer.status} (expected ${expected.join(' or ')}, errors in the error envelope): ${answer.text.slice(0, 300)}`);
        else if (!otherAnswers && answer.json.error.code !== 'NOT_FOUND') problems.push(`${route.method} ${path}: code ${answer.json.error.code}, expected NOT_FOUND`);
      }
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(40);

    // Let anything a call may have queued run, then compare every row of B.
    await settle(engine, b, bWorkspace);
    const after = await snapshot(engine, bWorkspace);
    for (const table of Object.keys(before)) expect({ table, rows: JSON.parse(after[table]!) }).toEqual({ table, rows: JSON.parse(before[table]!) });
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  });

  it("reaches B's resources with B's own key (so the 404s above are not from ids that exist nowhere)", async () => {
    const values = paramValues(ids);
    const problems: string[] = [];
    for (const route of liveRoutes(engine.engine.app)) {
      if (route.method !== 'GET' || !route.path.startsWith('/api/') || route.params.length === 0 || NOT_WORKSPACE_SCOPED.some((pattern) => pattern.test(route.path))) continue;
      const filled = fillings(route, values);
      if (typeof filled === 'string') continue; // reported by the test above
      const statuses = await Promise.all(filled.map(async (filling) => (await b.get(fillPath(route.path, filling))).status));
      if (!statuses.includes(200)) problems.push(`GET ${route.path} with B's key and B's ids answered ${statuses.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  it("lists nothing of B when A filters its lists by B's ids", async () => {
    const filters = queryFilters(ids);
    const secrets = [...Object.values(ids.connections), ids.draftFlow, ids.publishedFlow, ids.run, ids.waitingRun, ids.conversation, ids.task, ids.alert, ids.delivery, ids.apiKey, B_PHONE, B_FUNCTION, 'b_private_template'];
    const problems: string[] = [];
    for (const route of liveRoutes(engine.engine.app)) {
      if (route.method !== 'GET' || !route.path.startsWith('/api/') || route.params.length > 0 || QUERY_CHECK_SKIPPED.has(route.path) || NOT_WORKSPACE_SCOPED.some((pattern) => pattern.test(route.path))) continue;
      for (const [name, value] of Object.entries(filters)) {
        const answer = await call(a.baseUrl, a.apiKey, 'GET', `${route.path}?${name}=${encodeURIComponent(value)}`, undefined);
        if (answer.status >= 500) problems.push(`GET ${route.path}?${name}=… answered ${answer.status}`);
        const leaked = secrets.filter((secret) => answer.text.includes(secret) || answer.text.includes(secret.replace('+', '')));
        if (leaked.length > 0) problems.push(`GET ${route.path}?${name}=… shows B's ${leaked.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** One of every kind of resource in B, made through B's own API and webhooks. */
async function populate(b: ApiClient, metaUrl: string): Promise<Omit<BIds, 'apiKey'>> {
  const created = async (path: string, body: unknown, status = 201) => {
    const response = await b.post(path, body);
    if (response.status !== status) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const connections: Record<string, string> = {
    'whatsapp.sandbox': await b.sandbox('B sandbox'),
    'whatsapp.meta': (
      await created('/api/connections', {
        name: 'B meta',
        provider: 'whatsapp.meta',
        config: { accessToken: 'b-token', phoneNumberId: B_META_PHONE_NUMBER_ID, wabaId: '77002', appSecret: B_META_APP_SECRET, verifyToken: 'b-verify', baseUrl: metaUrl },
      })
    ).id,
    'whatsapp.heltar': (await created('/api/connections', { name: 'B heltar', provider: 'whatsapp.heltar', config: { apiKey: 'b-heltar', webhookSecret: 'b-heltar-secret', baseUrl: 'http://127.0.0.1:9' } })).id,
    'whatsapp.aisensy': (await created('/api/connections', { name: 'B aisensy', provider: 'whatsapp.aisensy', config: { apiKey: 'b-aisensy', plan: 'basic', webhookSecret: 'b-aisensy-secret', baseUrl: 'http://127.0.0.1:9' } })).id,
    smtp: (await created('/api/connections', { name: 'B smtp', provider: 'smtp', config: { host: '127.0.0.1', port: 9, user: 'b', password: 'b-smtp', from: 'b@example.com' } })).id,
    'ai.openai_compatible': (await created('/api/connections', { name: 'B ai', provider: 'ai.openai_compatible', config: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'b-ai', model: 'm' } })).id,
  };
  const sync = await b.post(`/api/connections/${connections['whatsapp.meta']}/templates/sync`);
  if (sync.status !== 200) throw new Error(`template sync: ${sync.status} ${JSON.stringify(sync.body)}`);

  const draftFlow = (await created('/api/flows', { name: 'B draft', graph: { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] } })).id;
  const publishedFlow = await b.publish('B calls', {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      { id: 'task', type: 'task.create', config: { title: 'Call {{trigger.customer.name}} back', priority: 'high' } },
      { id: 'alert', type: 'alert.team', config: { message: 'B customer called', recipients: 'all' } },
      { id: 'mail', type: 'email.send', config: { to: ['team@b.example.com'], subject: 'B call', html: '<p>{{trigger.summary}}</p>' } },
      { id: 'reply', type: 'ai.generate_reply', config: { assistant: 'You are B.', customerIdentifier: '{{trigger.customer.phone}}', message: 'hello' } },
      { id: 'text', type: 'whatsapp.send_text', config: { connectionId: connections['whatsapp.sandbox'], to: '{{trigger.customer.phone}}', message: 'Thanks for calling B' } },
      { id: 'note', type: 'flow.set', config: { values: { done: 'yes' } } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'task' },
      { id: 'e2', source: 'task', target: 'alert' },
      { id: 'e3', source: 'alert', target: 'mail' },
      { id: 'e4', source: 'mail', target: 'reply' },
      { id: 'e5', source: 'reply', target: 'text' },
      { id: 'e6', source: 'text', target: 'note' },
    ],
  });
  const functionFlow = await b.publish('B function', {
    nodes: [
      { id: 'called', type: 'call.function', config: { name: B_FUNCTION, description: 'B only', parameters: { type: 'object', properties: {} } } },
      { id: 'answer', type: 'flow.respond', config: { body: '{"ok":true}', status: 200 } },
    ],
    edges: [{ id: 'e1', source: 'called', target: 'answer' }],
  });
  const hookFlow = await b.publish('B hook', {
    nodes: [
      { id: 'hook', type: 'webhook.received', config: { path: B_HOOK_PATH, secret: B_HOOK_SECRET } },
      { id: 'note', type: 'flow.set', config: { values: { got: 'it' } } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'note' }],
  });
  const scheduleFlow = await b.publish('B yearly', {
    nodes: [
      { id: 'yearly', type: 'schedule.cron', config: { cron: '0 0 1 1 *', timezone: 'UTC' } },
      { id: 'note', type: 'flow.set', config: { values: { year: 'new' } } },
    ],
    edges: [{ id: 'e1', source: 'yearly', target: 'note' }],
  });
  // A run that waits for a reply (a waitpoint) another customer has not sent.
  const waitingFlow = await b.publish('B waits', {
    nodes: [
      { id: 'start', type: 'manual', config: {} },
      { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId: connections['whatsapp.sandbox'], from: '+14155550888', timeoutMinutes: 600 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'wait' }],
  });
  const waitingRun = (await created(`/api/flows/${waitingFlow}/run`, { data: {} }, 202)).runId as string;
  await b.waitForRun(waitingRun, (candidate) => candidate.status === 'waiting', 60_000);

  // The customer writes first (a conversation, its messages, a contact), then calls.
  await created(`/api/sandbox/${connections['whatsapp.sandbox']}/inbound`, { from: B_PHONE, text: 'Hi from B customer', name: 'B Customer' }, 202);
  const posted = await created('/api/events', callCompletedEvent({ id: 'b-call-1', phone: B_PHONE }), 202);
  const run = posted.runs.find((candidate: { flowId: string }) => candidate.flowId === publishedFlow).runId as string;
  const finished = await b.waitForRun(run, undefined, 60_000);
  if (finished.status !== 'succeeded') throw new Error(`B's run: ${JSON.stringify(finished)}`);
  const invoked = await b.post(`/api/functions/${B_FUNCTION}/invoke`, { callId: 'b-call-1', arguments: {} });
  if (invoked.status !== 200) throw new Error(`B's function: ${invoked.status} ${JSON.stringify(invoked.body)}`);

  // A provider's delivery (stored, then processed): a Meta message.
  const payload = JSON.stringify(metaMessagesPayload(B_META_PHONE_NUMBER_ID, [{ id: 'wamid.b-1', from: B_PHONE, text: 'B on Meta' }]));
  const delivered = await postWebhook(b.baseUrl, connections['whatsapp.meta']!, payload, { 'x-hub-signature-256': metaSignature(payload, B_META_APP_SECRET) });
  if (delivered.status !== 200) throw new Error(`B's Meta webhook: ${delivered.status}`);

  const conversation = (await b.get('/api/conversations')).body.conversations[0].id as string;
  const task = (await b.get('/api/tasks')).body.tasks[0].id as string;
  const alert = (await b.get('/api/alerts')).body.alerts[0].id as string;
  const deliveries = async () => (await b.get('/api/webhook-deliveries?status=processed')).body.deliveries as Array<{ id: string }>;
  let delivery: string | undefined;
  for (let tries = 0; !delivery && tries < 1200; tries++) {
    delivery = (await deliveries())[0]?.id;
    if (!delivery) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!delivery) throw new Error("B's webhook delivery was not processed");
  return { connections, draftFlow, publishedFlow, functionFlow, hookFlow, scheduleFlow, waitingFlow, run, waitingRun, conversation, task, alert, delivery };
}

/** Waits until nothing of B is in motion: every run at rest and every webhook delivery processed. */
async function settle(engine: TestEngine, b: ApiClient, workspaceId: string): Promise<void> {
  const moving = async () =>
    (
      await engine.environment.sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM runs WHERE workspace_id = $1 AND status IN ('queued', 'running'))
              + (SELECT count(*) FROM webhook_deliveries WHERE workspace_id = $1 AND status <> 'processed') AS n`,
        [workspaceId],
      )
    )[0]!.n;
  for (let tries = 0; tries < 1200; tries++) {
    if (Number(await moving()) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`workspace B did not come to rest: ${JSON.stringify((await b.get('/api/runs')).body)}`);
}
