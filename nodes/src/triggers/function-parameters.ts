/**
 * The JSON Schema of an in-call function's arguments (`call.function`'s `parameters`): the
 * design-time check that it is an object schema a voice platform can register (OpenAI's
 * function-calling format), the run-time check of the arguments an agent sends, and sample
 * arguments for test runs. Validation is ajv (JSON Schema draft-07, the dialect OpenAI's tool
 * definitions are written in), strict about unknown keywords so a typo (`requried`) is a
 * problem rather than a silently ignored rule; types are never coerced (`"499"` is not a number).
 * Its `pattern`s run in RE2's linear-time engine (`linearRegExp`), never in V8's backtracking one:
 * the arguments come from a caller, and `^(a+)+$` must not hold the API thread.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sampleArguments as sharedSampleArguments } from '@switchboard/shared';
import { ajvRegExp, linearRegExpOrNull, regExpProblem } from '../sdk/linear-regexp';
import type { ConfigProblem } from '../sdk/problems';

/** An argument name, so `{{trigger.arguments.<name>}}` reads it. */
const ARGUMENT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Larger schemas are not what a voice agent should be reading mid-call. */
export const MAX_PARAMETERS_CHARS = 16_000;

/** A new ajv per schema: a user's `$id` cannot collide with another flow's, and nothing accumulates. */
function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, verbose: true, code: { regExp: ajvRegExp } });
  addFormats(ajv);
  return ajv;
}

/**
 * Every problem of a `parameters` schema, with fields relative to it (`properties.amount.type`):
 * the root must be `type: object`, each property a schema named like a variable, every
 * `required` name a property, and the whole a valid draft-07 schema.
 *
 * @example parametersProblems({ type: 'object', properties: { amount: { type: 'money' } } }) // [{ field: 'properties.amount.type', … }]
 */
export function parametersProblems(schema: unknown): ConfigProblem[] {
  if (!isRecord(schema)) return [{ field: '', message: 'Enter a JSON Schema object, e.g. { "type": "object", "properties": { … } }' }];
  const problems: ConfigProblem[] = [];
  if (JSON.stringify(schema).length > MAX_PARAMETERS_CHARS) problems.push({ field: '', message: `Keep the schema under ${MAX_PARAMETERS_CHARS} characters` });
  if (schema.type !== 'object') problems.push({ field: 'type', message: 'The arguments are an object: set "type": "object"' });
  const properties = schema.properties ?? {};
  if (!isRecord(properties)) {
    problems.push({ field: 'properties', message: 'List the arguments as an object: { "amount": { "type": "number" } }' });
  } else {
    for (const [name, property] of Object.entries(properties)) {
      if (!ARGUMENT_NAME.test(name)) problems.push({ field: `properties.${name}`, message: 'Name arguments with letters, digits and _, not starting with a digit' });
      if (!isRecord(property)) problems.push({ field: `properties.${name}`, message: 'Describe the argument with a schema, e.g. { "type": "string" }' });
    }
  }
  const required = schema.required;
  if (required !== undefined) {
    if (!Array.isArray(required) || required.some((name) => typeof name !== 'string')) {
      problems.push({ field: 'required', message: 'List the required arguments by name, e.g. ["amount"]' });
    } else if (isRecord(properties)) {
      for (const name of required as string[]) if (!(name in properties)) problems.push({ field: 'required', message: `"${name}" is required but not among the properties` });
    }
  }
  if (problems.length > 0) return problems;
  const patterns = patternProblems(schema);
  if (patterns.length > 0) return patterns;

  const ajv = newAjv();
  if (!ajv.validateSchema(schema)) {
    // The meta-schema reports one mistake several ways (an unknown type fails enum, array and anyOf): one problem per field.
    const byField = new Map<string, string>();
    for (const error of ajv.errors ?? []) {
      const field = pointerToField(error.instancePath);
      const message = /(^|\.)type$/.test(field) ? `Use one of ${Object.keys(TYPE_WORDS).join(', ')}` : `Not a valid JSON Schema: ${error.message ?? error.keyword}`;
      if (!byField.has(field)) byField.set(field, message);
    }
    return [...byField].map(([field, message]) => ({ field, message }));
  }
  try {
    ajv.compile(schema);
  } catch (error) {
    return [{ field: '', message: `Not a usable JSON Schema: ${(error as Error).message}` }];
  }
  return [];
}

/** Keywords whose values are data, not schemas: a `pattern` key inside them is no pattern. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'description', 'title']);

/**
 * Every `pattern` and `patternProperties` key of a schema that RE2 cannot run (a backreference,
 * a lookaround), each at its place (`properties.code.pattern`), with its JSON pointer in the
 * message: refused when the flow is saved rather than run natively.
 */
function patternProblems(schema: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, String(index)]));
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      if (key === 'pattern' && typeof value === 'string') report(value, [...path, key]);
      if (key === 'patternProperties' && isRecord(value)) for (const name of Object.keys(value)) report(name, [...path, key, name]);
      visit(value, [...path, key]);
    }
  };
  const report = (pattern: string, path: string[]) => {
    const problem = regExpProblem(pattern);
    if (!problem) return;
    const pointer = `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
    problems.push({ field: path.join('.'), message: `The pattern at ${pointer} ${problem}; write it without backreferences and lookarounds` });
  };
  visit(schema, []);
  return problems;
}

/** A problem of the arguments an agent sent; `field` is a path into them (`amount`, `items[0].sku`). */
export interface ArgumentProblem {
  field: string;
  message: string;
}

const validators = new WeakMap<object, ValidateFunction>();

/**
 * Checks arguments against a `parameters` schema that passed `parametersProblems`; returns every
 * problem (none: valid). The compiled validator is kept per schema object, so a flow version's
 * parsed config compiles once.
 *
 * @example argumentProblems(schema, { amount: '499' }) // [{ field: 'amount', message: 'must be a number, not text ("499")' }]
 */
export function argumentProblems(schema: Record<string, unknown>, args: unknown): ArgumentProblem[] {
  let validate = validators.get(schema);
  if (!validate) {
    try {
      validate = newAjv().compile(schema);
    } catch (error) {
      // A schema saved before its pattern was refused (parametersProblems refuses it now): the
      // arguments cannot be checked, and are not taken unchecked.
      return [{ field: '', message: `cannot be checked: the function's parameters are not usable (${(error as Error).message}); fix them in the flow` }];
    }
    validators.set(schema, validate);
  }
  if (validate(args)) return [];
  const problems = (validate.errors ?? []).map(describeError);
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeError(error: ErrorObject): ArgumentProblem {
  const at = pointerToField(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: join(at, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: join(at, String(params.additionalProperty)), message: at === '' ? 'is not a parameter of this function' : 'is not allowed here' };
    case 'type': {
      const expected = String(params.type).split(',').map((type) => TYPE_WORDS[type] ?? type).join(' or ');
      return { field: at, message: `must be ${expected}, not ${describeValue(error.data)}` };
    }
    case 'enum':
      return { field: at, message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
    default:
      return { field: at, message: error.message ?? `does not satisfy ${error.keyword}` };
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return 'an object';
}

/** `/items/0/sku` → `items[0].sku` (JSON Pointer escapes undone). */
function pointerToField(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : join(field, part)), '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

/**
 * Sample arguments of a `parameters` schema, the editor's example call's (shared) with the
 * patterns tried in the linear-time engine.
 */
export function sampleArguments(schema: unknown): Record<string, unknown> {
  return sharedSampleArguments(schema, { regExp: linearRegExpOrNull });
}
