import { CONDITION_ROW_OPERATORS, conditionToRows, rowsToCondition, type ConditionOperator, type ConditionRow } from '@switchboard/shared';

/**
 * A row of the condition builder as the user edits it: the value as typed, and whether it is
 * kept as text even when it reads as a number or true/false.
 */
export interface RowDraft {
  field: string;
  operator: ConditionOperator;
  text: string;
  asText: boolean;
}

/** A number as people write it: no leading `+` or zeros, so phone numbers and codes like 007 stay text. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * The value a row stores for what was typed: `true`/`false` become booleans and plain numbers
 * numbers, unless `asText`; an empty value is no value.
 *
 * @example typedValue('true', false) // true; typedValue('42', false) // 42; typedValue('42', true) // '42'; typedValue('+4915', false) // '+4915'
 */
export function typedValue(text: string, asText: boolean): string | number | boolean | undefined {
  if (text === '') return undefined;
  if (asText) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (NUMBER.test(text)) {
    const number = Number(text);
    if (Number.isFinite(number)) return number;
  }
  return text;
}

/** Whether a text would be stored as something other than text (so "keep as text" matters). */
export function readsAsTyped(text: string): boolean {
  return typeof typedValue(text, false) !== 'string' && text !== '';
}

/**
 * The draft of a stored row: a string that would read as a number or boolean was forced to text.
 *
 * @example draftOf({ field: 'a', operator: 'equals', value: '5' }) // { field: 'a', operator: 'equals', text: '5', asText: true }
 */
export function draftOf(row: ConditionRow): RowDraft {
  const value = row.value;
  if (value === undefined) return { field: row.field, operator: row.operator, text: '', asText: false };
  if (typeof value === 'string') return { field: row.field, operator: row.operator, text: value, asText: readsAsTyped(value) };
  return { field: row.field, operator: row.operator, text: String(value), asText: false };
}

export function takesValue(operator: ConditionOperator): boolean {
  return CONDITION_ROW_OPERATORS.find((entry) => entry.operator === operator)?.takesValue ?? true;
}

/** The row a draft stands for; null while its field is empty (an unfinished row is not stored). */
export function rowOf(draft: RowDraft): ConditionRow | null {
  const field = draft.field.trim();
  if (field === '') return null;
  if (!takesValue(draft.operator)) return { field, operator: draft.operator };
  const value = typedValue(draft.text, draft.asText);
  return value === undefined ? { field, operator: draft.operator } : { field, operator: draft.operator, value };
}

/** The stored condition of the drafts: `and` of the finished rows, or undefined for none. */
export function conditionOf(drafts: readonly RowDraft[]): Record<string, unknown> | undefined {
  const rows = drafts.map(rowOf).filter((row): row is ConditionRow => row !== null);
  return rowsToCondition(rows) ?? undefined;
}

/** The drafts of a stored condition, or null when it cannot be shown as rows (then it is edited as JSON). */
export function draftsOf(condition: unknown): RowDraft[] | null {
  const rows = conditionToRows(condition);
  return rows === null ? null : rows.map(draftOf);
}

export function emptyDraft(field = ''): RowDraft {
  return { field, operator: 'equals', text: '', asText: false };
}
