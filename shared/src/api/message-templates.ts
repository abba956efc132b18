import { z } from 'zod';

/*
 * Creating a WhatsApp message template: the request the editor sends, checked against Meta's
 * rules (docs/whatsapp/templates.md) so a template Meta would refuse for its form is refused here
 * with the field named, and the Meta-format components it becomes. Pure: the editor uses the same
 * functions for its live preview and its checks.
 */

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const TEMPLATE_HEADER_FORMATS = ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT'] as const;
export const TEMPLATE_BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER'] as const;
/** Meta's template quality scores (`message_template_quality_update`). */
export const TEMPLATE_QUALITIES = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;

/** Meta's limits (characters), see docs/whatsapp/templates.md. */
export const TEMPLATE_LIMITS = { name: 512, headerText: 60, body: 1024, footer: 60, buttons: 10, buttonText: 25, url: 2000, phoneNumber: 20, urlButtons: 2, phoneButtons: 1 } as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * The placeholders of a text in order of first appearance, as written between the braces.
 *
 * @example placeholdersOf('Hi {{1}}, see you {{2}}') // ['1', '2']
 */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** Why a text's placeholders do not fit the format, or null when they do (positional: 1…n in order of numbers; named: a-z and _). */
export function placeholderProblem(text: string, format: 'positional' | 'named'): string | null {
  const names = placeholdersOf(text);
  if (format === 'positional') {
    const bad = names.find((name) => !/^[1-9]\d*$/.test(name));
    if (bad !== undefined) return `positional parameters are numbers ({{1}}, {{2}} …), not {{${bad}}}`;
    const numbers = names.map(Number).sort((a, b) => a - b);
    const gap = numbers.findIndex((number, index) => number !== index + 1);
    if (gap >= 0) return `parameters are numbered from {{1}} without gaps; {{${gap + 1}}} is missing`;
    return null;
  }
  const bad = names.find((name) => !/^[a-z_]+$/.test(name));
  return bad === undefined ? null : `named parameters use lowercase letters and underscores only, not {{${bad}}}`;
}

/** The parameters a body uses, in the order the send node fills them (positional by number, named in order of appearance). */
export function templateParameters(text: string, format: 'positional' | 'named'): string[] {
  const names = placeholdersOf(text);
  return format === 'positional' ? names.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b)) : names;
}

const nonEmpty = (field: string, max?: number) => {
  const base = z.string({ error: `${field} is required` }).trim().min(1, `${field} is required`);
  return max === undefined ? base : base.max(max, `${field} is at most ${max} characters`);
};

const headerSchema = z.object({
  format: z.enum(TEMPLATE_HEADER_FORMATS, { error: `header.format is one of ${TEMPLATE_HEADER_FORMATS.join(', ')}` }),
  text: z.string().trim().max(TEMPLATE_LIMITS.headerText, `the header is at most ${TEMPLATE_LIMITS.headerText} characters`).optional(),
  /** TEXT: the example value of its one parameter; IMAGE/VIDEO/DOCUMENT: an example media (a URL or an uploaded media handle). */
  example: z.string().trim().max(TEMPLATE_LIMITS.url).optional(),
});

const buttonSchema = z.object({
  type: z.enum(TEMPLATE_BUTTON_TYPES, { error: `type is one of ${TEMPLATE_BUTTON_TYPES.join(', ')}` }),
  text: nonEmpty('text', TEMPLATE_LIMITS.buttonText),
  url: z.string().trim().max(TEMPLATE_LIMITS.url, `url is at most ${TEMPLATE_LIMITS.url} characters`).optional(),
  phoneNumber: z.string().trim().optional(),
});

/** `POST /api/connections/:id/templates`: a new template, submitted to the provider for review. */
export const createTemplateSchema = z
  .object({
    name: nonEmpty('name', TEMPLATE_LIMITS.name).regex(/^[a-z0-9_]+$/, 'name uses lowercase letters, digits and underscores only'),
    category: z.enum(TEMPLATE_CATEGORIES, { error: `category is one of ${TEMPLATE_CATEGORIES.join(', ')}` }),
    language: nonEmpty('language').regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'language is a code such as en, en_US or pt_BR'),
    parameterFormat: z.enum(['positional', 'named'], { error: 'parameterFormat is positional or named' }).default('positional'),
    header: headerSchema.optional(),
    body: nonEmpty('body', TEMPLATE_LIMITS.body),
    /** Positional: one example per parameter in order (`['Anna', 'ORD-1']`); named: by name (`{ first_name: 'Anna' }`). */
    bodyExamples: z.union([z.array(z.string()), z.record(z.string(), z.string())], { error: 'bodyExamples is a list (positional) or an object by name (named)' }).default([]),
    footer: z.string().trim().max(TEMPLATE_LIMITS.footer, `the footer is at most ${TEMPLATE_LIMITS.footer} characters`).optional(),
    buttons: z.array(buttonSchema).max(TEMPLATE_LIMITS.buttons, `at most ${TEMPLATE_LIMITS.buttons} buttons`).default([]),
  })
  .superRefine((input, ctx) => {
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const bodyProblem = placeholderProblem(input.body, input.parameterFormat);
    if (bodyProblem) problem(['body'], bodyProblem);
    const parameters = templateParameters(input.body, input.parameterFormat);
    const examples = input.bodyExamples;
    if (input.parameterFormat === 'positional') {
      if (!Array.isArray(examples)) problem(['bodyExamples'], 'positional parameters take a list of examples, one per parameter in order');
      else {
        if (examples.length !== parameters.length) problem(['bodyExamples'], `the body has ${parameters.length} parameter(s); give exactly one example for each (got ${examples.length})`);
        examples.forEach((example, index) => {
          if (example.trim() === '') problem(['bodyExamples', index], `the example for {{${index + 1}}} is empty`);
        });
      }
    } else if (Array.isArray(examples)) {
      if (parameters.length > 0) problem(['bodyExamples'], 'named parameters take an object of examples by name');
    } else {
      for (const name of parameters) if (!examples[name]?.trim()) problem(['bodyExamples', name], `{{${name}}} needs an example`);
      for (const name of Object.keys(examples)) if (!parameters.includes(name)) problem(['bodyExamples', name], `the body has no {{${name}}}`);
    }
    if (input.header) headerProblems(input.header, input.parameterFormat, problem);
    if (input.footer !== undefined && placeholdersOf(input.footer).length > 0) problem(['footer'], 'the footer cannot have parameters');
    const count = (type: string) => input.buttons.filter((button) => button.type === type).length;
    if (count('URL') > TEMPLATE_LIMITS.urlButtons) problem(['buttons'], `at most ${TEMPLATE_LIMITS.urlButtons} URL buttons`);
    if (count('PHONE_NUMBER') > TEMPLATE_LIMITS.phoneButtons) problem(['buttons'], `at most ${TEMPLATE_LIMITS.phoneButtons} phone number button`);
    input.buttons.forEach((button, index) => {
      if (button.type === 'URL') {
        if (!button.url || !/^https?:\/\/[^\s]+$/.test(button.url)) problem(['buttons', index, 'url'], 'url is an http(s) address');
        else if (placeholdersOf(button.url).length > 0) problem(['buttons', index, 'url'], 'a URL with a parameter is not supported; use a fixed address');
      }
      if (button.type === 'PHONE_NUMBER' && !/^\+?[1-9]\d{6,18}$/.test(button.phoneNumber ?? '')) {
        problem(['buttons', index, 'phoneNumber'], `phoneNumber is an international number such as +14155550123 (at most ${TEMPLATE_LIMITS.phoneNumber} characters)`);
      }
    });
  });

