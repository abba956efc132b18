import type { JsonSchema } from '../../api/types';
import { humanize, singular } from './field-paths';

/**
 * The config form as a tree of field descriptors, derived from a node's JSON Schema (zod 4's
 * `toJSONSchema` of its config) and its `x-widget` hints. Pure, so every node's form is
 * tested without a browser; `SchemaForm` draws the tree and has no per-node code.
 */

export interface EnumOption {
  value: string;
  label: string;
}

interface FieldBase {
  /** The property name ('' for list items). */
  name: string;
  label: string;
  description?: string;
  required: boolean;
  default?: unknown;
  /** Drawn by another field's widget (a template picker draws its language and parameters). */
  claimedBy?: string;
}

export interface TextModel extends FieldBase {
  kind: 'text';
  /** A multi-line text area (`x-widget: textarea`). */
  multiline: boolean;
  /** `phone`: a phone number (E.164 hint); `date-time`: an ISO date and time. */
  format?: 'phone' | 'date-time' | 'cron';
  /** A cron field: the sibling field holding its IANA time zone. */
  timezoneField?: string;
  /** Whether the value may hold `{{ }}` expressions (false for names such as a branch key). */
  templated: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  /** A limit counted as it is typed (`x-max-chars`); variables are counted only when it is sent. */
  maxChars?: number;
}

export interface NumberModel extends FieldBase {
  kind: 'number';
  integer: boolean;
  /** `anyOf` [number, templated string]: a `{{ }}` expression is accepted too. */
  templated: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

export interface BooleanModel extends FieldBase {
  kind: 'boolean';
}

export interface EnumModel extends FieldBase {
  kind: 'enum';
  options: EnumOption[];
  /** A `{{ }}` expression may stand for a choice made at run time. */
  templated: boolean;
  /** Few options read best as a segmented control. */
  display: 'segmented' | 'select';
}

export interface ConditionModel extends FieldBase {
  kind: 'condition';
}

export interface ConnectionModel extends FieldBase {
  kind: 'connection';
  /** The provider family: `whatsapp`, `ai`, `smtp`. */
  provider: string;
}

export interface WhatsAppTemplateModel extends FieldBase {
  kind: 'whatsapp-template';
  connectionField: string;
  languageField?: string;
  parametersField?: string;
  /** The models of the language and parameters fields this widget draws. */
  language?: FieldModel;
  parameters?: FieldModel;
}

/**
 * The buttons, list or link of an interactive WhatsApp message (`x-widget: whatsapp-interactive`
 * on its buttons field): one widget with a choice between the three, since a message has exactly
 * one. It draws the list and link fields too.
 */
export interface WhatsAppInteractiveModel extends FieldBase {
  kind: 'whatsapp-interactive';
  listField: string;
  ctaField: string;
  /** The node's limits (`x-limits`), by part: `buttonTitle: 20`… */
  limits: unknown;
}

export interface ListModel extends FieldBase {
  kind: 'list';
  item: FieldModel;
  itemLabel: string;
  minItems?: number;
}

export interface ObjectListModel extends FieldBase {
  kind: 'object-list';
  item: ObjectModel;
  itemLabel: string;
  minItems?: number;
}

export interface RecordModel extends FieldBase {
  kind: 'record';
  keyPattern?: string;
  keyDescription?: string;
  value: FieldModel;
  itemLabel: string;
}

/** `anyOf` [list, record]: positional or named values (a template's parameters). */
export interface ListOrRecordModel extends FieldBase {
  kind: 'list-or-record';
  list: ListModel;
  record: RecordModel;
}

/** `anyOf` [a constant, list]: one fixed choice (`"all"`) or a list of values (the recipients of an alert). */
export interface ChoiceOrListModel extends FieldBase {
  kind: 'choice-or-list';
  /** The constant (`all`). */
  choice: string;
  choiceLabel: string;
  list: ListModel;
}

export interface ObjectModel extends FieldBase {
  kind: 'object';
  fields: FieldModel[];
}

/** A JSON Schema object (`x-widget: json-schema`): an in-call function's arguments, as a list of arguments or as JSON. */
export interface JsonSchemaModel extends FieldBase {
  kind: 'json-schema';
}

/** A write-only value (`x-widget: secret`, a webhook's signing secret): the engine shows a stored one as `SECRET_SET_MARKER`. */
export interface SecretModel extends FieldBase {
  kind: 'secret';
  minLength?: number;
}

/** Anything the form has no control for: edited as JSON. */
export interface JsonModel extends FieldBase {
  kind: 'json';
  /** The JSON type expected, when the schema says. */
  expects?: 'object' | 'array';
}

export type FieldModel =
  | TextModel
  | NumberModel
  | BooleanModel
  | EnumModel
  | ConditionModel
  | ConnectionModel
  | WhatsAppTemplateModel
  | WhatsAppInteractiveModel
  | ListModel
  | ObjectListModel
  | RecordModel
  | ListOrRecordModel
  | ChoiceOrListModel
  | ObjectModel
  | JsonSchemaModel
  | SecretModel
  | JsonModel;

/** Enums with at most this many options are drawn as a segmented control. */
export const SEGMENTED_MAX_OPTIONS = 4;

/** A string schema whose pattern is the catalog's `{{ }}` expression pattern. */
function isTemplateString(schema: JsonSchema): boolean {
  return schema.type === 'string' && typeof schema.pattern === 'string' && schema.pattern.includes('\\{\\{') && !schema.enum;
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;
}

/** The root of a node's config form. */
export function configModel(schema: JsonSchema): ObjectModel {
  return objectModel('', schema, true, '');
}

/**
 * The descriptor of one property.
 *
 * @example fieldModel('to', { type: 'string', 'x-widget': 'phone' }, true) // { kind: 'text', format: 'phone', label: 'To', … }
 */
export function fieldModel(name: string, schema: JsonSchema, required: boolean, labelOverride?: string): FieldModel {
  const widget = schema['x-widget'];
  const base: FieldBase = {
    name,
    label: labelOverride ?? label(name, schema, widget === 'connection'),
    required,
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.default !== undefined ? { default: schema.default } : {}),
  };

