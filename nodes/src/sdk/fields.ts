/**
 * Field helpers for node config schemas.
 *
 * One schema serves two moments. At design time (publish, `POST /api/flows/validate`) the
 * config is un-rendered: `{{trigger.customer.phone}}` stands where a value will be, so a
 * number or choice field must accept a template, and a field the user must fill in must not
 * be empty. At run time the engine renders every string first, then parses: a numeric
 * string becomes a number, a leftover template in a number field is an error, and an empty
 * rendered recipient reaches `execute`, which fails it with its own code (`RECIPIENT_MISSING`).
 * The catalog runs design-time parses inside `atDesignTime`; everything else is run time.
 *
 * Invariant for refinements: at design time a templated number parses to `NaN` and a
 * templated choice to its template text. Write refinements so that such values pass
 * (comparisons with `NaN` are false, lookups of unknown keys are undefined).
 */
import { z } from 'zod';
import { checkTemplate, isEmptyCondition, validateCondition } from '@switchboard/shared';

const TEMPLATE = /\{\{[\s\S]*?\}\}/;
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the latter splits a run of digits every possible way
// before failing, which takes seconds on a rendered value of a few thousand digits.
const NUMERIC = /^\s*[-+]?(\d+(?:\.\d*)?|\.\d+)\s*$/;
/** JSON Schema of a string holding a `{{ }}` expression, for the editor. */
const TEMPLATE_JSON_SCHEMA = { type: 'string', pattern: TEMPLATE.source } as const;

let designTime = false;

/**
 * Whether `value` holds a `{{ }}` expression, so that only rendering tells its value. What
 * TEMPLATE matches, found without it: unanchored, the pattern scans the rest of the text from
 * every `{{` of a run of them (a rendered value of 40,000 braces took a second).
 */
export function isTemplate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const open = value.indexOf('{{');
  return open >= 0 && value.indexOf('}}', open + 2) >= 0;
}

/**
 * Runs a synchronous parse with design-time rules (templates stand for values, required
 * fields must be filled in). Parsing is synchronous, so the mode cannot leak into another parse.
 *
 * @example atDesignTime(() => definition.config.safeParse(node.config))
 */
export function atDesignTime<T>(parse: () => T): T {
  const previous = designTime;
  designTime = true;
  try {
    return parse();
  } finally {
    designTime = previous;
  }
}

/** Whether a parse runs with design-time rules (inside `atDesignTime`): for refinements that only make sense on un-rendered configs. */
export function isDesignTime(): boolean {
  return designTime;
}

function filledIn(value: string): boolean {
  return !designTime || value.trim() !== '';
}

