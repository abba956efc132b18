/**
 * The connection a required connection field chooses by itself: the only one of its provider
 * family, while the field is empty. Two or more is a choice for the person; an optional field
 * (an AI connection, where empty means the engine-wide model) is never filled in.
 */
export function soleConnection(options: ReadonlyArray<{ id: string }>, required: boolean, value: unknown): string | null {
  if (!required || (typeof value === 'string' && value !== '') || options.length !== 1) return null;
  return options[0]!.id;
}