function headerProblems(header: z.output<typeof headerSchema>, format: 'positional' | 'named', problem: (path: (string | number)[], message: string) => void) {
  if (header.format !== 'TEXT') {
    if (!header.example) problem(['header', 'example'], `an ${header.format} header needs an example media (a URL or media handle)`);
    return;
  }
  if (!header.text) return problem(['header', 'text'], 'a text header needs its text');
  const names = placeholdersOf(header.text);
  if (names.length > 1) return problem(['header', 'text'], 'the header has at most one parameter');
  const wrong = placeholderProblem(header.text, format);
  if (wrong) return problem(['header', 'text'], wrong);
  if (names.length === 1 && !header.example?.trim()) problem(['header', 'example'], `the header's {{${names[0]}}} needs an example`);
}

export type CreateTemplateInput = z.input<typeof createTemplateSchema>;
export type CreateTemplateRequest = z.output<typeof createTemplateSchema>;

/** A template component in Meta's format (`HEADER`, `BODY`, `FOOTER`, `BUTTONS`). */
export type MetaTemplateComponent = Record<string, unknown> & { type: string };

/** Meta's create-template request (`POST /{version}/{waba-id}/message_templates`). */
export interface MetaTemplateDefinition {
  name: string;
  language: string;
  category: string;
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: MetaTemplateComponent[];
}

/** The validated request in Meta's format: what is submitted, and what is stored as the template's components. */
export function metaTemplateDefinition(input: CreateTemplateRequest): MetaTemplateDefinition {
  const named = input.parameterFormat === 'named';
  const components: MetaTemplateComponent[] = [];
  if (input.header) {
    const { format, text, example } = input.header;
    if (format === 'TEXT') {
      const [parameter] = placeholdersOf(text ?? '');
      const headerExample =
        parameter === undefined || !example ? {} : { example: named ? { header_text_named_params: [{ param_name: parameter, example }] } : { header_text: [example] } };
      components.push({ type: 'HEADER', format, text: text ?? '', ...headerExample });
    } else {
      components.push({ type: 'HEADER', format, example: { header_handle: [example ?? ''] } });
    }
  }
  const parameters = templateParameters(input.body, input.parameterFormat);
  const examples = input.bodyExamples;
  const bodyExample =
    parameters.length === 0
      ? {}
      : named
        ? { example: { body_text_named_params: parameters.map((name) => ({ param_name: name, example: (examples as Record<string, string>)[name] ?? '' })) } }
        : { example: { body_text: [parameters.map((_, index) => (examples as string[])[index] ?? '')] } };
  components.push({ type: 'BODY', text: input.body, ...bodyExample });
  if (input.footer) components.push({ type: 'FOOTER', text: input.footer });
  if (input.buttons.length > 0) {
    components.push({
      type: 'BUTTONS',
      buttons: input.buttons.map((button) =>
        button.type === 'URL' ? { type: 'URL', text: button.text, url: button.url } : button.type === 'PHONE_NUMBER' ? { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phoneNumber } : { type: 'QUICK_REPLY', text: button.text },
      ),
    });
  }
  return { name: input.name, language: input.language, category: input.category, parameter_format: named ? 'NAMED' : 'POSITIONAL', components };
}

/**
 * A text with its placeholders replaced by examples (for a preview); a placeholder without one stays as written.
 *
 * @example renderExample('Hi {{1}}', ['Anna'], 'positional') // 'Hi Anna'
 */
export function renderExample(text: string, examples: string[] | Record<string, string>, format: 'positional' | 'named'): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = format === 'positional' ? (Array.isArray(examples) ? examples[Number(name) - 1] : undefined) : Array.isArray(examples) ? undefined : examples[name];
    return value ? value : whole;
  });
}