/** Design time: a template's syntax error (an unclosed `{{`), which rendering would fail on. */
function templateSyntax(value: string, ctx: z.RefinementCtx): void {
  const problem = designTime ? checkTemplate(value) : null;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

export interface NumberOptions {
  min?: number;
  max?: number;
  int?: boolean;
}

function boundedNumber(options: NumberOptions): z.ZodNumber {
  let schema = options.int ? z.int() : z.number();
  if (options.min !== undefined) schema = schema.min(options.min);
  if (options.max !== undefined) schema = schema.max(options.max);
  return schema;
}

/** Fields whose value may be, or (for numbers and choices) be given by, a `{{ }}` template. */
export const templated = {
  /**
   * Text with `{{ }}` expressions. `required`: must be filled in at design time; the rendered
   * value may still be empty, which `execute` reports with its own code.
   */
  string(description: string, options: { required?: boolean; multiline?: boolean } = {}) {
    const text = z.string().superRefine(templateSyntax);
    const schema = options.required ? text.refine(filledIn, 'This field is required') : text;
    return schema.meta({
      description,
      ...(options.required ? { minLength: 1 } : {}),
      ...(options.multiline ? { 'x-widget': 'textarea' } : {}),
    });
  },

  /** A number, or a template that renders to one (`"5"` after rendering becomes 5). */
  number(description: string, options: NumberOptions = {}) {
    const bounded = boundedNumber(options);
    const message = options.int ? 'Enter a whole number or a {{ }} variable' : 'Enter a number or a {{ }} variable';
    return z
      .union([bounded, z.string().refine((value) => NUMERIC.test(value) || isTemplate(value), message).meta({ pattern: `${NUMERIC.source}|${TEMPLATE.source}` })], { error: message })
      .transform((value, ctx): number => {
        if (typeof value === 'number') return value;
        if (isTemplate(value)) {
          if (designTime) return Number.NaN;
          ctx.issues.push({ code: 'custom', message: `"${value}" did not render to a number`, input: value });
          return z.NEVER;
        }
        const parsed = bounded.safeParse(Number(value));
        if (parsed.success) return parsed.data;
        for (const issue of parsed.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, input: value });
        return z.NEVER;
      })
      .meta({ description });
  },

  /** One of `values`, or a template that renders to one. */
  enum<const Values extends readonly [string, ...string[]]>(values: Values, description: string) {
    const choice = z.enum(values);
    const message = `Choose one of ${values.join(', ')}`;
    return z
      .union([choice, z.string().refine(isTemplate, message).meta({ pattern: TEMPLATE.source })], { error: message })
      .transform((value, ctx): Values[number] => {
        const parsed = choice.safeParse(value);
        if (parsed.success) return parsed.data;
        // Design time: the template's text stands for a choice made at run time (see the file's invariant).
        if (designTime) return value as Values[number];
        ctx.issues.push({ code: 'custom', message: `"${value}" did not render to one of ${values.join(', ')}`, input: value });
        return z.NEVER;
      })
      .meta({ description });
  },

  /** An ISO 8601 date-time with a time zone (`2026-11-25T10:30:00+01:00`), or a template that renders to one. */
  dateTime(description: string) {
    const iso = z.iso.datetime({ offset: true });
    return z
      .string()
      .refine((value) => (designTime && isTemplate(value)) || iso.safeParse(value).success, {
        message: 'Enter a date and time with a time zone, such as 2026-11-25T10:30:00Z',
      })
      .meta({ description, anyOf: [{ format: 'date-time' }, TEMPLATE_JSON_SCHEMA] });
  },
};

/**
 * A json-logic condition over the run context (`{ "==": [{ "var": "trigger.connected" }, true] }`);
 * rows built in the editor are stored as `and`. Unless `required`, `null`, `{}` or absent means "no condition".
 */
export function condition(description: string, options: { required?: boolean } = {}) {
  return z
    .unknown()
    .superRefine((rule, ctx) => {
      if (isEmptyCondition(rule)) {
        if (options.required) ctx.addIssue({ code: 'custom', message: 'Add a condition' });
        return;
      }
      for (const message of validateCondition(rule)) ctx.addIssue({ code: 'custom', message });
    })
    .transform((rule): unknown => rule ?? null)
    .meta({ description, 'x-widget': 'condition' });
}

/**
 * A phone number: E.164 (`+14155551234`), a national number when the workspace has a default
 * country, or a template. Checked when the step runs (`INVALID_PHONE`), since only then the
 * rendered number and the workspace's default country are known.
 */
export function phone(description: string) {
  return z.string().superRefine(templateSyntax).refine(filledIn, 'Enter a phone number or a {{ }} variable').meta({ description, minLength: 1, 'x-widget': 'phone' });
}

/** The id of a connection (`POST /api/connections`) whose provider starts with `provider` (`whatsapp`, `ai`, `smtp`). */
export function connection(provider: string, description: string) {
  return z.string().min(1, 'Choose a connection').meta({ description, 'x-widget': 'connection', 'x-provider': provider });
}

/**
 * Text that is not a template (a trigger's own settings, which are never rendered).
 * `required`: must be filled in at design time; give it a `prefault('')` so a new node parses.
 */
export function plainText(description: string, options: { required?: boolean; max?: number; multiline?: boolean } = {}) {
  const text = options.max === undefined ? z.string() : z.string().max(options.max, `Use at most ${options.max} characters`);
  const schema = options.required ? text.refine(filledIn, 'This field is required') : text;
  return schema.meta({
    description,
    ...(options.required ? { minLength: 1 } : {}),
    ...(options.multiline ? { 'x-widget': 'textarea' } : {}),
    // Never rendered: the editor offers no variable picker here.
    'x-templated': false,
  });
}

/** A name later nodes use in `{{steps.<node>.<name>}}`: snake_case. */
export function variableName(description: string) {
  return z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'Use snake_case: lower-case letters, digits and _, starting with a letter')
    .meta({ description });
}
