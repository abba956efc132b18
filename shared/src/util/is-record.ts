/** True for a non-null, non-array object, such as a node's `config` or parsed JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of anything thrown, for problems and warnings. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
