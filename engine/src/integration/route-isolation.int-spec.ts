import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { metaMessagesPayload } from '../testing/meta-webhook';
import { populate, POPULATED, settle, type PopulatedIds } from '../testing/populate-workspace';
import { fillPath, fillings, liveRoutes, type LiveRoute } from '../testing/route-table';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/**
 * Workspace A calls every route the engine serves with workspace B's ids. The calls are generated
 * from the live route table, so a route added tomorrow is called the day it is added — and fails
 * this test until its parameter is known below (or it is listed as not workspace-scoped).
 */

const { phone: B_PHONE, metaPhoneNumberId: B_META_PHONE_NUMBER_ID, functionName: B_FUNCTION, hookPath: B_HOOK_PATH } = POPULATED;

interface BIds extends PopulatedIds {
  apiKey: string;
  /** An invitation of B's (a member row of its list). */
  member: string;
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
    '/api/campaigns/:id': [b.campaign],
    '/api/api-keys/:id': [b.apiKey],
    '/api/members/:id': [b.member],
    '/webhooks/whatsapp/:connectionId': [b.connections['whatsapp.meta']!, b.connections['whatsapp.heltar']!, b.connections['whatsapp.aisensy']!],
    '/webhooks/voice/:connectionId': [b.connections['voice.retell']!],
    '/webhooks/in/*': [B_HOOK_PATH],
  };
}

/** A plausible valid body for each route that takes one (by `METHOD path`); a missing entry fails the test. */
const BODIES: Record<string, unknown> = {
  'PATCH /api/connections/:id': { name: 'taken over', config: {} },
  'POST /api/connections/:id/templates/sync': {},
  'POST /api/connections/:id/templates': { name: 'taken_over', category: 'UTILITY', language: 'en', body: 'Hello {{1}}', bodyExamples: ['B'] },
  'POST /api/connections/:id/test': {},
  'POST /api/conversations/:id/close': {},
  'PUT /api/flows/:id': { name: 'taken over', graph: { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] } },
  'POST /api/flows/:id/publish': {},
  'POST /api/flows/:id/unpublish': {},
  'POST /api/flows/:id/presence': { session: 'tab-of-workspace-a' },
  'POST /api/flows/:id/test': {},
  'POST /api/flows/:id/run': { data: { from: 'A' } },
  'POST /api/functions/:name/invoke': { callId: 'call-from-a', arguments: {} },
  'POST /api/runs/:id/cancel': {},
  'POST /api/runs/:id/retry': {},
  'POST /api/runs/:id/replay': { fromStep: 'note' },
  'PATCH /api/alerts/:id': { read: true },
  'PATCH /api/tasks/:id': { status: 'done' },
  'PATCH /api/contacts/:phone': { tags: { add: ['taken_over'] }, attributes: { owner: 'A' } },
  'POST /api/campaigns/:id/pause': {},
  'POST /api/campaigns/:id/resume': {},
  'POST /api/campaigns/:id/cancel': {},
  'PATCH /api/members/:id': { role: 'admin' },
  'POST /api/webhook-deliveries/:id/retry': {},
  'POST /api/sandbox/:connectionId/inbound': { from: B_PHONE, text: 'written through A' },
  'POST /webhooks/whatsapp/:connectionId': metaMessagesPayload(B_META_PHONE_NUMBER_ID, [{ id: 'wamid.forged-by-a', from: B_PHONE, text: 'forged' }]),
  'POST /webhooks/voice/:connectionId': { event: 'call_ended', call: { call_id: 'forged-by-a', direction: 'inbound', from_number: B_PHONE, duration_ms: 60000 } },
  'POST /webhooks/in/*': { from: 'A' },
};

/**
 * Query variants of a route that read another body (a voice platform's own tool request): each
 * is called too, with its own plausible valid body, and must be refused the same way.
 */
