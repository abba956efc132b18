import type { z } from 'zod';
import { ApiError, type FieldProblem } from './api-error';

/** Formats a zod issue path as `graph.nodes[0].id`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(body)';
}

/**
 * Parses a request part with a zod schema or throws `INVALID_INPUT` naming every bad field.
 *
 * @example const body = parseInput(createFlowSchema, request.body);
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown, prefix = ''): z.output<Schema> {
  // No body at all reads as an empty one, so the answer names the missing fields.
  const result = schema.safeParse(input === undefined && prefix === '' ? {} : input);
  if (result.success) return result.data;
  const details: FieldProblem[] = result.error.issues.map((issue) => ({ field: fieldPath(issue.path, prefix), message: issue.message }));
  throw ApiError.invalid(details);
}
