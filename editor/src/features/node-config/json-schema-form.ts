/**
 * The arguments of an in-call function (`x-widget: json-schema`, a JSON Schema object) as the
 * rows of a form, and the edits the form makes. The schema stays the source of truth: reading
 * it gives rows, and every edit is a pure function from schema to schema that touches only the
 * keywords it is about, so whatever the form does not draw (a `pattern`, `examples`, a `$comment`,
 * a nested object) survives every edit and the JSON view. Arguments have no order to edit: the
 * engine stores flows as jsonb, which keeps an object's keys in an order of its own.
 */

export type ArgumentType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'custom';
/** What a list argument holds, when the form draws it. */
export type ItemType = 'string' | 'number' | 'integer' | 'boolean';

export interface ArgumentRow {
  name: string;
  type: ArgumentType;
  /** A list's items (`array` only). */
  itemType?: ItemType;
  description: string;
  required: boolean;
  /** The choices of an `enum` argument. */
  choices: string[];
  /** Keywords the form keeps without drawing, as `keyword value` (`minimum 1`); edited in the JSON view. */
  extras: string[];
}

export interface ParametersForm {
  /** The form can draw this schema; otherwise it is edited as JSON, and `reason` says why. */
  drawable: boolean;
  reason?: string;
  rows: ArgumentRow[];
  /** `additionalProperties: false`: arguments not listed are refused (400). */
  closed: boolean;
}

export type JsonObject = Record<string, unknown>;

/** Which types the form offers, in its order, with their labels. */
export const ARGUMENT_TYPES: ReadonlyArray<{ value: Exclude<ArgumentType, 'custom'>; label: string }> = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'integer', label: 'Whole number' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'enum', label: 'One of a list' },
  { value: 'array', label: 'List' },
  { value: 'object', label: 'Object (JSON)' },
];

export const ITEM_TYPES: ReadonlyArray<{ value: ItemType; label: string }> = [
  { value: 'string', label: 'text' },
  { value: 'number', label: 'numbers' },
  { value: 'integer', label: 'whole numbers' },
  { value: 'boolean', label: 'yes / no' },
];

/** What `{{trigger.arguments.<name>}}` can read, as the engine checks it. */
export const ARGUMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The schema of a function that takes no arguments (the trigger's default). */
export const EMPTY_PARAMETERS: JsonObject = { type: 'object', properties: {} };

/** Keywords that combine or reference schemas: the form cannot draw such an argument. */
const COMPOSITE = ['anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else', '$ref'];
/** Keywords that belong to one type and go when the type changes. */
const TYPE_KEYWORDS: Record<string, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format', 'contentMediaType', 'contentEncoding'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems', 'contains'],
  object: ['properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties', 'dependencies'],
};

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema's arguments, in order. */
function propertiesOf(schema: JsonObject): JsonObject {
  return isObject(schema.properties) ? schema.properties : {};
}

function requiredOf(schema: JsonObject): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
}

/**
 * The form's view of a `parameters` schema.
 *
 * @example parametersForm({ type: 'object', properties: { amount: { type: 'number', minimum: 1 } }, required: ['amount'] }).rows[0] // { name: 'amount', type: 'number', required: true, extras: ['minimum 1'], … }
 */
export function parametersForm(schema: unknown): ParametersForm {
  if (!isObject(schema)) return { drawable: false, reason: 'The parameters are not a JSON object.', rows: [], closed: false };
  if (schema.properties !== undefined && !isObject(schema.properties)) return { drawable: false, reason: '“properties” is not an object.', rows: [], closed: false };
  const properties = propertiesOf(schema);
  const odd = Object.entries(properties).find(([, property]) => !isObject(property));
  if (odd) return { drawable: false, reason: `The argument “${odd[0]}” is not described by a schema object.`, rows: [], closed: false };
  const required = new Set(requiredOf(schema));
  const rows = Object.entries(properties).map(([name, property]) => rowOf(name, property as JsonObject, required.has(name)));
  return { drawable: true, rows, closed: schema.additionalProperties === false };
}

