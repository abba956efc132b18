import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationList, operationOf } from '@switchboard/shared';
import { answerProblem, documentDrift, documentOperation, routeOf, type Answer, type OpenApiDocument } from '../testing/api-contract';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { populate, POPULATED, settle, type PopulatedIds } from '../testing/populate-workspace';
import { fillPath, fillings, liveRoutes, type LiveRoute } from '../testing/route-table';
import { linkToken } from '../testing/people';
import { ApiClient, TestEngine } from '../testing/test-engine';

/**
 * The API answers only what its contract (`shared/src/api`, published at `/api/docs`) describes.
 * Every route the engine serves has its row in the operations table (`shared/src/api/operations.ts`)
 * and every row a route, so the table cannot drift from the engine; the document says what the
 * table says. Every route is in the document with a schema for its 2xx answers; every GET
 * route is called with real ids (read from the live route table, so a route added tomorrow is
 * called the day it is added) and each answer is checked against its row's schema, strict where the
 * shape is fully known: a field the contract does not name fails. So do the answers of every
 * call that made the data (creates, publishes, events, the sandbox).
 */

/**
 * Served but not part of the documented API: Swagger UI's own files, the built editor's fallback,
 * the webhooks, which speak each provider's own format (their controllers are excluded from
 * /api/docs on purpose), and the operator's queue board (bull-board's own pages and API).
 */
