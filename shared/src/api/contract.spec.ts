import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiErrorSchema, apiSchemaById, apiSchemaId, apiSchemas, flowViewSchema, runViewSchema } from './index';

describe('the API contract', () => {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0', uri: (id) => `#/components/schemas/${id}` });

  it('exports every schema as an OpenAPI component, nested ones as references that resolve', () => {
    expect(Object.keys(schemas).length).toBeGreaterThan(50);
    const refs = [...JSON.stringify(schemas).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs).toContain('FlowView');
    expect(refs.filter((id) => !(id in schemas))).toEqual([]);
    for (const id of Object.keys(schemas)) expect(apiSchemaById(id), id).toBeDefined();
  });

  it('finds a schema by its id and an id by its schema', () => {
    expect(apiSchemaId(flowViewSchema)).toBe('FlowView');
    expect(apiSchemaById('RunView')).toBe(runViewSchema);
    expect(apiSchemaId(z.object({}))).toBeUndefined();
  });

  it('refuses a field the contract does not name where the shape is fully known', () => {
    expect(apiErrorSchema.safeParse({ error: { code: 'NOT_FOUND', message: 'Flow x not found' } }).success).toBe(true);
    expect(apiErrorSchema.safeParse({ error: { code: 'NOT_FOUND', message: 'Flow x not found', stack: 'at …' } }).success).toBe(false);
    expect(schemas.FlowView).toMatchObject({ additionalProperties: false });
  });
});
