import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerProblem, operationOf, routeOf, type Answer, type OpenApiDocument } from '../testing/api-contract';
import { fakeMeta, type FakeProvider } from '../testing/fake-providers';
import { populate, POPULATED, settle, type PopulatedIds } from '../testing/populate-workspace';
import { fillPath, fillings, liveRoutes, type LiveRoute } from '../testing/route-table';
import { ApiClient, TestEngine, type ApiResponse } from '../testing/test-engine';

/**
 * The API answers only what its contract (`shared/src/api`, published at `/api/docs`) describes.
 * Every route the engine serves is in the document with a schema for its 2xx answers; every GET
 * route is called with real ids (read from the live route table, so a route added tomorrow is
 * called the day it is added) and each answer is checked against its schema, strict where the
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
  };
}

/** Query strings each GET route is also called with (filters, the other statuses, a page with a cursor). */
const QUERIES: Record<string, string[]> = {
  '/api/runs': ['', '?limit=1', '?status=succeeded'],
  '/api/connections/:id/templates': ['', '?status=all'],
  '/api/webhook-deliveries': ['', '?status=processed'],
  '/api/alerts': ['', '?unread=true'],
  '/api/conversations': ['', '?status=open'],
};


async function fetchAnswer(baseUrl: string, apiKey: string | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** An API client that checks every answer it gets against the document, and keeps the problems. */
class CheckedClient extends ApiClient {
  constructor(
    baseUrl: string,
    apiKey: string | null,
    private readonly contract: () => { document: OpenApiDocument; routes: LiveRoute[] },
    readonly problems: string[],
    readonly checked: Set<string>,
  ) {
    super(baseUrl, apiKey);
  }

  override async request<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const answer = await fetchAnswer(this.baseUrl, this.apiKey, method, path, body);
    const { document, routes } = this.contract();
    const route = routeOf(routes, method, path);
    if (!route) this.problems.push(`${method} ${path}: no live route serves it`);
    else {
      this.checked.add(`${method} ${route.path}`);
      const problem = answerProblem(document, route, answer);
      if (problem) this.problems.push(problem);
    }
    const json = answer.contentType.startsWith('application/json') && answer.text ? JSON.parse(answer.text) : answer.text || undefined;
    return { status: answer.status, body: json as T };
  }
}

describe('the API contract', () => {
  let engine: TestEngine;
  let meta: FakeProvider;
  let document: OpenApiDocument;
  let routes: LiveRoute[];
  let client: CheckedClient;
  let ids: Ids;

  beforeAll(async () => {
    meta = await fakeMeta({ phoneNumberId: POPULATED.metaPhoneNumberId, wabaId: '77002', templates: [{ name: 'b_private_template', body: 'Hello {{1}}' }] }).start();
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0', OUTBOUND_ALLOW: '127.0.0.1' } });
    const docs = await fetch(`${engine.api.baseUrl}/api/docs-json`);
    expect(docs.status).toBe(200);
    document = (await docs.json()) as OpenApiDocument;
    routes = liveRoutes(engine.engine.app);
    client = new CheckedClient(engine.api.baseUrl, engine.api.apiKey, () => ({ document, routes }), [], new Set());
    const workspaceId = (await engine.environment.sql<{ id: string }>(`SELECT workspace_id AS id FROM api_keys LIMIT 1`))[0]!.id;
    ids = { ...(await populate(client, meta.url)), workspaceId };
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
      const operation = operationOf(document, route);
      if (!operation) {
        problems.push(`${route.method} ${route.path}: not in /api/docs`);
        continue;
      }
      const responses = operation.responses ?? {};
      const success = Object.entries(responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) problems.push(`${route.method} ${route.path}: no 2xx answer documented`);
      for (const [status, response] of success) {
        // 204 has no body; every other answer has its schema, a component of the contract.
        if (status === '204') continue;
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

  it('answered every call that made the data with what its schema describes', () => {
    expect(client.checked.size).toBeGreaterThan(10);
    expect(client.problems).toEqual([]);
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
          const problem = answerProblem(document, route, answer);
          if (problem) problems.push(problem);
        }
      }
      // The data was there: at least one answer was a success, checked against its schema.
      if (!statuses.some((status) => status >= 200 && status < 300)) problems.push(`GET ${route.path} never answered 2xx (${statuses.join(', ')})`);
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(25);
  });

  it('answers an error in the envelope its schema describes', async () => {
    const route = { method: 'GET', path: '/api/flows/:id' };
    const missing = await fetchAnswer(engine.api.baseUrl, engine.api.apiKey, 'GET', '/api/flows/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(answerProblem(document, route, missing)).toBeNull();
    // And the check is not blind: an extra field the contract does not name fails it.
    const withExtra = { ...missing, text: JSON.stringify({ error: { ...JSON.parse(missing.text).error, hint: 'undocumented' } }) };
    expect(answerProblem(document, route, withExtra)).toMatch(/does not fit ApiError/);
    const flow = await fetchAnswer(engine.api.baseUrl, engine.api.apiKey, 'GET', `/api/flows/${ids.publishedFlow}`);
    const extraField = { ...flow, text: JSON.stringify({ ...JSON.parse(flow.text), secretColumn: 'x' }) };
    expect(answerProblem(document, route, flow)).toBeNull();
    expect(answerProblem(document, route, extraField)).toMatch(/does not fit FlowView.*secretColumn|does not fit FlowView/);
  });
});
