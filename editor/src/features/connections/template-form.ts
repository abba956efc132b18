import {
  createTemplateSchema,
  placeholdersOf,
  renderExample,
  templateParameters,
  type CreateTemplateInput,
  TEMPLATE_BUTTON_TYPES,
  TEMPLATE_CATEGORIES,
  TEMPLATE_HEADER_FORMATS,
} from '@switchboard/shared';

/*
 * The "New template" form as pure state: what it sends, what it shows as a preview and which
 * field each problem belongs to. The checks are the engine's own (`createTemplateSchema`), so the
 * form refuses exactly what the API would, before a round trip.
 */

export type HeaderChoice = 'NONE' | (typeof TEMPLATE_HEADER_FORMATS)[number];

export interface ButtonDraft {
  type: (typeof TEMPLATE_BUTTON_TYPES)[number];
  text: string;
  url: string;
  phoneNumber: string;
}

export interface TemplateDraft {
  name: string;
  category: (typeof TEMPLATE_CATEGORIES)[number];
  language: string;
  parameterFormat: 'positional' | 'named';
  header: HeaderChoice;
  headerText: string;
  /** TEXT: its parameter's example; media: an example URL or handle. */
  headerExample: string;
  body: string;
  /** By parameter (`1`, `2` or the name): kept when the body changes, so retyping loses nothing. */
  examples: Record<string, string>;
  footer: string;
  buttons: ButtonDraft[];
}

export const EMPTY_DRAFT: TemplateDraft = {
  name: '',
  category: 'UTILITY',
  language: 'en',
  parameterFormat: 'positional',
  header: 'NONE',
  headerText: '',
  headerExample: '',
  body: '',
  examples: {},
  footer: '',
  buttons: [],
};

/** The body's parameters the form asks an example for, in the order the send node fills them. */
export function detectedParameters(draft: TemplateDraft): string[] {
  return templateParameters(draft.body, draft.parameterFormat);
}

/** Whether the header text has a parameter (then it needs an example). */
export function headerHasParameter(draft: TemplateDraft): boolean {
  return draft.header === 'TEXT' && placeholdersOf(draft.headerText).length > 0;
}

/** The request body of `POST /api/connections/:id/templates`. */
export function toRequest(draft: TemplateDraft): CreateTemplateInput {
  const parameters = detectedParameters(draft);
  const bodyExamples =
    draft.parameterFormat === 'positional'
      ? parameters.map((name) => draft.examples[name] ?? '')
      : Object.fromEntries(parameters.map((name) => [name, draft.examples[name] ?? '']));
  return {
    name: draft.name.trim(),
    category: draft.category,
    language: draft.language.trim(),
    parameterFormat: draft.parameterFormat,
    ...(draft.header === 'NONE'
      ? {}
      : { header: { format: draft.header, ...(draft.header === 'TEXT' ? { text: draft.headerText } : {}), ...(draft.headerExample.trim() ? { example: draft.headerExample.trim() } : {}) } }),
    body: draft.body,
    bodyExamples,
    ...(draft.footer.trim() ? { footer: draft.footer } : {}),
    buttons: draft.buttons.map((button) => ({
      type: button.type,
      text: button.text,
      ...(button.type === 'URL' ? { url: button.url.trim() } : {}),
      ...(button.type === 'PHONE_NUMBER' ? { phoneNumber: button.phoneNumber.trim() } : {}),
    })),
  };
}

/**
 * Every problem of the draft by form field: `name`, `body`, `example:<parameter>`,
 * `header.text`, `button:<index>:url`, … (a field the form has no input for goes under its
 * top-level name). Empty when the API would accept it.
 */
export function draftProblems(draft: TemplateDraft): Record<string, string> {
  const result = createTemplateSchema.safeParse(toRequest(draft));
  if (result.success) return {};
  const parameters = detectedParameters(draft);
  const problems: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = formField(issue.path.map(String), parameters);
    problems[key] ??= issue.message;
  }
  return problems;
}

/** A field of the API's answer (`bodyExamples[1]`, `buttons[0].url`) as the form's field key. */
export function fieldOfApi(field: string, draft: TemplateDraft): string {
  return formField(field.replace(/\[(\w+)\]/g, '.$1').split('.'), detectedParameters(draft));
}

function formField(path: string[], parameters: string[]): string {
  const [head, second, third] = path;
  if (head === 'bodyExamples' && second !== undefined) {
    // Positional examples are a list: index 0 is {{1}}.
    return `example:${/^\d+$/.test(second) && parameters.includes(String(Number(second) + 1)) ? String(Number(second) + 1) : second}`;
  }
  if (head === 'header' && second) return `header.${second}`;
  if (head === 'buttons' && second !== undefined && /^\d+$/.test(second)) return `button:${second}:${third ?? 'text'}`;
  return head ?? 'form';
}

export interface TemplatePreview {
  header: string | null;
  /** IMAGE, VIDEO or DOCUMENT: a media placeholder is shown. */
  media: string | null;
  body: string;
  footer: string | null;
  buttons: string[];
}

/** What the customer would see, with the examples filled in. */
export function previewOf(draft: TemplateDraft): TemplatePreview {
  const examples = draft.parameterFormat === 'positional' ? detectedParameters(draft).map((name) => draft.examples[name] ?? '') : draft.examples;
  const headerParameter = placeholdersOf(draft.headerText)[0];
  const headerExamples = draft.parameterFormat === 'positional' ? [draft.headerExample] : headerParameter ? { [headerParameter]: draft.headerExample } : {};
  return {
    header: draft.header === 'TEXT' && draft.headerText ? renderExample(draft.headerText, headerExamples, draft.parameterFormat) : null,
    media: draft.header !== 'NONE' && draft.header !== 'TEXT' ? draft.header : null,
    body: renderExample(draft.body, examples, draft.parameterFormat),
    footer: draft.footer.trim() ? draft.footer : null,
    buttons: draft.buttons.map((button) => button.text),
  };
}
