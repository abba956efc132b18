import { apiSchemaById } from '@switchboard/shared';
import type { LiveRoute } from './route-table';

/** The parts of the OpenAPI document `/api/docs-json` serves that the contract checks read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface OpenApiOperation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } & Record<string, unknown> }> }>;
}

/** One answer of the engine, as a client saw it. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** `/api/flows/:id` and `/api/flows/{id}` alike: the shape of a path with its parameters unnamed. */
export function pathShape(path: string): string {
  return path.replace(/\{[^}]+\}|:[^/]+/g, '{}');
}

/** The document's operation for a live route (`GET /api/flows/:id` → `paths['/api/flows/{id}'].get`). */
export function operationOf(document: OpenApiDocument, route: Pick<LiveRoute, 'method' | 'path'>): OpenApiOperation | undefined {
  const shape = pathShape(route.path);
  const key = Object.keys(document.paths).find((candidate) => pathShape(candidate) === shape);
  return key === undefined ? undefined : document.paths[key]![route.method.toLowerCase()];
}

/**
 * What is wrong with an answer of `route` against the document: no documented response for its
 * status, a content type the operation does not answer with, or a body its schema does not
 * describe (each documented body is a `$ref` to a component, checked with the zod schema of
 * `shared/src/api` registered under that id). `null` when the answer is described.
 */
export function answerProblem(document: OpenApiDocument, route: Pick<LiveRoute, 'method' | 'path'>, answer: Answer): string | null {
  const name = `${route.method} ${route.path} → ${answer.status}`;
  const operation = operationOf(document, route);
  if (!operation) return `${name}: the route is not in /api/docs`;
  const response = operation.responses?.[String(answer.status)] ?? operation.responses?.[`${Math.floor(answer.status / 100)}XX`];
  if (!response) return `${name}: no response documented for this status (documented: ${Object.keys(operation.responses ?? {}).join(', ')})`;
  if (!response.content) return answer.text === '' ? null : `${name}: documented without a body, answered ${answer.text.slice(0, 200)}`;
  const type = answer.contentType.split(';')[0]!.trim();
  const media = response.content[type];
  if (!media?.schema) return `${name}: answered ${type || 'no content type'}, documented ${Object.keys(response.content).join(', ')}`;
  const ref = media.schema.$ref;
  if (!ref?.startsWith('#/components/schemas/')) return `${name}: the documented schema is not a component of the contract`;
  const id = ref.slice('#/components/schemas/'.length);
  const schema = apiSchemaById(id);
  if (!schema) return `${name}: ${id} is not a schema of shared/src/api`;
  let body: unknown = answer.text;
  if (type === 'application/json') {
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${name}: not JSON: ${answer.text.slice(0, 200)}`;
    }
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return null;
  const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  return `${name}: the answer does not fit ${id}: ${issues.join('; ')}`;
}

/** The live route a concrete path is served by: a static segment wins over a parameter, as in Fastify's router. */
export function routeOf(routes: readonly LiveRoute[], method: string, path: string): LiveRoute | undefined {
  const bare = path.split('?')[0]!;
  const matches = routes.filter((route) => {
    if (route.method !== method) return false;
    const pattern = route.path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return new RegExp(`^${pattern}$`).test(bare);
  });
  // Fewer wildcards, then fewer parameters, win: `/api/runs/:id` over the editor's `/*`.
  const rank = (route: LiveRoute) => [route.params.filter((param) => param === '*').length, route.params.length];
  return matches.sort((a, b) => rank(a)[0]! - rank(b)[0]! || rank(a)[1]! - rank(b)[1]!)[0];
}
