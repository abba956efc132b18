import type { FieldModel } from './schema-model';

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/;

/**
 * What a number field stores for what was typed: a number when it reads as one, the text
 * otherwise (a `{{ }}` expression, or a mistake the engine reports), nothing when empty.
 */
export function numberFromText(text: string): number | string | undefined {
  if (text.trim() === '') return undefined;
  return NUMERIC.test(text) ? Number(text) : text;
}

/** The value a new item of a list of plain values starts with. */
export function newItemValue(item: FieldModel): unknown {
  if (item.default !== undefined) return structuredClone(item.default);
  if (item.kind === 'number') return 0;
  if (item.kind === 'boolean') return false;
  if (item.kind === 'enum') return item.options[0]?.value ?? '';
  return '';
}
