import { z } from 'zod';

/**
 * Every named schema of the HTTP API. The engine turns this registry into the OpenAPI
 * components of `/api/docs` (one per id), and a response documented with a registered schema
 * refers to its component, so the docs, the validation and the clients' types share one source.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

const byId = new Map<string, z.ZodType>();

/**
 * Registers `schema` as the API component `id` and returns it unchanged.
 *
 * @example export const flowViewSchema = apiSchema('FlowView', z.strictObject({ … }), 'A flow draft as the API shows it');
 */
export function apiSchema<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  if (byId.has(id)) throw new Error(`API schema ${id} is registered twice`);
  apiSchemas.add(schema, description === undefined ? { id } : { id, description });
  byId.set(id, schema);
  return schema;
}

/** The component id a schema was registered under, if it was. */
export function apiSchemaId(schema: z.ZodType): string | undefined {
  return apiSchemas.get(schema)?.id;
}

/** A registered schema by its component id. */
export function apiSchemaById(id: string): z.ZodType | undefined {
  return byId.get(id);
}

/** An instant as the API writes it (`Date.toISOString()`). */
export const instant = z.iso.datetime();