function rowOf(name: string, property: JsonObject, required: boolean): ArgumentRow {
  const type = argumentType(property);
  const drawn = new Set(['type', 'description']);
  if (type === 'enum') drawn.add('enum');
  if (type === 'array') drawn.add('items');
  const extras =
    type === 'object' || type === 'custom'
      ? []
      : Object.entries(property)
          .filter(([keyword]) => !drawn.has(keyword))
          .map(([keyword, value]) => `${keyword} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return {
    name,
    type,
    ...(type === 'array' ? { itemType: itemTypeOf(property) ?? 'string' } : {}),
    description: typeof property.description === 'string' ? property.description : '',
    required,
    choices: type === 'enum' ? (property.enum as string[]) : [],
    extras,
  };
}

/**
 * The form's type of an argument's schema; `custom` for what it cannot draw (a union, a
 * reference, choices that are not text, a list of objects).
 */
export function argumentType(property: JsonObject): ArgumentType {
  if (COMPOSITE.some((keyword) => keyword in property) || Array.isArray(property.type)) return 'custom';
  if ('enum' in property) {
    const choices = property.enum;
    return Array.isArray(choices) && choices.every((choice) => typeof choice === 'string') && (property.type === undefined || property.type === 'string') ? 'enum' : 'custom';
  }
  switch (property.type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return property.type;
    case 'array':
      return property.items === undefined || itemTypeOf(property) !== null ? 'array' : 'custom';
    case 'object':
      return 'object';
    default:
      return 'custom';
  }
}

/** A list's item type when the items are one plain type (`{ type: 'string' }`), else null. */
function itemTypeOf(property: JsonObject): ItemType | null {
  const items = property.items;
  if (items === undefined) return 'string';
  if (!isObject(items)) return null;
  const keys = Object.keys(items).filter((key) => key !== 'description');
  if (keys.length !== 1 || keys[0] !== 'type') return null;
  return ITEM_TYPES.some((option) => option.value === items.type) ? (items.type as ItemType) : null;
}

/** A copy of `schema` with `properties` replaced, in the order given. */
function withProperties(schema: JsonObject, properties: Array<[string, JsonObject]>): JsonObject {
  return { ...schema, properties: Object.fromEntries(properties) };
}

/** A copy of `schema` with one argument's schema changed by `edit`. */
function editProperty(schema: JsonObject, name: string, edit: (property: JsonObject) => JsonObject): JsonObject {
  const properties = propertiesOf(schema);
  const before = properties[name];
  if (!isObject(before)) return schema;
  const after = edit(before);
  if (after === before) return schema;
  return withProperties(
    schema,
    Object.entries(properties).map(([key, property]) => [key, key === name ? after : (property as JsonObject)]),
  );
}

/** `required` as given, or the keyword removed when it would be empty. */
function withRequired(schema: JsonObject, required: string[]): JsonObject {
  const { required: _old, ...rest } = schema;
  return required.length > 0 ? { ...rest, required } : rest;
}

/**
 * A fresh argument name: `argument_1`, `argument_2`, … (unused).
 *
 * @example newArgumentName({ properties: { argument_1: {} } }) // 'argument_2'
 */
export function newArgumentName(schema: JsonObject): string {
  const taken = propertiesOf(schema);
  for (let i = Object.keys(taken).length + 1; ; i++) if (!(`argument_${i}` in taken)) return `argument_${i}`;
}

/** Adds a required text argument at the end; returns the schema and the new argument's name. */
export function addArgument(schema: JsonObject): { schema: JsonObject; name: string } {
  const name = newArgumentName(schema);
  const base = { ...schema, type: schema.type ?? 'object' };
  const next = withProperties(base, [...Object.entries(propertiesOf(schema)) as Array<[string, JsonObject]>, [name, { type: 'string' }]]);
  return { schema: withRequired(next, [...requiredOf(schema), name]), name };
}

export function removeArgument(schema: JsonObject, name: string): JsonObject {
  const entries = Object.entries(propertiesOf(schema)).filter(([key]) => key !== name) as Array<[string, JsonObject]>;
  const next = withProperties(schema, entries);
  return 'required' in schema ? withRequired(next, requiredOf(schema).filter((key) => key !== name)) : next;
}

/** Renames an argument in place (its position and `required` follow); a name already taken leaves the schema as it is. */
export function renameArgument(schema: JsonObject, from: string, to: string): JsonObject {
  const properties = propertiesOf(schema);
  if (from === to || !(from in properties) || to in properties) return schema;
  const next = withProperties(
    schema,
    Object.entries(properties).map(([key, property]) => [key === from ? to : key, property as JsonObject]),
  );
  return 'required' in schema ? { ...next, required: requiredOf(schema).map((key) => (key === from ? to : key)) } : next;
}

export function setArgumentRequired(schema: JsonObject, name: string, required: boolean): JsonObject {
  const current = requiredOf(schema);
  if (required === current.includes(name)) return schema;
  if (required) return withRequired(schema, [...current, name]);
  return withRequired(schema, current.filter((key) => key !== name));
}

/** Sets the description the agent reads; empty removes it. */
export function setArgumentDescription(schema: JsonObject, name: string, description: string): JsonObject {
  return editProperty(schema, name, (property) => {
    if (description !== '') return { ...property, description };
    const { description: _old, ...rest } = property;
    return rest;
  });
}

/**
 * Changes an argument's type: keeps its description and the keywords of no particular type
 * (`title`, `$comment`). Between number and whole number the rules stay; to another kind
 * of value, what belonged to the old type goes (a `pattern` on what is now a number), and so do
 * values that do not fit the new type (`default`, `const`, `examples`; `enum` unless it is
 * choices of text becoming "one of a list").
 */
export function setArgumentType(schema: JsonObject, name: string, type: Exclude<ArgumentType, 'custom'>, itemType: ItemType = 'string'): JsonObject {
  return editProperty(schema, name, (property) => {
    const current = argumentType(property);
    if (current === type && (type !== 'array' || itemTypeOf(property) === itemType)) return property;
    const dropped = new Set<string>(['type', 'items', 'enum']);
    if (familyOf(current) !== familyOf(type)) {
      for (const keyword of COMPOSITE) dropped.add(keyword);
      for (const [family, keywords] of Object.entries(TYPE_KEYWORDS)) if (family !== familyOf(type)) for (const keyword of keywords) dropped.add(keyword);
    }
    const fits = (value: unknown) => fitsType(value, type, itemType);
    if ('default' in property && !fits(property.default)) dropped.add('default');
    if ('const' in property && !fits(property.const)) dropped.add('const');
    if ('examples' in property && !(Array.isArray(property.examples) && property.examples.every(fits))) dropped.add('examples');
    const typed: JsonObject = { type: type === 'enum' ? 'string' : type, ...Object.fromEntries(Object.entries(property).filter(([keyword]) => !dropped.has(keyword))) };
    if (type === 'enum') typed.enum = Array.isArray(property.enum) && property.enum.every((choice) => typeof choice === 'string') ? property.enum : [];
    if (type === 'array') typed.items = { type: itemType };
    if (type === 'object' && !('properties' in typed)) typed.properties = {};
    return typed;
  });
}

/** Types whose keywords carry over to each other: only number and whole number. */
function familyOf(type: ArgumentType): string {
  return type === 'integer' ? 'number' : type;
}

/** Whether a value (a default, an example) is one of the new type. */
function fitsType(value: unknown, type: Exclude<ArgumentType, 'custom'>, itemType: ItemType): boolean {
  switch (type) {
    case 'string':
    case 'enum':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && value.every((item) => fitsType(item, itemType, itemType));
    case 'object':
      return isObject(value);
  }
}

/** The choices of an `enum` argument, in order (blank ones kept while they are being typed). */
export function setArgumentChoices(schema: JsonObject, name: string, choices: string[]): JsonObject {
  return editProperty(schema, name, (property) => ({ ...property, enum: choices }));
}

/**
 * Replaces an argument's schema from its JSON (the form's "object" and "custom" arguments); the
 * description, drawn by the form, is kept unless the JSON sets one.
 */
export function setArgumentSchema(schema: JsonObject, name: string, next: JsonObject): JsonObject {
  return editProperty(schema, name, (property) => (typeof property.description === 'string' && !('description' in next) ? { ...next, description: property.description } : next));
}

/** An argument's schema as its JSON editor shows it: without the description the form draws. */
export function argumentJson(schema: JsonObject, name: string): JsonObject {
  const property = propertiesOf(schema)[name];
  if (!isObject(property)) return {};
  const { description: _description, ...rest } = property;
  return rest;
}

/** `additionalProperties: false` on (arguments not listed are refused) or removed. */
export function setClosed(schema: JsonObject, closed: boolean): JsonObject {
  const { additionalProperties: _old, ...rest } = schema;
  return closed ? { ...rest, additionalProperties: false } : rest;
}