  switch (widget) {
    case 'condition':
      return { ...base, kind: 'condition' };
    case 'connection':
      return { ...base, kind: 'connection', provider: typeof schema['x-provider'] === 'string' ? schema['x-provider'] : '' };
    case 'whatsapp-template':
      return {
        ...base,
        kind: 'whatsapp-template',
        connectionField: typeof schema['x-connection-field'] === 'string' ? schema['x-connection-field'] : 'connectionId',
        ...(typeof schema['x-language-field'] === 'string' ? { languageField: schema['x-language-field'] } : {}),
        ...(typeof schema['x-parameters-field'] === 'string' ? { parametersField: schema['x-parameters-field'] } : {}),
      };
    case 'whatsapp-interactive':
      return {
        ...base,
        kind: 'whatsapp-interactive',
        listField: typeof schema['x-list-field'] === 'string' ? schema['x-list-field'] : 'list',
        ctaField: typeof schema['x-cta-field'] === 'string' ? schema['x-cta-field'] : 'cta',
        limits: schema['x-limits'],
      };
    case 'phone':
      return textModel(base, schema, { format: 'phone' });
    case 'textarea':
      return textModel(base, schema, { multiline: true });
    case 'cron':
      return { ...textModel(base, schema, { format: 'cron' }), timezoneField: typeof schema['x-timezone-field'] === 'string' ? schema['x-timezone-field'] : 'timezone' };
    case 'json-schema':
      return { ...base, kind: 'json-schema' };
    case 'secret':
      return { ...base, kind: 'secret', ...(schema.minLength !== undefined ? { minLength: schema.minLength } : {}) };
  }

  const variants = (schema.anyOf ?? schema.oneOf)?.filter((variant) => typeOf(variant) !== 'null');
  if (variants && variants.length > 0) return unionModel(base, schema, variants);

  if (schema.enum) return enumModel(base, schema.enum, false);
  switch (typeOf(schema)) {
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'number':
    case 'integer':
      return numberModel(base, schema, false);
    case 'string':
      return textModel(base, schema, {});
    case 'array':
      return arrayModel(base, schema);
    case 'object':
      return schema.properties ? objectModel(name, schema, required, base.label) : recordModel(base, schema);
    default:
      return { ...base, kind: 'json' };
  }
}

