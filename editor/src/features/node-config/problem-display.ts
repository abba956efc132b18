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

/**
 * A problem message with step titles instead of step ids: validation names steps by id
 * ("send_template is not connected to the trigger call_completed"), which people never see on
 * the canvas. Whole words only, longest ids first, so `send_2` is never half-replaced by `send`.
 */
export function withStepTitles(message: string, titles: ReadonlyMap<string, string>): string {
  const ids = [...titles.keys()].filter((id) => id !== '' && titles.get(id) !== id).sort((a, b) => b.length - a.length);
  if (ids.length === 0) return message;
  const pattern = new RegExp(`(?<![\\w.{-])(${ids.map(escape).join('|')})(?![\\w}-]|\\.\\w)`, 'g');
  return message.replace(pattern, (id) => `“${titles.get(id)}”`);
}

/** Each step's title as the canvas shows it: its name, else its type's title, else its id. */
export function stepTitles(nodes: ReadonlyArray<{ id: string; type: string; typeVersion?: number; name?: string }>, titleOf: (type: string, typeVersion?: number) => string | undefined): Map<string, string> {
  return new Map(nodes.map((node) => [node.id, node.name?.trim() || titleOf(node.type, node.typeVersion) || node.id]));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