const NOT_API = [/^\/api\/docs/, /^\/\*$/, /^\/webhooks\//, /^\/admin\/queues/];

/** GET routes the walk does not call, and why. */
const NOT_CALLED = new Set([
  // A server-sent event stream never ends; its events are AlertViews, checked on GET /api/alerts.
  '/api/alerts/stream',
]);

interface Ids extends PopulatedIds {
  workspaceId: string;
  /** The token of an invitation's link, and the invitation (a row of the members list). */
  invitationToken: string;
  member: string;
}

/** The workspace's id for each route parameter, keyed by the route pattern up to and including it. */
function paramValues(ids: Ids): Record<string, string[]> {
  const flows = [ids.draftFlow, ids.publishedFlow, ids.functionFlow, ids.hookFlow, ids.scheduleFlow, ids.waitingFlow];
  return {
    '/api/connections/:id': Object.values(ids.connections),
    '/api/conversations/:id': [ids.conversation],
    '/api/flows/:id': flows,
    '/api/flows/:id/versions/:version': ['1'],
    '/api/functions/:name': [POPULATED.functionName],
    '/api/runs/:id': [ids.run, ids.waitingRun],
    '/api/alerts/:id': [ids.alert],
    '/api/tasks/:id': [ids.task],
    '/api/webhook-deliveries/:id': [ids.delivery],
    '/api/sandbox/:connectionId': [ids.connections['whatsapp.sandbox']!],
    '/api/contacts/:phone': [POPULATED.phone],
    '/api/campaigns/:id': [ids.campaign],
    '/api/auth/invitations/:token': [ids.invitationToken],
    '/api/members/:id': [ids.member],
  };
}

/** Query strings each GET route is also called with (filters, the other statuses, a page with a cursor). */
const QUERIES: Record<string, string[]> = {
  '/api/runs': ['', '?limit=1', '?status=succeeded'],
  '/api/connections/:id/templates': ['', '?status=all'],
  '/api/webhook-deliveries': ['', '?status=processed'],
  '/api/alerts': ['', '?unread=true'],
  '/api/conversations': ['', '?status=open'],
  '/api/activity': ['', '?status=started', '?status=not_started', '?limit=1'],
  // groupBy is required: every grouping, the series by day and by hour, test runs included.
  '/api/analytics/messages': ['?groupBy=flow', '?groupBy=template&interval=day', '?groupBy=sender&includeTests=true', '?groupBy=campaign&interval=hour'],
  '/api/campaigns/:id': ['', '?recipients=pending', '?limit=1'],
  '/api/contacts': ['', '?tag=vip', '?attribute.city=Berlin&limit=1'],
  // Each platform's tool definitions (PlatformFunctionList) besides the default OpenAI list.
  '/api/functions': ['', '?format=openai', '?format=vapi', '?format=retell', '?format=elevenlabs', '?format=bland'],
};


async function fetchAnswer(baseUrl: string, apiKey: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A redirect is an answer of its own (single sign-on's), not followed.
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/**
 * A `fetch` that checks every answer the engine gives against the operations table, and keeps
 * the problems and the operations it saw: every call of the test client goes through it, the
 * typed `@switchboard/client` calls of its helpers included.
 */
function checkingFetch(routes: () => LiveRoute[], problems: string[], checked: Set<string>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const method = init?.method ?? 'GET';
    const path = new URL(String(input)).pathname;
    const route = routeOf(routes(), method, path);
    if (!route) problems.push(`${method} ${path}: no live route serves it`);
    else {
      checked.add(`${method} ${route.path}`);
      const answer = { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.clone().text() };
      const problem = answerProblem(route, answer);
      if (problem) problems.push(problem);
    }
    return response;
  };
}

describe('the API contract', () => {
  let engine: TestEngine;
  let meta: FakeProvider;
  let document: OpenApiDocument;
  let routes: LiveRoute[];
  let client: ApiClient;
  const callProblems: string[] = [];
  const checked = new Set<string>();
  let ids: Ids;

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: POPULATED.metaPhoneNumberId, wabaId: '77002', templates: [{ name: 'b_private_template', body: 'Hello {{1}}' }] }).start();
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0', OUTBOUND_ALLOW: '127.0.0.1' } });
    const docs = await fetch(`${engine.api.baseUrl}/api/docs-json`);
    expect(docs.status).toBe(200);
    document = (await docs.json()) as OpenApiDocument;
    routes = liveRoutes(engine.engine.app);
    client = new ApiClient(engine.api.baseUrl, engine.api.apiKey, checkingFetch(() => routes, callProblems, checked));
    const workspaceId = (await engine.environment.sql<{ id: string }>(`SELECT workspace_id AS id FROM api_keys LIMIT 1`))[0]!.id;
    const invited = (await client.post('/api/members', { email: 'invitee@example.com', role: 'editor' })).body;
    ids = { ...(await populate(client, meta.url)), workspaceId, invitationToken: linkToken(invited.inviteUrl, 'invite'), member: invited.id };
    await settle(engine, client, workspaceId);
  }, 180_000);
  afterAll(async () => {
    await engine?.stop();
    await meta?.stop();
  });

  it('documents every route the engine serves, each with a schema for its 2xx answers and the error envelope for 4xx', () => {
    const components = document.components?.schemas ?? {};
    expect(Object.keys(components)).toEqual(expect.arrayContaining(['ApiError', 'FlowView', 'RunView', 'ConnectionView', 'MessageView']));
    const problems: string[] = [];
    for (const route of routes) {
      if (NOT_API.some((pattern) => pattern.test(route.path))) continue;
      const operation = documentOperation(document, route);
      if (!operation) {
        problems.push(`${route.method} ${route.path}: not in /api/docs`);
        continue;
      }
      const responses = operation.responses ?? {};
      // A route's success is a 2xx answer, or a redirect for the few that send the browser on (single sign-on).
      const success = Object.entries(responses).filter(([status]) => /^[23]\d\d$/.test(status));
      if (success.length === 0) problems.push(`${route.method} ${route.path}: no 2xx (or redirect) answer documented`);
      for (const [status, response] of success) {
        // 204 and redirects have no body; every other answer has its schema, a component of the contract.
        if (status === '204' || status.startsWith('3')) continue;
        const schemas = Object.values(response.content ?? {}).map((media) => media.schema?.$ref);
        if (schemas.length === 0 || schemas.some((ref) => !ref || !(ref.replace('#/components/schemas/', '') in components))) {
          problems.push(`${route.method} ${route.path} ${status}: no schema of the contract (${JSON.stringify(response)})`);
        }
      }
      if (responses['4XX']?.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ApiError') problems.push(`${route.method} ${route.path}: no error envelope for 4xx`);
    }
    expect(problems).toEqual([]);
    // Every reference in the document resolves to a component.
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((id) => !(id in components))).toEqual([]);
    // The health probe's own 503 (degraded, naming the dependency) is not replaced by the envelope.
    expect(document.paths['/health']!.get!.responses!['503']!.content!['application/json']!.schema!.$ref).toBe('#/components/schemas/Health');
  });

  it('has a row of the operations table for every route it serves, and a route for every row', () => {
    const served = routes.filter((route) => !NOT_API.some((pattern) => pattern.test(route.path))).map((route) => `${route.method} ${route.path}`);
    const table = operationList().map((operation) => operation.id as string);
    expect(served.filter((id) => !table.includes(id)), 'served but not in shared/src/api/operations.ts').toEqual([]);
    expect(table.filter((id) => !served.includes(id)), 'in the table but not served').toEqual([]);
    expect(table.length).toBeGreaterThan(40);
  });

  it('documents in /api/docs what the operations table says, operation by operation', () => {
    expect(operationList().flatMap((operation) => documentDrift(document, operation))).toEqual([]);
  });

  it('answered every call that made the data with what its schema describes', () => {
    expect(checked.size).toBeGreaterThan(10);
    expect(callProblems).toEqual([]);
  });

  it('answers every GET route, with real ids, only what its schema describes', async () => {
    const values = paramValues(ids);
    const problems: string[] = [];
    let calls = 0;
    for (const route of routes) {
      if (route.method !== 'GET' || NOT_CALLED.has(route.path) || NOT_API.some((pattern) => pattern.test(route.path))) continue;
      const filled = fillings(route, values, (key) => `no id is known for ${key}: add it to paramValues`);
      if (typeof filled === 'string') {
        problems.push(`GET ${route.path}: ${filled}`);
        continue;
      }
      const statuses: number[] = [];
      for (const filling of filled) {
        for (const query of QUERIES[route.path] ?? ['']) {
          const answer = await fetchAnswer(engine.api.baseUrl, engine.api.apiKey, 'GET', `${fillPath(route.path, filling)}${query}`);
          calls++;
          statuses.push(answer.status);
          const problem = answerProblem(route, answer);
          if (problem) problems.push(problem);
        }
      }
      // The data was there: at least one answer was a success (or the redirect a route documents as its answer), checked against its schema.
      const redirects = Object.keys(operationOf('GET', route.path)?.responses ?? {}).some((status) => status.startsWith('3'));
      if (!statuses.some((status) => (status >= 200 && status < 300) || (redirects && status >= 300 && status < 400))) problems.push(`GET ${route.path} never answered 2xx (${statuses.join(', ')})`);
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(25);
  });

  it('answers an error in the envelope its schema describes', async () => {
    const route = { method: 'GET', path: '/api/flows/:id' };
    const missing = await fetchAnswer(engine.api.baseUrl, engine.api.apiKey, 'GET', '/api/flows/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(answerProblem(route, missing)).toBeNull();
    // And the check is not blind: an extra field the contract does not name fails it.
    const withExtra = { ...missing, text: JSON.stringify({ error: { ...JSON.parse(missing.text).error, hint: 'undocumented' } }) };
    expect(answerProblem(route, withExtra)).toMatch(/does not fit ApiError/);
    const flow = await fetchAnswer(engine.api.baseUrl, engine.api.apiKey, 'GET', `/api/flows/${ids.publishedFlow}`);
    const extraField = { ...flow, text: JSON.stringify({ ...JSON.parse(flow.text), secretColumn: 'x' }) };
    expect(answerProblem(route, flow)).toBeNull();
    expect(answerProblem(route, extraField)).toMatch(/does not fit FlowView.*secretColumn|does not fit FlowView/);
  });
});
