import { apiErrorSchema, apiSchemaId, functionAnswerSchema, operationOf, textBodySchema, type ApiOperation } from '@switchboard/shared';
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
export function documentOperation(document: OpenApiDocument, route: Pick<LiveRoute, 'method' | 'path'>): OpenApiOperation | undefined {
  const shape = pathShape(route.path);
  const key = Object.keys(document.paths).find((candidate) => pathShape(candidate) === shape);
  return key === undefined ? undefined : document.paths[key]![route.method.toLowerCase()];
}

/**
 * What is wrong with an answer of `route` against the operations table (`shared/src/api/operations.ts`):
 * the route has no row, no answer is documented for its status (a 4xx or 503 is the error
 * envelope, `ApiError`), its content type is not the documented one, or its body does not fit
 * the schema. `null` when the answer is described.
 */
export function answerProblem(route: Pick<LiveRoute, 'method' | 'path'>, answer: Answer): string | null {
  const name = `${route.method} ${route.path} → ${answer.status}`;
  const operation = operationOf(route.method, route.path);
  if (!operation) return `${name}: the route is not in the operations table`;
  const documented = operation.responses[answer.status];
  const envelope = answer.status >= 400 && answer.status < 600;
  if (!documented && !envelope) return `${name}: no answer documented for this status (documented: ${Object.keys(operation.responses).join(', ')})`;
  const schema = documented ? documented.schema : apiErrorSchema;
  if (schema === null) return answer.text === '' ? null : `${name}: documented without a body, answered ${answer.text.slice(0, 200)}`;
  const expected = documented?.contentType ?? (schema === textBodySchema ? 'text/plain' : 'application/json');
  const type = answer.contentType.split(';')[0]!.trim();
  // A function's answer is the flow's Respond body: JSON or text, as the flow wrote it.
  if (type !== expected && !(schema === functionAnswerSchema && type === 'text/plain')) return `${name}: answered ${type || 'no content type'}, documented ${expected}`;
  const id = apiSchemaId(schema) ?? '(an unregistered schema)';
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

/**
 * Where the document `/api/docs-json` and the operations table disagree about an operation: a
 * status one documents and the other not, or another schema for it (the document refers to
 * components by id). Empty when they agree.
 */
export function documentDrift(document: OpenApiDocument, operation: ApiOperation): string[] {
  const documented = documentOperation(document, operation);
  if (!documented) return [`${operation.id}: not in /api/docs`];
  const problems: string[] = [];
  const inDocument = Object.keys(documented.responses ?? {}).filter((status) => /^\d+$/.test(status) && !(status === '503' && !(503 in operation.responses)));
  const inTable = Object.keys(operation.responses);
  if (inDocument.sort().join() !== inTable.sort().join()) problems.push(`${operation.id}: /api/docs documents ${inDocument.join(', ')}, the table ${inTable.join(', ')}`);
  for (const [status, answer] of Object.entries(operation.responses)) {
    const refs = Object.values(documented.responses?.[status]?.content ?? {}).map((media) => media.schema?.$ref?.replace('#/components/schemas/', ''));
    const id = answer.schema ? apiSchemaId(answer.schema) : undefined;
    if (answer.schema && (refs.length !== 1 || refs[0] !== id)) problems.push(`${operation.id} ${status}: /api/docs refers to ${refs.join(', ') || 'nothing'}, the table to ${id ?? 'an unregistered schema'}`);
  }
  return problems;
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
