import type { GraphProblem } from '@switchboard/shared';
import { useMemo } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { stepTitles, withStepTitles } from './problem-display';
import { configPathOf, domId, type Path } from './field-paths';
import { labelAt, type ObjectModel } from './schema-model';

const NODE_FIELDS: Record<string, string> = { id: 'Node ID', type: 'Node type', typeVersion: 'Node version', retry: 'Retries', config: 'Settings' };

/** Where a problem points, for people: the form's labels for config fields. */
export function problemLabel(problem: GraphProblem, model: ObjectModel | null): string {
  const path = configPathOf(problem.field);
  if (path && path.length > 0) {
    if (path[0] === 'retry') return path[1] === 'backoffMs' ? 'Retries › Backoff (ms)' : 'Retries › Attempts';
    return (model && labelAt(model, path)) ?? problem.field.replace(/^config\./, '');
  }
  // Canvas lines are links: "connection" means an account (a WhatsApp sender, an AI model).
  if (problem.field.startsWith('edges')) return 'Links';
  return NODE_FIELDS[problem.field] ?? problem.field;
}

/** Focuses the control of a config path, or the closest enclosing one the form draws. */
export function focusField(nodeId: string, path: Path): void {
  for (let length = path.length; length >= 0; length--) {
    const prefix = path.slice(0, length);
    const element = document.getElementById(domId(nodeId, prefix)) ?? document.getElementById(domId(nodeId, prefix, 'group'));
    if (!element || length === 0) continue;
    const details = element.closest('details');
    if (details && !details.open) details.open = true;
    const target = element.matches('input, select, textarea, button') ? element : (element.querySelector<HTMLElement>('input, select, textarea, button') ?? element);
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target.focus({ preventScroll: true });
    return;
  }
}

/** The node's problems at the top of the panel; each leads to its field. */
export function ProblemList({ nodeId, problems, model }: { nodeId: string; problems: readonly GraphProblem[]; model: ObjectModel | null }) {
  const nodes = useFlowEditor((state) => state.graph.nodes);
  const titles = useMemo(() => stepTitles(nodes, (type, typeVersion) => describe(type, typeVersion)?.title), [nodes]);
  if (problems.length === 0) return null;
  return (
    <section className="nc-problems" aria-labelledby={`nc-${nodeId}-problems`}>
      <h3 id={`nc-${nodeId}-problems`}>
        {problems.length === 1 ? '1 thing to fix' : `${problems.length} things to fix`} before publishing
      </h3>
      <ul>
        {problems.map((problem, index) => {
          const path = configPathOf(problem.field);
          const label = problemLabel(problem, model);
          return (
            <li key={`${problem.field}-${index}`}>
              {path && path.length > 0 ? (
                <button type="button" className="link-button" onClick={() => focusField(nodeId, path)}>
                  {label}
                </button>
              ) : (
                <strong>{label}</strong>
              )}
              : {withStepTitles(problem.message, titles)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