function label(name: string, schema: JsonSchema, isConnection: boolean): string {
  // `connectionId` reads as "Connection", `aiConnectionId` as "AI connection".
  const words = humanize(isConnection && /[a-z]Id$/.test(name) ? name.slice(0, -2) : name);
  if (!schema.title || schema.title.toLowerCase() === words.toLowerCase()) return words;
  return `${words} (${schema.title})`;
}

function textModel(base: FieldBase, schema: JsonSchema, options: { multiline?: boolean; format?: TextModel['format'] }): TextModel {
  // A pattern other than the expression pattern restricts the text to names (snake_case keys…).
  const pattern = typeof schema.pattern === 'string' && !isTemplateString(schema) ? schema.pattern : undefined;
  return {
    ...base,
    kind: 'text',
    multiline: options.multiline ?? false,
    // A pattern restricts the text to names; `x-templated: false` marks text that is never rendered (a tool's description).
    templated: pattern === undefined && schema['x-templated'] !== false,
    ...(options.format ? { format: options.format } : schema.format === 'date-time' ? { format: 'date-time' as const } : {}),
    ...(pattern ? { pattern } : {}),
    ...(schema.minLength !== undefined ? { minLength: schema.minLength } : {}),
    ...(schema.maxLength !== undefined ? { maxLength: schema.maxLength } : {}),
    ...(typeof schema['x-max-chars'] === 'number' ? { maxChars: schema['x-max-chars'] } : {}),
  };
}

function numberModel(base: FieldBase, schema: JsonSchema, templated: boolean): NumberModel {
  return {
    ...base,
    kind: 'number',
    integer: typeOf(schema) === 'integer',
    templated,
    ...(schema.minimum !== undefined ? { minimum: schema.minimum } : {}),
    ...(schema.maximum !== undefined ? { maximum: schema.maximum } : {}),
    ...(schema.exclusiveMinimum !== undefined ? { exclusiveMinimum: schema.exclusiveMinimum } : {}),
  };
}

function enumModel(base: FieldBase, values: readonly unknown[], templated: boolean, labels?: unknown): EnumModel {
  const options = values
    .filter((value): value is string => typeof value === 'string')
    .map((value) => ({ value, label: enumLabel(value, base.name, labels) }));
  return { ...base, kind: 'enum', options, templated, display: options.length <= SEGMENTED_MAX_OPTIONS ? 'segmented' : 'select' };
}

/**
 * The label of a choice: the schema's `x-enum-labels` when given, else the value in words. An
 * `all` choice of a `<noun>Type` field names the noun.
 *
 * @example enumLabel('not_connected', 'callType') // 'Not connected'; enumLabel('all', 'callType') // 'All calls'
 */
export function enumLabel(value: string, fieldName: string, labels?: unknown): string {
  if (labels && typeof labels === 'object' && typeof (labels as Record<string, unknown>)[value] === 'string') {
    return (labels as Record<string, string>)[value];
  }
  const noun = /^([a-z][A-Za-z0-9]*)Type$/.exec(fieldName)?.[1];
  if (value === 'all' && noun) return `All ${humanize(noun).toLowerCase()}s`;
  return humanize(value);
}