const VARIANTS: Record<string, Array<{ query: string; body: unknown }>> = {
  'POST /api/functions/:name/invoke': [
    { query: '?format=vapi', body: { message: { type: 'tool-calls', call: { id: 'call-from-a' }, toolCallList: [{ id: 'tc-a', function: { name: B_FUNCTION, arguments: '{}' } }] } } },
    { query: '?format=retell', body: { name: B_FUNCTION, call: { call_id: 'call-from-a' }, args: {} } },
    { query: '?format=elevenlabs', body: { call_id: 'call-from-a' } },
    { query: '?format=bland', body: { call_id: 'call-from-a' } },
  ],
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
  // A voice platform's delivery without B's signature.
  'POST /webhooks/voice/:connectionId': [401],
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
  // Invitation links: the token is the credential, not a workspace's id (a wrong one answers 404).
  /^\/api\/auth\//,
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

/** What a list route needs in its query besides the filter checked (a required parameter). */
const REQUIRED_QUERY: Record<string, string> = {
  '/api/analytics/messages': 'groupBy=flow&includeTests=true&',
};

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
    else if (['users', 'sessions', 'password_resets'].includes(table)) where = `${table === 'users' ? 'id' : 'user_id'} IN (SELECT user_id FROM memberships WHERE workspace_id = $1)`;
    else if (table === 'ai_turns') where = `conversation_id IN (SELECT id FROM ai_conversations WHERE workspace_id = $1)`;
    else if (table === 'migrations') continue; // the schema's history, no workspace's data
    else throw new Error(`table ${table} has no workspace_id and no known owner: say how its rows belong to a workspace`);
    const [row] = await engine.environment.sql<{ rows: string }>(`SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text AS rows FROM (SELECT * FROM ${table} WHERE ${where}) t`, [workspaceId]);
    out[table] = row!.rows;
  }
  return out;
}

const routeKey = (route: LiveRoute) => `${route.method} ${route.path}`;


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
    const member = (await b.post('/api/members', { email: 'b-invitee@example.com', role: 'editor' })).body.id;
    ids = { ...(await populate(b, meta.url)), apiKey: (await engine.environment.sql<{ id: string }>(`SELECT id FROM api_keys WHERE workspace_id = $1`, [bWorkspace]))[0]!.id, member };
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
      const filled = fillings(route, values, (key) => `no id of workspace B is known for ${key}: add it to paramValues (or to NOT_WORKSPACE_SCOPED, saying why)`);
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
        const variants = [{ query: '', body: takesBody ? BODIES[routeKey(route)] : undefined }, ...(VARIANTS[routeKey(route)] ?? [])];
        for (const variant of variants) {
          const path = `${fillPath(route.path, filling)}${variant.query}`;
          const answer = await call(a.baseUrl, a.apiKey, route.method, path, variant.body);
          calls++;
          const expected = otherAnswers ?? [404];
          const inEnvelope = answer.status < 400 || (typeof answer.json?.error?.code === 'string' && typeof answer.json?.error?.message === 'string');
          if (!expected.includes(answer.status) || !inEnvelope) problems.push(`${route.method} ${path} answered ${answer.status} (expected ${expected.join(' or ')}, errors in the error envelope): ${answer.text.slice(0, 300)}`);
          else if (!otherAnswers && answer.json.error.code !== 'NOT_FOUND') problems.push(`${route.method} ${path}: code ${answer.json.error.code}, expected NOT_FOUND`);
        }
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
      const filled = fillings(route, values, (key) => `no id of workspace B is known for ${key}: add it to paramValues (or to NOT_WORKSPACE_SCOPED, saying why)`);
      if (typeof filled === 'string') continue; // reported by the test above
      const statuses = await Promise.all(filled.map(async (filling) => (await b.request('GET', fillPath(route.path, filling))).status));
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
        const answer = await call(a.baseUrl, a.apiKey, 'GET', `${route.path}?${REQUIRED_QUERY[route.path] ?? ''}${name}=${encodeURIComponent(value)}`, undefined);
        if (answer.status >= 500) problems.push(`GET ${route.path}?${name}=… answered ${answer.status}`);
        const leaked = secrets.filter((secret) => answer.text.includes(secret) || answer.text.includes(secret.replace('+', '')));
        if (leaked.length > 0) problems.push(`GET ${route.path}?${name}=… shows B's ${leaked.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
