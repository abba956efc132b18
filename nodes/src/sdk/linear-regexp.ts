/**
 * Regular expressions a user wrote (a JSON Schema `pattern`), run in RE2's linear-time engine
 * (re2js) instead of V8's backtracking one: `^(a+)+$` against 50,000 a's and a `!` answers at
 * once instead of holding the API thread for ever. RE2 cannot run backreferences or lookarounds;
 * such a pattern is refused when it is entered (`regExpProblem`), never run natively.
 */
import { RE2JS } from 're2js';

/** What ajv and our callers need of a compiled pattern. */
export interface LinearRegExp {
  /** Whether the pattern matches anywhere in `text` (like `RegExp.prototype.test`). */
  test(text: string): boolean;
  toString(): string;
}

/**
 * Compiles an ECMAScript pattern (as JSON Schema writes them: `\u00e9`, `(?<name>…)`, `[^]`) for
 * RE2; throws when RE2 cannot run it.
 *
 * @example linearRegExp('^[A-Z]{3}-\\d+$').test('REF-20481') // true
 */
export function linearRegExp(pattern: string): LinearRegExp {
  const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
  return { test: (text) => compiled.test(text), toString: () => `/${pattern}/` };
}

/**
 * Why RE2 cannot run `pattern`, in words for the person who wrote it; null when it can.
 *
 * @example regExpProblem('(a)\\1') // 'uses a backreference (\\1), which …'
 */
export function regExpProblem(pattern: string): string | null {
  try {
    linearRegExp(pattern);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    if (/\\[1-9]|\\k</.test(pattern)) return `uses a backreference, which the linear-time pattern engine cannot run (${reason})`;
    if (/\(\?<?[=!]/.test(pattern)) return `uses a lookahead or lookbehind, which the linear-time pattern engine cannot run (${reason})`;
    return `is not a pattern the linear-time engine can run: ${reason}`;
  }
}

/** `linearRegExp` as ajv's `code.regExp` (ajv passes its `u` flag, which RE2 needs not: it is always Unicode-aware). */
export const ajvRegExp = Object.assign((pattern: string, _flags: string) => linearRegExp(pattern), { code: 'linearRegExp' });

/** `linearRegExp`, or null when RE2 cannot run the pattern. */
export function linearRegExpOrNull(pattern: string): LinearRegExp | null {
  try {
    return linearRegExp(pattern);
  } catch {
    return null;
  }
}