function unionModel(base: FieldBase, schema: JsonSchema, variants: JsonSchema[]): FieldModel {
  const templates = variants.filter(isTemplateString);
  const others = variants.filter((variant) => !isTemplateString(variant));
  const templated = templates.length > 0;
  const numeric = others.find((variant) => typeOf(variant) === 'number' || typeOf(variant) === 'integer');
  if (numeric && others.length === 1) return numberModel(base, numeric, templated);
  const choice = others.find((variant) => Array.isArray(variant.enum));
  if (choice && others.length === 1) return enumModel(base, choice.enum!, templated, schema['x-enum-labels'] ?? choice['x-enum-labels']);
  // `{ type: string, anyOf: [{ format: date-time }, template] }`: a date and time, or an expression.
  if (typeOf(schema) === 'string' && others.every((variant) => !variant.type || variant.type === 'string')) {
    const dateTime = others.some((variant) => variant.format === 'date-time');
    return textModel(base, { ...schema, ...(dateTime ? { format: 'date-time' } : {}) }, {});
  }
  const list = others.find((variant) => typeOf(variant) === 'array');
  const record = others.find((variant) => typeOf(variant) === 'object' && !variant.properties);
  if (list && record && others.length === 2) {
    const listModel = arrayModel(base, list);
    const recordModelValue = recordModel(base, record);
    if (listModel.kind === 'list' && recordModelValue.kind === 'record') return { ...base, kind: 'list-or-record', list: listModel, record: recordModelValue };
  }
  const constant = others.find((variant) => typeof variant.const === 'string');
  if (list && constant && others.length === 2) {
    const listModel = arrayModel(base, list);
    const choice = constant.const as string;
    const labels = schema['x-enum-labels'];
    const choiceLabel = choice === 'all' && !labels ? `All ${base.label.toLowerCase()}` : enumLabel(choice, base.name, labels);
    if (listModel.kind === 'list') return { ...base, kind: 'choice-or-list', choice, choiceLabel, list: listModel };
  }
  if (others.length === 1) return fieldModel(base.name, { ...others[0], description: schema.description, default: schema.default }, base.required, base.label);
  return { ...base, kind: 'json' };
}

function arrayModel(base: FieldBase, schema: JsonSchema): FieldModel {
  const items = schema.items;
  const itemLabel = singular(base.label);
  const minItems = schema.minItems !== undefined ? { minItems: schema.minItems } : {};
  if (!items) return { ...base, kind: 'json', expects: 'array' };
  if (typeOf(items) === 'object' && items.properties) {
    return { ...base, kind: 'object-list', item: objectModel('', items, true, itemLabel), itemLabel, ...minItems };
  }
  const item = fieldModel('', items, true, itemLabel);
  if (item.kind === 'text' || item.kind === 'number' || item.kind === 'enum' || item.kind === 'boolean') {
    return { ...base, kind: 'list', item, itemLabel, ...minItems };
  }
  return { ...base, kind: 'json', expects: 'array' };
}

function recordModel(base: FieldBase, schema: JsonSchema): FieldModel {
  const values = schema.additionalProperties;
  const keys = (schema as { propertyNames?: JsonSchema }).propertyNames;
  if (!values || values === true || Object.keys(values).length === 0) return { ...base, kind: 'json', expects: 'object' };
  const itemLabel = singular(base.label);
  const value = fieldModel('', values, true, 'Value');
  if (value.kind === 'object' || value.kind === 'json' || value.kind === 'record' || value.kind === 'object-list' || value.kind === 'list-or-record' || value.kind === 'choice-or-list') {
    return { ...base, kind: 'json', expects: 'object' };
  }
  return {
    ...base,
    kind: 'record',
    value,
    itemLabel,
    ...(typeof keys?.pattern === 'string' ? { keyPattern: keys.pattern } : {}),
    ...(keys?.description ? { keyDescription: keys.description } : {}),
  };
}

function objectModel(name: string, schema: JsonSchema, required: boolean, labelText: string): ObjectModel {
  const requiredNames = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([property, child]) => fieldModel(property, child, requiredNames.has(property)));
  // A template picker draws the language and parameters it fills in; the form skips them.
  const claimed = new Map<string, string>();
  for (const field of fields) {
    if (field.kind !== 'whatsapp-template') continue;
    if (field.languageField) claimed.set(field.languageField, field.name);
    if (field.parametersField) claimed.set(field.parametersField, field.name);
  }
  // The interactive widget draws the list and link fields as its other two choices.
  for (const field of fields) {
    if (field.kind !== 'whatsapp-interactive') continue;
    claimed.set(field.listField, field.name);
    claimed.set(field.ctaField, field.name);
  }
  const withClaims = fields.map((field) => (claimed.has(field.name) ? { ...field, claimedBy: claimed.get(field.name)! } : field));
  const resolved = withClaims.map((field) =>
    field.kind === 'whatsapp-template'
      ? {
          ...field,
          language: withClaims.find((other) => other.name === field.languageField),
          parameters: withClaims.find((other) => other.name === field.parametersField),
        }
      : field,
  );
  return {
    name,
    label: labelText,
    required,
    kind: 'object',
    fields: resolved,
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.default !== undefined ? { default: schema.default } : {}),
  };
}

