import { applyDecorators } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * Documents a route's JSON body in the OpenAPI description from the zod schema that
 * validates it, so the docs cannot drift from the validation.
 */
export function ApiJsonBody(schema: z.ZodType, description?: string): MethodDecorator {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  return applyDecorators(ApiBody({ schema: jsonSchema, description }));
}
