import Mustache from 'mustache';
import { StepError } from '../errors/codes';
import { errorMessage } from '../util/is-record';

/** A mustache token: `[type, value, start, end, children?, closeIndex?]` (children only for `#` and `^`). */
export type TemplateToken = [type: string, value: string, start: number, end: number, children?: TemplateToken[], closeIndex?: number];

const TAGS: [string, string] = ['{{', '}}'];
const CACHE_LIMIT = 2000;

// A private writer, so nothing here depends on or changes mustache's global tags or cache.
const writer = new Mustache.Writer();
// Its own cache never forgets; ours below is bounded (every distinct template string is a key).
(writer as unknown as { templateCache: undefined }).templateCache = undefined;
const cache = new Map<string, TemplateToken[]>();

/** True when the string may contain a tag; strings without `{{` are plain text and never parsed. */
export function hasTags(text: string): boolean {
  return text.includes(TAGS[0]);
}

/** Parses (and caches) a template; throws `StepError('CONFIG_INVALID')` on a syntax error. */
export function parseTemplate(template: string): TemplateToken[] {
  const cached = cache.get(template);
  if (cached) return cached;
  let tokens: TemplateToken[];
  try {
    tokens = writer.parse(template, TAGS) as TemplateToken[];
  } catch (error) {
    throw new StepError('CONFIG_INVALID', `the template ${JSON.stringify(shorten(template))} is not valid: ${errorMessage(error)}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(template, tokens);
  return tokens;
}

/**
 * The syntax problem of a template (an unclosed tag or section), or null; for config validation.
 *
 * @example checkTemplate('Hi {{name') // 'the template "Hi {{name" is not valid: Unclosed tag at 9'
 */
export function checkTemplate(template: string): string | null {
  if (!hasTags(template)) return null;
  try {
    parseTemplate(template);
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
