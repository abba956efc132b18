import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { apiOperations, apiSchemaId, apiSchemas, textBodySchema, type OperationId, type OperationSpec } from '@switchboard/shared';
import { z } from 'zod';

/** Where a registered API schema lives in the OpenAPI document. */
export const componentRef = (id: string) => `#/components/schemas/${id}`;

/**
 * A zod schema as an OpenAPI 3.0 schema. An answer's registered API schema (`apiSchema`) is a
 * `$ref` to its component; a request body is inline, its input side (defaults optional), since
 * the components describe what the API writes.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const id = io === 'output' ? apiSchemaId(schema) : undefined;
  if (id !== undefined) return { $ref: componentRef(id) };
  const jsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0', override: dropInstantPattern }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  return jsonSchema;
}

/** Every registered API schema as OpenAPI components, each nested registered schema a `$ref`. */
export function apiComponents(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0', uri: componentRef, override: dropInstantPattern });
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
}

/** `format: date-time` says it; zod's long ISO pattern only clutters the docs. */
function dropInstantPattern({ jsonSchema }: { jsonSchema: Record<string, unknown> }): void {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
}

/**
 * Documents a route's JSON body in the OpenAPI description from the zod schema that
 * validates it, so the docs cannot drift from the validation.
 */
export function ApiJsonBody(schema: z.ZodType, description?: string): MethodDecorator {
  return applyDecorators(ApiBody({ schema: openApiSchema(schema, 'input'), description }));
}

/**
 * Documents one answer of a route from its schema in `@switchboard/shared` (`shared/src/api`):
 * a registered schema appears as a `$ref` to its component. `null` documents an answer without
 * a body (204); `textBodySchema` a text one (`contentType`, `text/plain` unless given).
 *
 * @example `@ApiJsonResponse(flowViewSchema, 201)`
 */
export function ApiJsonResponse(schema: z.ZodType | null, status = 200, description = '', contentType?: string): MethodDecorator {
  if (schema === null) return applyDecorators(ApiResponse({ status, description: description || 'No content' }));
  const type = contentType ?? (schema === textBodySchema ? 'text/plain' : 'application/json');
  return applyDecorators(ApiResponse({ status, description, content: { [type]: { schema: openApiSchema(schema, 'output') } } }));
}

/**
 * Documents a route from its row of the operations table (`shared/src/api/operations.ts`): its
 * query parameters, body and answers. The table is the one source: the client takes its types
 * from it and the contract test checks that every route has its row and answers what it says.
 *
 * @example `@ApiContract('GET /api/runs/:id')`
 */
export function ApiContract(id: OperationId): MethodDecorator {
  const spec: OperationSpec = apiOperations[id];
  const decorators: MethodDecorator[] = [];
  if (spec.query instanceof z.ZodObject) {
    for (const [name, field] of Object.entries(spec.query.shape as Record<string, z.ZodType>)) {
      decorators.push(ApiQuery({ name, required: !field.safeParse(undefined).success, schema: openApiSchema(field, 'input'), description: field.description }));
    }
  }
  for (const name of spec.headers ?? []) decorators.push(ApiHeader({ name, required: false }));
  if (spec.body) decorators.push(ApiJsonBody(spec.body, spec.bodyDescription));
  for (const [status, answer] of Object.entries(spec.responses)) decorators.push(ApiJsonResponse(answer.schema, Number(status), answer.description, answer.contentType));
  return applyDecorators(...decorators);
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: { schemas?: Record<string, unknown> };
}

/**
 * Completes the document Nest builds: the API schemas as components, and on every operation
 * the error envelope for its 4xx answers (and 503 when a dependency is unavailable).
 */
export function completeApiDocument<T extends object>(document: T): T {
  const doc = document as unknown as OpenApiDocument;
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...apiComponents() } };
  const envelope = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: componentRef('ApiError') } } } });
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      // An operation's own answer for a status (the health probe's 503) stays.
      operation.responses = {
        '4XX': envelope('The error envelope: 400 invalid input (`details` lists each field), 401, 403, 404, 409, 413, 422, 429'),
        '503': envelope('A dependency (PostgreSQL, Redis) is unavailable; `Retry-After` says when to come back'),
        ...operation.responses,
      };
    }
  }
  return document;
}
