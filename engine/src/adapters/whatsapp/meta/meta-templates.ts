import type { ProviderTemplate } from '../whatsapp-provider';

/** A template object in Meta's format (Meta, Heltar and AiSensy's Project API all list these). */
export interface MetaTemplateObject {
  id?: unknown;
  name?: unknown;
  language?: unknown;
  status?: unknown;
  category?: unknown;
  parameter_format?: unknown;
  components?: unknown;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Reduces a Meta-format template to what the engine needs; null when it has no name (not a
 * template). Named parameters come in order of first appearance in the body, positional ones
 * as `['1', '2', …]` sorted by number.
 */
export function toProviderTemplate(raw: unknown): ProviderTemplate | null {
  if (!raw || typeof raw !== 'object') return null;
  const template = raw as MetaTemplateObject;
  if (typeof template.name !== 'string' || template.name === '') return null;
  const bodyComponent = components(template).find((component) => upper(component.type) === 'BODY');
  const body = typeof bodyComponent?.text === 'string' ? bodyComponent.text : null;
  const placeholders = body ? unique([...body.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '')) : [];
  const named = isNamed(template.parameter_format, placeholders);
  return {
    name: template.name,
    language: languageOf(template.language),
    status: upper(template.status) ?? 'UNKNOWN',
    category: upper(template.category) ?? null,
    body,
    parameterFormat: named ? 'named' : 'positional',
    parameters: named ? namedParameters(placeholders, bodyComponent) : positionalParameters(placeholders),
    externalId: typeof template.id === 'string' || typeof template.id === 'number' ? String(template.id) : null,
    components: components(template),
  };
}

// Meta marks named templates with parameter_format NAMED (default POSITIONAL); BSP copies may
// drop the field, so non-numeric placeholders also mean named.
function isNamed(format: unknown, placeholders: string[]): boolean {
  if (upper(format) === 'NAMED') return true;
  if (upper(format) === 'POSITIONAL') return false;
  return placeholders.length > 0 && placeholders.some((name) => !/^\d+$/.test(name));
}

function namedParameters(placeholders: string[], bodyComponent: Record<string, unknown> | undefined): string[] {
  if (placeholders.length > 0) return placeholders;
  // No body text (an odd listing): the example names are the next best source.
  const example = bodyComponent?.example as { body_text_named_params?: unknown } | undefined;
  const params = Array.isArray(example?.body_text_named_params) ? example.body_text_named_params : [];
  return unique(params.map((param: unknown) => (param as { param_name?: unknown })?.param_name).filter((name): name is string => typeof name === 'string'));
}

function positionalParameters(placeholders: string[]): string[] {
  return placeholders.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b));
}

function components(template: MetaTemplateObject): Record<string, unknown>[] {
  return Array.isArray(template.components) ? template.components.filter((c): c is Record<string, unknown> => !!c && typeof c === 'object') : [];
}

// Meta lists `language` as a code string; some BSP payloads nest it as `{ code }`.
function languageOf(language: unknown): string {
  if (typeof language === 'string') return language;
  const code = (language as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function upper(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