/** The value a field shows: what is stored, else the schema's default. */
export function displayValue(model: FieldModel, value: unknown): unknown {
  return value === undefined ? model.default : value;
}

/**
 * A new item for a list of objects: each field's default, and for a required name field (a
 * snake_case `key` or `name`) a fresh name, so the new item is valid as far as it can be.
 *
 * @example newListItem(branchItem, [{ key: 'branch_1' }], 'Branch') // { key: 'branch_2' }
 */
export function newListItem(model: ObjectModel, existing: readonly unknown[], itemLabel: string): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const field of model.fields) {
    if (field.default !== undefined) item[field.name] = structuredClone(field.default);
    else if (field.kind === 'text' && field.required && field.pattern && /^(key|name|id)$/.test(field.name)) {
      item[field.name] = freshName(existing, field.name, itemLabel);
    } else if (field.kind === 'text' && field.required) item[field.name] = '';
  }
  return item;
}

function freshName(existing: readonly unknown[], field: string, itemLabel: string): string {
  const base = itemLabel.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^[^a-z]+/, '') || 'item';
  const taken = new Set(existing.map((item) => (item && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined)));
  for (let i = existing.length + 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * A name for a new entry of a record: `value`, `value_2`, … (snake_case, unused).
 *
 * @example newRecordKey({ value: 'x' }) // 'value_2'
 */
export function newRecordKey(record: Record<string, unknown>, base = 'value'): string {
  if (!(base in record)) return base;
  for (let i = 2; ; i++) if (!(`${base}_${i}` in record)) return `${base}_${i}`;
}

/** The label of the field at a config path (for the problem list), or null when the form has no such field. */
export function labelAt(root: ObjectModel, path: ReadonlyArray<string | number>): string | null {
  const labels: string[] = [];
  let model: FieldModel | undefined = root;
  for (const [index, key] of path.entries()) {
    if (!model) return null;
    if (model.kind === 'object' && typeof key === 'string') {
      model = model.fields.find((field) => field.name === key);
      if (model) labels.push(model.label);
    } else if (model.kind === 'object-list' && typeof key === 'number') {
      labels.push(`${model.itemLabel} ${key + 1}`);
      model = model.item;
    } else if (model.kind === 'list' && typeof key === 'number') {
      labels.push(`${model.itemLabel} ${key + 1}`);
      model = model.item;
    } else if (model.kind === 'choice-or-list' && typeof key === 'number') {
      labels.push(`${model.list.itemLabel} ${key + 1}`);
      model = model.list.item;
    } else if (model.kind === 'record' && typeof key === 'string') {
      labels.push(`"${key}"`);
      model = model.value;
    } else if (model.kind === 'list-or-record') {
      labels.push(typeof key === 'number' ? `${model.list.itemLabel} ${key + 1}` : `"${key}"`);
      model = typeof key === 'number' ? model.list.item : model.record.value;
    } else if (model.kind === 'json-schema') {
      // `properties.<argument>.…`: the argument by its name; anything else is about the schema as a whole.
      const argument = key === 'properties' ? path[index + 1] : undefined;
      if (argument !== undefined) labels.push(`"${argument}"`);
      return labels.join(' › ') || null;
    } else if (model.kind === 'whatsapp-interactive') {
      // `buttons[0].title`: the button by its number; the widget shows the rest beside the part.
      if (typeof key === 'number') labels.push(`Button ${key + 1}`);
      return labels.join(' › ') || null;
    } else if (model.kind === 'whatsapp-template' || model.kind === 'condition' || model.kind === 'json') {
      // Widgets that draw their inside themselves: the widget's label is precise enough.
      return labels.join(' › ') || null;
    } else return labels.length > 0 ? labels.join(' › ') : null;
  }
  return labels.join(' › ') || null;
}
