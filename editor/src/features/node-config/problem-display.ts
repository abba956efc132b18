import type { GraphProblem } from '@switchboard/shared';
import { configPathOf, getIn } from './field-paths';

/**
 * A problem message for people: zod's wording for a missing value ("Invalid input: expected
 * string, received undefined") becomes "Required".
 */
export function friendlyMessage(message: string): string {
  if (/^Invalid input: expected \w+, received undefined$/.test(message)) return 'Required';
  return message;
}

/**
 * The problems still worth showing: the engine validated the config saved last, so a problem
 * of a field edited since (`saved` → `current`) may be fixed already; it is hidden until the
 * next save says. Problems not about one config field always show.
 */
export function currentProblems(problems: readonly GraphProblem[], saved: Record<string, unknown>, current: Record<string, unknown>): GraphProblem[] {
  return problems
    .filter((problem) => {
      const path = configPathOf(problem.field);
      if (!path || path.length === 0 || saved === current) return true;
      return JSON.stringify(getIn(saved, path)) === JSON.stringify(getIn(current, path));
    })
    .map((problem) => ({ ...problem, message: friendlyMessage(problem.message) }));
}
