import { isRecord } from '../util/is-record';
import { isEmptyCondition, type JsonLogic } from './evaluate-condition';

/** The operators of the editor's condition builder. */
export type ConditionOperator =
  | 'equals' | 'not_equals' | 'contains' | 'not_contains' | 'greater_than' | 'less_than'
  | 'is_true' | 'is_false' | 'is_empty' | 'is_not_empty';

/** One row of the condition builder; `value` keeps its type (a boolean stays a boolean). */
export interface ConditionRow {
  /** A context path, e.g. `trigger.variables.appointment_booked`. */
  field: string;
  operator: ConditionOperator;
  value?: string | number | boolean;
}

/** The builder's operators in menu order, with a label and whether they take a value. */
export const CONDITION_ROW_OPERATORS: ReadonlyArray<{ operator: ConditionOperator; label: string; takesValue: boolean }> = [
  { operator: 'equals', label: 'equals', takesValue: true },
  { operator: 'not_equals', label: 'does not equal', takesValue: true },
  { operator: 'contains', label: 'contains', takesValue: true },
  { operator: 'not_contains', label: 'does not contain', takesValue: true },
  { operator: 'greater_than', label: 'is greater than', takesValue: true },
  { operator: 'less_than', label: 'is less than', takesValue: true },
  { operator: 'is_true', label: 'is true', takesValue: false },
  { operator: 'is_false', label: 'is false', takesValue: false },
  { operator: 'is_empty', label: 'is empty', takesValue: false },
  { operator: 'is_not_empty', label: 'is not empty', takesValue: false },
];

const COMPARISONS = { equals: '==', not_equals: '!=', greater_than: '>', less_than: '<' } as const;

/**
 * The json-logic of a row. `equals` is loose (`==`, so 5 matches "5"); `is_true`/`is_false` are
 * strict (`===`); `is_empty` is json-logic `missing` (null, absent or "").
 *
 * @example rowToRule({ field: 'trigger.variables.appointment_booked', operator: 'equals', value: true })
 *          // { '==': [{ var: 'trigger.variables.appointment_booked' }, true] }
 */
export function rowToRule(row: ConditionRow): JsonLogic {
  const field = { var: row.field };
  // A missing value is stored as null, and null reads back as "no value".
  const value = row.value ?? null;
  switch (row.operator) {
    case 'equals':
    case 'not_equals':
    case 'greater_than':
    case 'less_than':
      return { [COMPARISONS[row.operator]]: [field, value] };
    case 'contains':
      return { in: [value, field] };
    case 'not_contains':
      return { '!': { in: [value, field] } };
    case 'is_true':
      return { '===': [field, true] };
    case 'is_false':
      return { '===': [field, false] };
    case 'is_empty':
      return { missing: [row.field] };
    case 'is_not_empty':
      return { '!': { missing: [row.field] } };
  }
}

/**
 * Rows joined by AND, as stored in a flow; no rows means no condition (null).
 *
 * @example rowsToCondition([{ field: 'trigger.call.status', operator: 'equals', value: 'completed' }])
 *          // { and: [{ '==': [{ var: 'trigger.call.status' }, 'completed'] }] }
 */
export function rowsToCondition(rows: readonly ConditionRow[]): JsonLogic | null {
  return rows.length === 0 ? null : { and: rows.map(rowToRule) };
}

/**
 * The rows a condition was built from, or null when the builder cannot show it (then the editor
 * falls back to raw json-logic). Also reads a single row's rule without the `and` around it.
 * `conditionToRows(rowsToCondition(rows))` gives `rows` back.
 */
export function conditionToRows(rule: unknown): ConditionRow[] | null {
  if (isEmptyCondition(rule)) return [];
  if (isRecord(rule) && Object.keys(rule).length === 1 && Array.isArray(rule.and)) {
    const rows: ConditionRow[] = [];
    for (const part of rule.and) {
      const row = ruleToRow(part);
      if (!row) return null;
      rows.push(row);
    }
    return rows;
  }
  const row = ruleToRow(rule);
  return row ? [row] : null;
}

type RowValue = { ok: true; value?: string | number | boolean } | { ok: false };

function ruleToRow(rule: unknown): ConditionRow | null {
  const op = single(rule);
  if (!op) return null;
  const args = Array.isArray(op.args) ? op.args : [op.args];
  for (const operator of ['equals', 'not_equals', 'greater_than', 'less_than'] as const) {
    if (op.name !== COMPARISONS[operator]) continue;
    const field = args.length === 2 ? varField(args[0]) : null;
    const value = args.length === 2 ? rowValue(args[1]) : { ok: false as const };
    return field !== null && value.ok ? withValue({ field, operator }, value) : null;
  }
  if (op.name === '===' && args.length === 2 && typeof args[1] === 'boolean') {
    const field = varField(args[0]);
    return field === null ? null : { field, operator: args[1] ? 'is_true' : 'is_false' };
  }
  if (op.name === 'in' || op.name === 'missing') return positive(op.name, args, 'contains', 'is_empty');
  if (op.name === '!' && args.length === 1) {
    const inner = single(args[0]);
    if (inner?.name !== 'in' && inner?.name !== 'missing') return null;
    return positive(inner.name, Array.isArray(inner.args) ? inner.args : [inner.args], 'not_contains', 'is_not_empty');
  }
  return null;
}

/** Reads `in` / `missing` as a row with the operator given for each. */
function positive(name: 'in' | 'missing', args: unknown[], ifIn: ConditionOperator, ifMissing: ConditionOperator): ConditionRow | null {
  if (name === 'missing') {
    return args.length === 1 && typeof args[0] === 'string' && args[0] !== '' ? { field: args[0], operator: ifMissing } : null;
  }
  const field = args.length === 2 ? varField(args[1]) : null;
  const value = args.length === 2 ? rowValue(args[0]) : { ok: false as const };
  return field !== null && value.ok ? withValue({ field, operator: ifIn }, value) : null;
}

function withValue(row: ConditionRow, value: RowValue): ConditionRow {
  return value.ok && value.value !== undefined ? { ...row, value: value.value } : row;
}

function single(rule: unknown): { name: string; args: unknown } | null {
  if (!isRecord(rule)) return null;
  const keys = Object.keys(rule);
  return keys.length === 1 ? { name: keys[0], args: rule[keys[0]] } : null;
}

/** The path of `{ var: 'a.b' }` (or `{ var: ['a.b'] }`), else null. */
function varField(value: unknown): string | null {
  const op = single(value);
  if (op?.name !== 'var') return null;
  const path = Array.isArray(op.args) && op.args.length === 1 ? op.args[0] : op.args;
  return typeof path === 'string' && path !== '' ? path : null;
}

function rowValue(value: unknown): RowValue {
  if (value === null) return { ok: true };
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return { ok: true, value };
  return { ok: false };
}
